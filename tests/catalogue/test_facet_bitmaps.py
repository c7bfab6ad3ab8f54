"""SQLite counts facets off per-value bitmaps of the trials: the same counts as json_each."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from tests.factories import make_trial
from trials.catalogue import counts, facet_bitmaps
from trials.catalogue.filters import TrialFilter
from trials.catalogue.versions import catalogue_version
from trials.models import Publication, Trial

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's counting")


@pytest.fixture
def catalogue(db):
    call_command("generate_trials", "150", "--seed", "4", stdout=io.StringIO(), verbosity=0)
    Trial.objects.filter(pk__in=Trial.objects.order_by("pk").values("pk")[:10]).update(
        publication=Publication.DRAFT
    )
    facet_bitmaps._latest.clear()


def _in_sql(trials, version, monkeypatch) -> dict[str, int]:
    with monkeypatch.context() as patched:
        patched.setattr(facet_bitmaps, "count_keys", lambda *args: None)
        return counts._stored_key_counts(trials, version)


@pytest.mark.parametrize(
    "query",
    ["", "status=recruiting", "phase=2&country=US", "q=knee", "q=cells&donor=autologous",
     "condition_area=no-such-area"],
)  # fmt: skip
def test_bitmap_counts_are_the_sql_counts(catalogue, monkeypatch, query):
    filterset = TrialFilter(QueryDict(query), queryset=Trial.objects.published())
    filterset.is_valid()
    trials = filterset.queryset_without(None)
    version = catalogue_version()
    from_bitmaps = counts._stored_key_counts(trials, version)
    assert from_bitmaps == _in_sql(trials, version, monkeypatch)
    assert from_bitmaps or query.startswith("condition_area")


def test_bitmaps_follow_the_catalogue_version(catalogue):
    version = catalogue_version()
    before = facet_bitmaps.bitmaps(version, "default")
    make_trial(registry_id="NCT12345678", title="One more")
    assert facet_bitmaps.bitmaps(catalogue_version(), "default") is not before


def test_a_trial_the_bitmaps_miss_is_counted_in_sql(catalogue):
    version = catalogue_version()
    facet_bitmaps.bitmaps(version, "default")
    make_trial(registry_id="NCT12345679", title="Written after the version was read")
    assert facet_bitmaps.count_keys(Trial.objects.all(), version) is None


def test_a_cleared_cache_reads_them_again(catalogue):
    from django.core.cache import cache

    version = catalogue_version()
    before = facet_bitmaps.bitmaps(version, "default")
    assert facet_bitmaps.bitmaps(version, "default") is before
    cache.clear()  # as when edits that keep the version must be seen (test_facet_keys.py)
    assert facet_bitmaps.bitmaps(version, "default") is not before
