"""Names of one condition meet under one normalised condition; each trial keeps its wording.

"COVID 19" and "Covid-19", "ischaemia" and "ischemia" are one condition in the filter and
its counts; the trial's page and record show the condition as the trial's registry wrote it.
Migration 0009 merges the conditions imported before, with their links and facet keys.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from trials.catalogue.records import trial_record
from trials.importing.files import import_document
from trials.models import Condition, Trial, TrialCondition

pytestmark = pytest.mark.django_db

PAGE = """Title: Umbilical cord mesenchymal stem cells for {title}
Registry ID: {nct}
Condition: {conditions}
Status: Recruiting
Phase: Phase 2
Intervention: Biological: umbilical cord mesenchymal stem cells
"""


def _import(nct: str, title: str, conditions: str) -> Trial:
    text = PAGE.format(nct=nct, title=title, conditions=conditions)
    import_document(text, filename=f"{nct}.txt", now=timezone.now(), publish=True)
    return Trial.objects.get(public_id=nct)


@pytest.fixture
def spelled_apart():
    return [
        _import("NCT04000001", "COVID-19 ARDS", "COVID 19; Critical limb ischaemia"),
        _import("NCT04000002", "COVID-19 ARDS", "Covid-19; Critical Limb Ischemia"),
        _import("NCT04000003", "SARS-CoV-2 infection", "SARS-CoV-2 infection"),
    ]


def test_spellings_of_one_condition_are_one_condition_with_each_wording_kept(spelled_apart):
    first, second, third = spelled_apart
    assert Condition.objects.filter(key="covid-19").count() == 1
    assert Condition.objects.filter(key="critical limb ischemia").count() == 1
    assert Condition.objects.filter(key="sars-cov-2 infection").count() == 1  # not COVID-19
    assert trial_record(Trial.objects.for_detail().get(pk=first.pk))["conditions"] == [
        "COVID 19",
        "Critical limb ischaemia",
    ]
    assert trial_record(Trial.objects.for_detail().get(pk=second.pk))["conditions"] == [
        "Covid-19",
        "Critical Limb Ischemia",
    ]


def test_the_condition_filter_counts_one_entry_per_condition(client, spelled_apart):
    response = client.get("/trials/", {"condition": "covid-19"})
    assert response.status_code == 200
    listed = {trial.public_id for trial in response.context["page_obj"]}
    assert listed == {"NCT04000001", "NCT04000002"}
    counts = _condition_counts(client)
    assert counts["covid-19"] == 2
    assert counts["critical limb ischemia"] == 2
    assert counts["sars-cov-2 infection"] == 1
    assert len(counts) == 3


def test_the_trial_page_shows_its_own_wording_linked_to_the_condition(client, spelled_apart):
    page = client.get("/trials/NCT04000001/").content.decode()
    assert "COVID 19<" in page and "?condition=covid-19" in page


def test_a_registry_naming_one_condition_twice_keeps_both_wordings(client):
    _import("NCT04000009", "COVID-19 pneumonia", "COVID-19; COVID; Pneumonia")
    record = trial_record(Trial.objects.for_detail().get(public_id="NCT04000009"))
    assert record["conditions"] == ["COVID-19", "COVID", "Pneumonia"]
    assert Condition.objects.filter(key="covid-19").count() == 1
    assert _condition_counts(client)["covid-19"] == 1


def _condition_counts(client) -> dict[str, int]:
    response = client.get("/trials/")
    [options] = [opts for facet, opts in response.context["facets"] if facet.name == "condition"]
    return {option.value: option.count for option in options}


@pytest.mark.django_db(transaction=True)
def test_migration_merges_conditions_spelled_apart_and_keeps_each_trials_wording():
    executor = MigrationExecutor(connection)
    executor.migrate([("trials", "0010_curators_source_versions_and_assignee")])
    apps = executor.loader.project_state(
        [("trials", "0010_curators_source_versions_and_assignee")]
    ).apps
    OldTrial = apps.get_model("trials", "Trial")
    OldCondition = apps.get_model("trials", "Condition")
    OldLink = apps.get_model("trials", "TrialCondition")
    names = ["Covid-19", "COVID 19", "covid19", "Critical limb ischaemia", "Knee osteoarthritis"]
    conditions = {
        name: OldCondition.objects.create(name=name, key=name.casefold()) for name in names
    }
    trials = [
        OldTrial.objects.create(public_id=f"NCT0500000{n}", title=f"Trial {n}", facet_keys=[])
        for n in range(4)
    ]
    wordings = [["Covid-19", "Critical limb ischaemia"], ["COVID 19"], ["covid19"],
                ["Covid-19", "COVID 19", "Knee osteoarthritis"]]  # fmt: skip
    for trial, names_of_trial in zip(trials, wordings, strict=True):
        for position, name in enumerate(names_of_trial):
            OldLink.objects.create(trial=trial, condition=conditions[name], position=position)
        trial.facet_keys = sorted(f"condition:{name.casefold()}" for name in names_of_trial)
        trial.save()

    call_command("migrate", "trials", verbosity=0)

    covid = Condition.objects.get(key="covid-19")
    assert Condition.objects.filter(key__contains="covid").count() == 1
    assert covid.name == "Covid-19"  # the most common wording (two trials)
    assert Condition.objects.get(name="Critical limb ischaemia").key == "critical limb ischemia"
    raw = sorted(
        TrialCondition.objects.filter(condition=covid).values_list("trial__public_id", "raw_name")
    )
    assert raw == [
        ("NCT05000000", "Covid-19"),
        ("NCT05000001", "COVID 19"),
        ("NCT05000002", "covid19"),
        ("NCT05000003", "COVID 19"),  # a trial naming it twice keeps both wordings
        ("NCT05000003", "Covid-19"),
    ]
    last = Trial.objects.get(public_id="NCT05000003")
    assert last.facet_keys == ["condition:covid-19", "condition:knee osteoarthritis"]
    assert Trial.objects.get(public_id="NCT05000000").facet_keys == [
        "condition:covid-19",
        "condition:critical limb ischemia",
    ]
