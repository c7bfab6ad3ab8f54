"""Scoped searches (condition:, intervention:, sponsor:, location:) find their trials as one
list of ids, each part through its own index: the same trials as testing every trial's rows
(the reference below, in Python), on whichever database the suite runs on."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from trials import wording_index
from trials.models import Location, Trial, TrialCondition, TrialCountry
from trials.search import Scope
from trials.vocab.countries import country_code


def _names(value: str, wordings) -> bool:
    """As ``models._naming``: short wordings the whole value, others anywhere in it."""
    value = value.casefold()
    return any(value == w.casefold() if len(w) <= 3 else w.casefold() in value for w in wordings)


def _reference(scope: Scope, wordings) -> set[int]:
    found = set()
    for trial in Trial.objects.prefetch_related(
        "condition_links__condition", "interventions", "locations", "country_rows"
    ).select_related("sponsor"):
        if scope == Scope.CONDITION:
            texts = [t for link in trial.condition_links.all()
                     for t in (link.raw_name, link.condition.name, link.condition.key)]  # fmt: skip
        elif scope == Scope.INTERVENTION:
            texts = [t for i in trial.interventions.all() for t in (i.name, i.description)]
        elif scope == Scope.SPONSOR:
            texts = [trial.sponsor.name] if trial.sponsor else []
        else:
            texts = [t for place in trial.locations.all() for t in (place.facility, place.city)]
            codes = {country_code(w) for w in wordings} - {None}
            if any(row.country in codes for row in trial.country_rows.all()):
                found.add(trial.pk)
        if any(_names(text, wordings) for text in texts):
            found.add(trial.pk)
    return found


@pytest.fixture
def catalogue(db):
    call_command("generate_trials", "120", "--seed", "11", stdout=io.StringIO(), verbosity=0)
    first = Trial.objects.order_by("pk").first()
    link = TrialCondition.objects.filter(trial=first).first()
    link.raw_name = "MS"  # a short wording, matched only whole
    link.save()
    Location.objects.create(trial=first, facility="Clinique du Lac", city="Lyon", country="FR")
    TrialCountry.objects.get_or_create(trial=first, country="FR")


@pytest.mark.parametrize(
    ("scope", "wordings"),
    [
        (Scope.CONDITION, ("osteoarthritis",)),
        (Scope.CONDITION, ("ms", "multiple sclerosis")),
        (Scope.CONDITION, ("KNEE", "heart failure")),
        (Scope.CONDITION, ("no such condition",)),
        (Scope.INTERVENTION, ("bone marrow",)),
        (Scope.INTERVENTION, ("intravenous", "msc")),
        (Scope.SPONSOR, ("cell therapy centre 1",)),
        (Scope.SPONSOR, ("nobody",)),
        (Scope.LOCATION, ("lyon",)),
        (Scope.LOCATION, ("hospital 12",)),
        (Scope.LOCATION, ("france",)),
    ],
)
def test_scoped_search_finds_what_every_row_would(catalogue, scope, wordings):
    found = set(Trial.objects.matching_in(scope, wordings).values_list("pk", flat=True))
    assert found == _reference(scope, wordings)
    if wordings != ("no such condition",) and wordings != ("nobody",):
        assert found  # the case is not vacuous


on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL has its own indexes (migration 0018)"
)


@on_sqlite
def test_sqlite_reads_no_scoped_table_whole(catalogue):
    assert wording_index.available()
    for scope in (Scope.CONDITION, Scope.INTERVENTION, Scope.LOCATION):
        query = Trial.objects.matching_in(scope, ("ms", "osteoarthritis")).values("pk")
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
        # The plan names the subqueries' tables by alias (U0): only the trial table (walked
        # in list order) and the trigram tables may be scanned.
        scans = [s for s in plan if s.startswith("SCAN ") and "VIRTUAL TABLE" not in s]
        assert all(s.startswith("SCAN trials_trial ") for s in scans), plan
        # The trigram tables are read through their LIKE index ("INDEX 0:L0"), never whole.
        assert all(":L" in step for step in plan if "VIRTUAL TABLE" in step), plan


@on_sqlite
def test_sqlite_indexes_follow_edits_and_deletions(catalogue):
    link = TrialCondition.objects.order_by("pk").last()
    link.raw_name = "Zebrafish fin regrowth"
    link.save()
    found = Trial.objects.matching_in(Scope.CONDITION, ("fish fin",))
    assert list(found.values_list("pk", flat=True)) == [link.trial_id]
    link.delete()
    assert not Trial.objects.matching_in(Scope.CONDITION, ("fish fin",)).exists()


@on_sqlite
def test_sqlite_indexes_are_remade_after_a_migrate(catalogue):
    def objects():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master")
            return {name for (name,) in cursor.fetchall()}

    expected = set().union(*(index.objects() for index in wording_index.INDEXES.values()))
    wording_index.detach()
    assert not objects() & {t for i in wording_index.INDEXES.values() for t in i.triggers()}
    TrialCondition.objects.filter(raw_name="MS").update(raw_name="Made while detached")
    wording_index.ensure()
    assert objects() >= expected
    assert Trial.objects.matching_in(Scope.CONDITION, ("while detached",)).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="migration 0018's indexes")
def test_postgres_can_answer_every_scope_from_trigram_indexes(catalogue):
    """The indexes are on the very expression Django compares (upper(column::text)): with
    whole-table and whole-index walks priced out (the test's tables are tiny), every name
    table is read through one of them."""
    from django.db import transaction

    tables = ("trials_trialcondition", "trials_intervention", "trials_location",
              "trials_organisation", "trials_condition")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
    for scope in Scope:
        query = Trial.objects.matching_in(scope, ("ms", "osteoarthritis")).values("pk")
        sql, params = query.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")  # whole-index walks too
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "_trgm_idx" in plan, plan
        for table in tables:
            assert f"Seq Scan on {table}" not in plan, plan
