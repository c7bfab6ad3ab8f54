import io

import jsonschema
import pytest
from django.core.management import call_command

from trials.catalogue.records import trial_record
from trials.importing.synthetic import generate
from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_generate_trials_creates_published_valid_trials(record_schema, client):
    call_command("generate_trials", "30", "--seed", "3", "--batch-size", "7", stdout=io.StringIO(),
                 verbosity=0)  # fmt: skip
    assert Trial.objects.published().count() == 30
    for trial in Trial.objects.for_detail()[:10]:
        record = trial_record(trial)
        jsonschema.validate(record, record_schema)
        assert record["conditions"] and record["interventions"] and record["countries"]
        assert trial.search_document
    response = client.get("/trials/?q=mesenchymal")
    assert response.status_code == 200


def test_generation_is_repeatable_and_realistic():
    first = list(generate(200, seed=5))
    assert first == list(generate(200, seed=5))
    average = lambda values: sum(values) / len(values)  # noqa: E731
    assert 2 <= average([len(t.conditions) for t in first]) <= 4
    assert 2 <= average([len(t.primary_outcomes) + len(t.secondary_outcomes) for t in first]) <= 6
    assert 2.5 <= average([len(t.locations) for t in first]) <= 5.5
    assert sum(1 for t in first if t.regen.cell_types) > 150  # the classifier recognises them
