"""Stored facet keys stay what the trials' rows say, whichever way the rows are written."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.conftest import SAMPLE_SOURCES
from trials.backup import backup_models, restore_backup, write_backup
from trials.catalogue import facet_keys
from trials.catalogue.counts import facet_counts
from trials.catalogue.facets import FACETS
from trials.catalogue.filters import FacetFilter, KnownValuesField, TrialFilter
from trials.catalogue.versions import catalogue_version
from trials.importing.files import import_document
from trials.importing.lookups import Lookups
from trials.models import CellType, Condition, Trial, TrialCondition, TrialCountry

pytestmark = pytest.mark.django_db


def counts(**params) -> dict[str, dict[str, int]]:
    cache.clear()  # counted afresh: these edits do not all move the catalogue's version
    filterset = TrialFilter(params, queryset=Trial.objects.all())
    return {
        facet.name: {option.value: option.count for option in options}
        for facet, options in facet_counts(filterset, catalogue_version(), limit=None)
    }


def test_imported_and_generated_trials_have_their_keys(seeds):
    call_command("generate_trials", 30, seed=3, stdout=io.StringIO(), verbosity=0)
    assert facet_keys.stale_trials() == []
    located = TrialCountry.objects.select_related("trial").first()
    assert f"country:{located.country}" in located.trial.facet_keys
    trial = Trial.objects.get(public_id="NCT03239535")
    assert "status:" + trial.status in trial.facet_keys
    assert all(not key.endswith(":") for key in trial.facet_keys)


def test_edits_through_the_models_refresh_the_keys(seeds):
    trial = Trial.objects.get(public_id="NCT03239535")
    TrialCountry.objects.create(trial=trial, country="NZ")
    assert counts()["country"]["NZ"] == 1
    trial.status = "withdrawn"
    trial.save()
    assert counts()["status"]["withdrawn"] == 1
    cell_type = CellType.objects.create(term="test_cells", label="Test cells")
    trial.cell_types.add(cell_type)
    assert counts()["cell_type"]["test_cells"] == 1
    condition = TrialCondition.objects.filter(trial=trial).first().condition
    condition.area = "oncology"
    condition.save()
    assert facet_keys.stale_trials() == []
    cell_type.delete()
    TrialCountry.objects.filter(trial=trial, country="NZ").delete()
    assert facet_keys.stale_trials() == []
    assert "NZ" not in counts()["country"]


def test_the_counts_agree_with_the_list_filters(seeds, client):
    for name, values in counts().items():
        for value, count in list(values.items())[:3]:
            response = client.get("/trials/", {name: value})
            assert response.context["paginator"].count == count, (name, value)


def test_a_lost_column_is_derived_again(seeds):
    Trial.objects.update(facet_keys=None)
    assert len(facet_keys.stale_trials()) == Trial.objects.count()
    facet_keys.refresh_all()
    assert facet_keys.stale_trials() == []


def test_migrate_fills_the_keys_of_trials_that_have_none(seeds):
    """Trials from before the keys existed get them after migrate, not from a migration."""
    first, *rest = Trial.objects.order_by("pk")
    Trial.objects.filter(pk=first.pk).update(facet_keys=None)
    call_command("migrate", verbosity=0)
    assert facet_keys.stale_trials() == []


def test_suspended_refreshes_once_at_the_end(seeds):
    trial = Trial.objects.get(public_id="NCT03239535")
    with facet_keys.suspended():
        TrialCountry.objects.create(trial=trial, country="NZ")
        TrialCountry.objects.create(trial=trial, country="NO")
        assert "country:NZ" not in Trial.objects.get(pk=trial.pk).facet_keys
    assert {"country:NZ", "country:NO"} <= set(Trial.objects.get(pk=trial.pk).facet_keys)


def test_restore_derives_the_keys(seeds, tmp_path):
    stream = io.StringIO()
    write_backup(stream)
    for model in reversed(backup_models()):
        model._default_manager.all().delete()
    stream.seek(0)
    restore_backup(stream)
    assert Trial.objects.exists()
    assert facet_keys.stale_trials() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="keys filter on PostgreSQL only")
def test_filters_by_stored_keys_select_what_the_related_rows_select(seeds):
    """PostgreSQL filters related facets by the stored keys (a GIN index); every value of
    every such facet selects exactly the trials its related rows name."""
    call_command("generate_trials", 60, seed=5, stdout=io.StringIO(), verbosity=0)
    trials = Trial.objects.all()
    stored = {key for keys in trials.values_list("facet_keys", flat=True) for key in keys}
    checked = 0
    for facet in FACETS:
        if facet.field:  # a column of the trial: filtered by the column itself
            continue
        values = sorted(key.partition(":")[2] for key in stored if key.startswith(facet.name + ":"))
        for value in values:
            chosen = KnownValuesField(known=facet.known).clean([value])
            if not chosen:  # e.g. a condition only drafts have: not a known value
                continue
            by_keys = FacetFilter(facet).filter(trials, chosen)
            assert "&&" in str(by_keys.query)
            arguments = [chosen.ids[value]] if facet.by_id else chosen
            by_rows = getattr(trials, facet.method)(*facet.method_args, arguments)
            assert set(by_keys.values_list("pk", flat=True)) == set(
                by_rows.values_list("pk", flat=True)
            ), (facet.name, value)
            checked += 1
    assert checked > 30


def test_new_trials_are_inserted_with_the_keys_their_rows_give():
    """The importer writes a new trial's keys with it, from the rows it writes; a condition
    that exists already brings its stored area (here a curator's), read once per run."""
    Condition.objects.create(name="Critical Limb Ischemia", area="blood_immune")  # not its own
    text = (SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_text(encoding="utf-8")
    lookups = Lookups()
    for nct in ("NCT03239535", "NCT09999911"):  # the second finds the condition remembered
        import_document(
            text.replace("NCT03239535", nct).replace("FMBA/001", f"FMBA/{nct}"),
            filename=f"{nct}.txt",
            now=timezone.now(),
            lookups=lookups,
        )
        keys = Trial.objects.get(public_id=nct).facet_keys
        assert "condition_area:blood_immune" in keys
        assert "condition:critical limb ischemia" in keys
    assert facet_keys.stale_trials() == []
