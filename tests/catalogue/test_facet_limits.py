"""Facet counts that would run long are bounded: the page answers and says what is omitted."""

import time

import pytest
from django.db import connection

from trials.catalogue import counts
from trials.catalogue.counts import COUNT_CAP, capped_count, total_label
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def instant_timeout(settings, monkeypatch):
    """A time limit that every facet statement exceeds."""
    settings.FACET_TIMEOUT_MS = 1
    from trials.catalogue import counts, landscape

    def slowed(original):
        def slow(*args):
            from django.db import connection

            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT pg_sleep(0.05)")
                else:  # a statement long enough for the progress handler to interrupt it
                    cursor.execute(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 3000000) SELECT count(*) FROM n"
                    )
            return original(*args)

        return slow

    # The facets' statement, and the landscape's statement of its other charts.
    for module, name in ((counts, "_count_keys"), (landscape, "_count_together")):
        monkeypatch.setattr(module, name, slowed(getattr(module, name)))


def test_slow_facets_are_omitted_and_the_page_says_so(client, seeds, instant_timeout):
    response = client.get("/trials/?status=completed&country=BY")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Counting trials took too long" in content
    assert "Counts omitted" in content
    facets = dict((facet.name, options) for facet, options in response.context["facets"])
    assert facets["phase"].omitted and facets["status"].omitted
    assert [o.value for o in facets["status"]] == ["completed"]  # selected values stay
    # The total falls back to a capped count.
    assert (
        response.context["paginator"].count
        == Trial.objects.filter(status="completed", country_rows__country="BY").count()
    )
    # The search and the home page still answer.
    assert client.get("/trials/?q=cells").status_code == 200
    assert client.get("/").status_code == 200


def test_landscape_with_omitted_counts_answers_and_says_so(client, seeds, instant_timeout):
    for url in ("/landscape/?country=BY", "/landscape/?status=completed", "/landscape/country.csv"):
        assert client.get(url).status_code == 200, url
    assert "Counting trials took too long" in client.get("/landscape/").content.decode()


def test_fast_facets_are_counted(client, seeds, settings):
    settings.FACET_TIMEOUT_MS = 5000
    response = client.get("/trials/?status=completed")
    assert "Counting trials took too long" not in response.content.decode()
    facets = dict((facet.name, options) for facet, options in response.context["facets"])
    assert not facets["status"].omitted
    assert all(o.count is not None for o in facets["country"])


def test_capped_count(seeds, monkeypatch):
    assert capped_count(Trial.objects.all()) == Trial.objects.count() < COUNT_CAP
    monkeypatch.setattr(counts, "COUNT_CAP", 2)
    assert capped_count(Trial.objects.all()) == 3  # one past the cap: "more than 2"


def test_total_label_marks_only_a_capped_count_past_the_cap():
    assert total_label(10_001, capped=True) == "10,000+"
    assert total_label(10_000, capped=True) == "10,000"
    assert total_label(40_000, capped=False) == "40,000"  # an exact total is shown as it is


def test_a_capped_total_is_shown_as_more_than_the_cap(client, seeds, instant_timeout,
                                                      monkeypatch):  # fmt: skip
    monkeypatch.setattr(counts, "COUNT_CAP", 2)
    content = client.get("/trials/").content.decode()
    assert "<strong>2+</strong> trials found" in content
    assert "Browse all 2+ trials" in client.get("/").content.decode()


def test_counts_cut_short_are_not_recounted_when_the_question_is_repeated(
    client, seeds, instant_timeout, monkeypatch
):
    statements = []
    counting = counts._count_keys
    monkeypatch.setattr(counts, "_count_keys", lambda *a: statements.append(a) or counting(*a))
    capping = counts.capped_count
    monkeypatch.setattr(counts, "capped_count", lambda q: statements.append(q) or capping(q))
    first = client.get("/trials/?q=cells&country=BY")
    assert "Counting trials took too long" in first.content.decode()
    asked = len(statements)
    assert asked  # the first asking tried (and the total was counted, capped)
    later = time.time() + 120  # two minutes on: within the counts' cache time
    monkeypatch.setattr(time, "time", lambda: later)
    again = client.get("/trials/?q=cells&country=BY")
    assert "Counting trials took too long" in again.content.decode()
    assert again.context["count_label"] == first.context["count_label"]
    assert len(statements) == asked  # the repeat recounted nothing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_time_limit_ends_with_the_facet_counts(client, seeds, settings):
    # Tests run inside a transaction, as a request with ATOMIC_REQUESTS would: the limit set in
    # the facets' savepoint must not stay on the statements that follow.
    settings.FACET_TIMEOUT_MS = 1234
    assert client.get("/trials/?status=completed").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] in {"0", "0ms"}


def test_a_capped_count_of_a_search_counts_what_the_search_matches(seeds):
    searched = Trial.objects.published().search("cells")
    assert capped_count(searched) == searched.count() > 0
