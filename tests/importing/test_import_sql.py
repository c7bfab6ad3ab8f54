"""The importer's hand-written look-ups answer as the ORM queries they replace."""

import pytest
from django.db import transaction

from tests.factories import make_trial
from trials.importing.sql import known_document, trial_with_ids
from trials.models import RegistryId, SourceDocument, Trial

pytestmark = pytest.mark.django_db


def test_known_document_gives_the_trial_and_format_of_a_stored_text():
    trial = make_trial(registry_id="NCT01234567")
    SourceDocument.objects.create(
        trial=trial, sha256="a" * 64, format="veeva", raw_text="text", imported_at=trial.created_at
    )
    assert known_document("a" * 64) == ("NCT01234567", "veeva")
    assert known_document("b" * 64) is None


def test_trial_with_ids_finds_the_lowest_trial_holding_any_id():
    first = make_trial(registry_id="NCT01111111", locked_fields=["title"])
    second = make_trial(registry_id="NCT02222222")
    RegistryId.objects.create(trial=first, registry="isrctn", value="ISRCTN12345678", slug="x")
    wanted = [("isrctn", "ISRCTN12345678"), ("nct", "NCT02222222")]
    with transaction.atomic():
        found = trial_with_ids(wanted, lock=True)
    assert found == first
    # Every column is read and converted as the ORM would (JSON back to a list).
    assert found.locked_fields == ["title"]
    assert found.created_at == Trial.objects.get(pk=first.pk).created_at
    assert trial_with_ids([("nct", "NCT02222222")], lock=False) == second
    assert trial_with_ids([("nct", "NCT09999999")], lock=False) is None
