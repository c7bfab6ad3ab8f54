"""The importer's hand-written look-ups answer as the ORM queries they replace."""

import pytest
from django.db import transaction

from tests.factories import make_trial
from trials.importing.sql import ids_of_trials_holding, known_document, trial_by_key
from trials.models import RegistryId, SourceDocument, Trial

pytestmark = pytest.mark.django_db


def test_known_document_gives_the_trial_and_format_of_a_stored_text():
    trial = make_trial(registry_id="NCT01234567")
    SourceDocument.objects.create(
        trial=trial, sha256="a" * 64, format="veeva", raw_text="text", imported_at=trial.created_at
    )
    assert known_document("a" * 64) == ("NCT01234567", "veeva", "")
    assert known_document("b" * 64) is None


def test_known_document_names_the_newer_copy_of_a_superseded_text():
    trial = make_trial(registry_id="NCT01234567")
    source = SourceDocument.objects.create(
        trial=trial, filename="001.txt", sha256="a" * 64, format="ctgov", raw_text="old",
        imported_at=trial.created_at,
    )  # fmt: skip
    SourceDocument.objects.filter(pk=source.pk).update(sha256="c" * 64, raw_text="new")
    assert known_document("a" * 64) == ("NCT01234567", "ctgov", "001.txt")  # by the trigger
    assert known_document("c" * 64) == ("NCT01234567", "ctgov", "")


def test_ids_of_trials_holding_lists_every_id_of_the_trials_named():
    first = make_trial(registry_id="NCT01111111")
    second = make_trial(registry_id="NCT02222222")
    make_trial(registry_id="NCT03333333")
    RegistryId.objects.create(trial=first, registry="isrctn", value="ISRCTN12345678", slug="x")
    wanted = [("isrctn", "ISRCTN12345678"), ("nct", "NCT02222222")]
    assert ids_of_trials_holding(wanted) == [
        ("nct", "NCT01111111", first.pk, "NCT01111111"),
        ("isrctn", "ISRCTN12345678", first.pk, "NCT01111111"),
        ("nct", "NCT02222222", second.pk, "NCT02222222"),
    ]
    assert ids_of_trials_holding([("nct", "NCT09999999")]) == []


def test_trial_by_key_reads_every_column_as_the_orm_would():
    trial = make_trial(registry_id="NCT01111111", locked_fields=["title"])
    with transaction.atomic():
        found = trial_by_key(trial.pk, lock=True)
    assert found == trial
    assert found.locked_fields == ["title"]  # JSON back to a list
    assert found.created_at == Trial.objects.get(pk=trial.pk).created_at
    assert trial_by_key(trial.pk + 1000, lock=False) is None


def test_ids_of_trials_holding_answers_for_a_page_naming_thousands_of_ids():
    """A listing of trials names more ids than one SQL condition may hold (SQLite: 1,000
    terms); a trial named in two parts of the question is listed once."""
    first = make_trial(registry_id="NCT00000001")
    last = make_trial(registry_id="NCT00001500")
    RegistryId.objects.create(trial=first, registry="isrctn", value="ISRCTN12345678", slug="x")
    wanted = [("isrctn", "ISRCTN12345678")] + [("nct", f"NCT{n:08d}") for n in range(1, 1501)]
    assert ids_of_trials_holding(wanted) == [
        ("nct", "NCT00000001", first.pk, "NCT00000001"),
        ("isrctn", "ISRCTN12345678", first.pk, "NCT00000001"),
        ("nct", "NCT00001500", last.pk, "NCT00001500"),
    ]
