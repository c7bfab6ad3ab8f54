"""Facets are counted off per-value bitmaps of the trials, and facet filters matched off
them: the same trials and counts as counting in SQL (json_each on SQLite, unnest on
PostgreSQL) over the SQL filters."""

import io
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict

from tests.factories import make_trial
from trials.catalogue import counts, facet_bitmaps, landscape
from trials.catalogue.filters import SORTS, Selection, TrialFilter
from trials.catalogue.versions import catalogue_version
from trials.models import Publication, Trial


@pytest.fixture
def catalogue(db):
    call_command("generate_trials", "150", "--seed", "4", stdout=io.StringIO(), verbosity=0)
    Trial.objects.filter(pk__in=Trial.objects.order_by("pk").values("pk")[:10]).update(
        publication=Publication.DRAFT
    )
    facet_bitmaps._latest.clear()


def _in_sql(selection, version, monkeypatch) -> dict[str, int]:
    with monkeypatch.context() as patched:
        patched.setattr(facet_bitmaps, "count_keys", lambda *args: None)
        return counts._stored_key_counts(selection, version)


def _selection(query: str, *without) -> Selection:
    filterset = TrialFilter(QueryDict(query), queryset=Trial.objects.published())
    filterset.is_valid()
    return filterset.selection_without(*without)


QUERIES = [
    "", "status=recruiting", "phase=2&country=US", "q=knee", "q=cells&donor=autologous",
    "condition_area=no-such-area", "status=recruiting&status=completed&phase=2&phase=3",
    "sex=female&donor=allogeneic", "sex=male_only", "study_type=interventional&registry=nct",
    "condition_area=musculoskeletal&cell_type=chondrocytes",
    "route=intra-articular&product_type=cell_therapy&source_tissue=cartilage",
    "age=30&country=US", "enrollment_min=50&phase=1", "start_year_min=2015&status=completed",
    "exclude_pay=true&donor=autologous", "healthy_volunteers=false&sex=female",
]  # fmt: skip


@pytest.mark.parametrize("query", QUERIES)
def test_bitmap_counts_are_the_sql_counts(catalogue, monkeypatch, query):
    selection = _selection(query)
    version = catalogue_version()
    from_bitmaps = counts._stored_key_counts(selection, version)
    assert from_bitmaps == _in_sql(selection, version, monkeypatch)
    assert from_bitmaps or query.startswith("condition_area")
    some = ["status", "condition", "country"]
    of_some = {k: n for k, n in from_bitmaps.items() if k.partition(":")[0] in some}
    assert counts._stored_key_counts(selection, version, some) == of_some


@pytest.mark.parametrize("query", QUERIES)
def test_facet_filters_off_the_bitmaps_select_the_sql_trials(catalogue, query):
    selection = _selection(query)
    built = facet_bitmaps.bitmaps(catalogue_version(), "default")
    _built, matched = facet_bitmaps.selected_trials(selection, catalogue_version())
    from_bitmaps = set(built.ids[matched].tolist())
    assert from_bitmaps == set(selection.trials.values_list("pk", flat=True))
    assert facet_bitmaps.count(selection, catalogue_version()) == selection.trials.count()


def test_every_value_of_every_facet_selects_the_sql_trials(catalogue):
    version = catalogue_version()
    names = {facet.name for facet in counts.FACETS}
    for key in facet_bitmaps.bitmaps(version, "default").key_names:
        name, _, value = key.partition(":")
        if not value or name not in names:
            continue
        selection = _selection(urlencode({name: value}))
        # Conditions only drafts have are unknown (ignored) values.
        assert selection.facet_keys or name == "condition", key
        assert facet_bitmaps.count(selection, version) == selection.trials.count(), key


def test_a_question_of_facets_alone_runs_no_statement(catalogue, django_assert_num_queries):
    version = catalogue_version()
    counts._stored_key_counts(_selection("status=completed"), version)  # reads the bitmaps
    with django_assert_num_queries(0):
        counts._stored_key_counts(_selection("phase=2&country=US&donor=autologous"), version)


