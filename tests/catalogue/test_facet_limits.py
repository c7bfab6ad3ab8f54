"""Facet counts that would run long are bounded: the page answers and says what is omitted."""

import pytest
from django.db import connection

from trials.catalogue.counts import COUNT_CAP, capped_count
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def instant_timeout(settings, monkeypatch):
    """A time limit that every facet statement exceeds."""
    settings.FACET_TIMEOUT_MS = 1
    from trials.catalogue import counts, landscape

    def slowed(original):
        def slow(trials, group):
            from django.db import connection

            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT pg_sleep(0.05)")
                else:  # a statement long enough for the progress handler to interrupt it
                    cursor.execute(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 3000000) SELECT count(*) FROM n"
                    )
            return original(trials, group)

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


def test_capped_count(seeds):
    assert capped_count(Trial.objects.all()) == Trial.objects.count() < COUNT_CAP


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_time_limit_ends_with_the_facet_counts(client, seeds, settings):
    # Tests run inside a transaction, as a request with ATOMIC_REQUESTS would: the limit set in
    # the facets' savepoint must not stay on the statements that follow.
    settings.FACET_TIMEOUT_MS = 1234
    assert client.get("/trials/?status=completed").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] in {"0", "0ms"}
