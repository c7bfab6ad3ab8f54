"""One status vocabulary for visitors (issue 16): the facet, the filter, the record, and the
data migration that moved stored EU stages into it."""

import importlib

import pytest
from django.apps import apps

from tests.views.test_trust import options, page_text
from trials.catalogue.records import trial_record
from trials.models import Status, Trial

pytestmark = pytest.mark.django_db

EU_TRIAL = "2025-520841-60-00"
MIGRATION = importlib.import_module("trials.migrations.0016_recruitment_status_and_spans")


@pytest.fixture
def seeds(module_seeds, db):
    return module_seeds


def test_the_status_facet_lists_only_the_common_vocabulary(client, seeds):
    offered = options(client.get("/trials/"), "status")
    assert offered and set(offered) <= set(Status.values)
    assert offered["recruiting"] == 1  # the EU trial whose list says "In arruolamento"
    assert client.get("/trials/?status=recruiting").context["paginator"].count == 1


@pytest.mark.parametrize("value", ["authorised", "ongoing", "ended", "Authorised", "%00"])
def test_a_stage_or_garbage_in_the_status_filter_is_no_error(client, seeds, value):
    response = client.get("/trials/", {"status": value})
    assert response.status_code == 200  # the list ignores it, with a notice
    assert response.context["paginator"].count == 5
    assert client.get("/api/trials/", {"status": value}).status_code == 400


def test_the_record_keeps_the_registrys_term_and_gives_the_visitors(client, seeds):
    record = trial_record(Trial.objects.for_detail().get(public_id=EU_TRIAL))
    assert record["status"] == "authorised" and record["status_raw"] == "Authorised"
    assert record["visitor_status"] == "recruiting"
    assert record["recruitment_status"] == "In arruolamento"
    other = trial_record(Trial.objects.for_detail().get(public_id="NCT05214014"))
    assert other["status"] == other["visitor_status"] == "enrolling_by_invitation"
    assert other["recruitment_status"] is None


def test_a_curators_status_is_what_visitors_read(client, seeds):
    trial = Trial.objects.get(public_id=EU_TRIAL)
    trial.status = Status.COMPLETED
    trial.save()
    text = page_text(client.get(trial.get_absolute_url()))
    assert "Status Completed (EU register: Authorised)" in text
    record = trial_record(Trial.objects.for_detail().get(pk=trial.pk))
    assert record["status"] == record["visitor_status"] == "completed"


def test_data_migration_reads_stored_stages_for_visitors(seeds):
    """A trial stored before this change with its stage as status, and a stage trial whose
    source states no recruitment."""
    Trial.objects.filter(public_id=EU_TRIAL).update(
        status="authorised", recruitment_status="", status_registry="",
        facet_keys=["status:authorised", "phase:3"],
    )  # fmt: skip
    Trial.objects.filter(public_id="NCT05520125").update(status="ended", status_raw="Ended")
    MIGRATION.fill_statuses(apps, None)
    eu = Trial.objects.get(public_id=EU_TRIAL)
    assert (eu.status, eu.recruitment_status, eu.status_registry) == (
        "recruiting", "In arruolamento", "eu_ct",
    )  # fmt: skip
    assert eu.facet_keys == ["status:recruiting", "phase:3"]
    assert eu.sources.get().parsed["recruitment_status"] == "In arruolamento"
    ended = Trial.objects.get(public_id="NCT05520125")
    assert (ended.status, ended.status_registry) == ("completed", "nct")