def test_the_bitmaps_build_no_queryset_of_every_filter(catalogue, monkeypatch):
    """Cold facet counts, total and landscape crosses match the facets off the bitmaps: each
    builds the queryset of the other filters (``rest``), never the unused one of them all."""
    from django.core.cache import cache

    cache.clear()
    built: list[set] = []
    queryset_without = TrialFilter.queryset_without

    def recorded(filterset, *names):
        built.append(set(names))
        return queryset_without(filterset, *names)

    monkeypatch.setattr(TrialFilter, "queryset_without", recorded)
    filterset = TrialFilter(QueryDict("q=cells&phase=2&country=US"), Trial.objects.published())
    filterset.is_valid()
    version = catalogue_version()
    counted = counts._counts(filterset, version)
    assert counted["phase"] and len(built) == 3  # shared facets, phase's, country's
    assert counts._total(filterset, version) == filterset.qs.count()
    assert len(built) == 4
    crossed = landscape._count_crosses(filterset, version)
    assert crossed and all({"phase", "country"} <= names for names in built)


def test_bitmaps_follow_the_catalogue_version(catalogue):
    version = catalogue_version()
    before = facet_bitmaps.bitmaps(version, "default")
    make_trial(registry_id="NCT12345678", title="One more")
    assert facet_bitmaps.bitmaps(catalogue_version(), "default") is not before


def test_a_trial_the_bitmaps_miss_is_counted_in_sql(catalogue):
    version = catalogue_version()
    facet_bitmaps.bitmaps(version, "default")
    make_trial(registry_id="NCT12345679", title="Written after the version was read")
    everything = Trial.objects.all()
    assert facet_bitmaps.count_keys(Selection(everything, (), lambda: everything), version) is None


def test_a_cleared_cache_reads_them_again(catalogue):
    from django.core.cache import cache

    version = catalogue_version()
    before = facet_bitmaps.bitmaps(version, "default")
    assert facet_bitmaps.bitmaps(version, "default") is before
    cache.clear()  # as when edits that keep the version must be seen (test_facet_keys.py)
    assert facet_bitmaps.bitmaps(version, "default") is not before


@pytest.mark.parametrize("query", QUERIES)
def test_landscape_crosses_off_the_bitmaps_are_the_sql_crosses(catalogue, query):
    selection = _selection(query)
    crossed = landscape._count_off_bitmaps(selection, landscape.CROSSES, catalogue_version())
    assert crossed == landscape._count_together(selection.trials, landscape.CROSSES)
    assert all(crossed.values()) or not selection.trials.exists()


@pytest.mark.parametrize("query", QUERIES)
def test_pages_off_the_index_are_the_sql_pages(catalogue, query):
    selection = _selection(query)
    for order in facet_bitmaps.ORDERS:
        in_sql = list(selection.trials.order_by(*SORTS[order]).values_list("pk", flat=True))
        picked = facet_bitmaps.page_ids(selection, catalogue_version(), order, 0, len(in_sql) + 5)
        assert picked == in_sql, order
        assert facet_bitmaps.page_ids(selection, catalogue_version(), order, 3, 7) == in_sql[3:7]


SEARCHES = [
    "q=knee", "q=cells&donor=autologous", "q=stem+cells", 'q="bone marrow"',
    "q=mesenchymal+-knee", "q=msc&phase=2&country=US", "q=cells&enrollment_min=50",
]  # fmt: skip


@pytest.mark.parametrize("query", SEARCHES)
def test_pages_by_relevance_off_the_index_are_the_sql_pages(catalogue, query):
    selection = _selection(query)
    in_sql = list(selection.trials.order_by(*SORTS["relevance"]).values_list("pk", flat=True))
    assert in_sql or query.startswith("q=msc")
    picked = facet_bitmaps.page_ids(selection, catalogue_version(), "relevance", 0, 10_000)
    assert picked == in_sql


def test_a_server_reads_the_index_before_its_first_request(catalogue):
    facet_bitmaps._latest.clear()
    facet_bitmaps.warm()
    assert facet_bitmaps._latest["default"].version == catalogue_version()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_search_leaves_the_planner_settings_as_they_were(catalogue):
    with transaction.atomic(), connection.cursor() as cursor:
        assert facet_bitmaps.count(_selection("q=cells"), catalogue_version())
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_the_index_is_read_before_the_counting_time_limit_starts(catalogue, monkeypatch):
    """Reading the index takes about a second at 100,000 trials: under the facets' time
    limit it was cancelled, and the page lost its counts."""
    facet_bitmaps._latest.clear()
    limited = counts._time_limit
    read_before = []

    @contextmanager
    def recording(using):
        read_before.append("default" in facet_bitmaps._latest)
        with limited(using):
            yield

    monkeypatch.setattr(counts, "_time_limit", recording)
    filterset = TrialFilter(QueryDict("status=completed"), queryset=Trial.objects.published())
    counts.facet_counts(filterset, catalogue_version())
    assert read_before == [True]
