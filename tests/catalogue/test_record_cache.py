"""API pages serve cached records, and a change to a trial is served at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.models import Trial

pytestmark = pytest.mark.django_db


def titles(client) -> dict[str, str]:
    response = client.get("/api/trials/?page_size=100")
    assert response.status_code == 200
    return {record["id"]: record["title"] for record in response.json()["results"]}


def test_a_warm_page_reads_no_trial_rows_beyond_the_page(client, seeds):
    titles(client)
    with CaptureQueriesContext(connection) as queries:
        titles(client)
    # The page's ids and change times, the catalogue version; no related rows (the count
    # is cached with the catalogue version too).
    assert len(queries) == 2
    assert not any("trials_outcome" in query["sql"] for query in queries.captured_queries)


def test_an_edited_trial_is_served_fresh(client, seeds):
    before = titles(client)
    trial = Trial.objects.published().first()
    trial.title = "A title changed by a curator"
    trial.save()
    after = titles(client)
    assert after[trial.public_id] == "A title changed by a curator"
    assert {k: v for k, v in after.items() if k != trial.public_id} == {
        k: v for k, v in before.items() if k != trial.public_id
    }


def test_records_are_the_uncached_ones(client, seeds, settings):
    cached = client.get("/api/trials/?page_size=100").json()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert client.get("/api/trials/?page_size=100").json() == cached
