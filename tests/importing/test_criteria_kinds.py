"""Unlabelled criteria keep the kind their wording suggests, for the page and for curators."""

import jsonschema
import pytest
from django.utils import timezone

from trials.catalogue.records import trial_record
from trials.importing.documents import text_sha256
from trials.importing.upsert import Document, upsert
from trials.models import Trial
from trials.parsers.record import ParsedTrial, RegistryIdentifier

pytestmark = pytest.mark.django_db


def test_suggested_kinds_are_stored_and_published_beside_the_criteria(record_schema):
    parsed = ParsedTrial(
        format="generic",
        title="Cells for knees",
        registry_ids=(RegistryIdentifier("nct", "NCT01234567"),),
        inclusion_criteria=("Knee osteoarthritis",),
        unclassified_criteria=("Aged 18-50", "Pregnancy", "Able to walk"),
        unclassified_criteria_kinds=("inclusion", "exclusion", None),
    )
    upsert(parsed, Document("text", "a.txt", "test", text_sha256("text")), now=timezone.now())
    record = trial_record(Trial.objects.for_detail().get())
    assert record["unclassified_criteria"] == ["Aged 18-50", "Pregnancy", "Able to walk"]
    assert record["unclassified_criteria_kinds"] == ["inclusion", "exclusion", None]
    assert record["inclusion_criteria"] == ["Knee osteoarthritis"]
    jsonschema.validate(record, record_schema)


def test_the_trial_page_says_which_kind_an_unlabelled_criterion_reads_as(client):
    parsed = ParsedTrial(
        format="generic",
        title="Cells for knees",
        registry_ids=(RegistryIdentifier("nct", "NCT01234567"),),
        unclassified_criteria=("Pregnancy", "Able to walk"),
        unclassified_criteria_kinds=("exclusion", None),
    )
    upsert(
        parsed,
        Document("text", "a.txt", "test", text_sha256("text")),
        now=timezone.now(),
        publish=True,
    )
    page = client.get("/trials/NCT01234567/").content.decode()
    # Grouped by the kind their wording suggests, under a heading of their own (issue 16).
    excludes, unclear = page.index(">Probably excludes</h4>"), page.index(">Unclear</h4>")
    assert (
        excludes < page.index("<li>Pregnancy</li>") < unclear < page.index("<li>Able to walk</li>")
    )
