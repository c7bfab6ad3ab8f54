"""Health probes, the replica router and cache invalidation (README "Deploy")."""

import re

import pytest
from django.db import OperationalError, ProgrammingError, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from config import database
from tests.admin_support import CHANGELIST, curator
from trials.models import Trial, TrialQuerySet

NONCE = re.compile(r' nonce="[^"]*"')


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: any query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "pending_migrations": [],
        "cache": "ok",
    }

    latest = MigrationRecorder.Migration.objects.filter(app="trials").order_by("-name").first()
    latest.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == [f"trials.{latest.name}"]


@pytest.fixture
def replica(transactional_db, monkeypatch):
    """A second alias on the same database, as a read replica would be (TEST MIRROR).

    Its connection is made here rather than listed in settings.DATABASES, which pytest-django
    reads once for the whole session; the router is told it exists.
    """
    default = connections["default"].settings_dict
    settings_dict = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    connections["replica1"] = load_backend(default["ENGINE"]).DatabaseWrapper(
        settings_dict, "replica1"
    )
    monkeypatch.setattr(database, "replica_aliases", lambda: ["replica1"])
    for alias in ("default", "replica1"):  # SQLite probes this with a query on first use
        assert connections[alias].features.supports_json_field
    yield connections["replica1"]
    connections["replica1"].close()
    del connections["replica1"]


def queries_by_alias(action) -> tuple[int, int]:
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica1"]) as replica:
            action()
    return len(primary), len(replica)


def test_router_sends_public_reads_to_the_replica_and_the_rest_to_the_primary(
    replica, client, seeds, django_user_model
):
    on_primary, on_replica = queries_by_alias(lambda: client.get("/trials/?status=completed"))
    assert on_primary == 0 and on_replica > 0
    on_primary, on_replica = queries_by_alias(lambda: client.get("/trials/NCT03239535/"))
    assert on_primary == 0 and on_replica > 0
    on_primary, on_replica = queries_by_alias(lambda: client.get("/api/trials/"))
    assert on_primary == 0 and on_replica > 0

    # Outside a request (imports, management commands): the primary.
    on_primary, on_replica = queries_by_alias(lambda: list(Trial.objects.all()))
    assert on_primary == 1 and on_replica == 0

    # Staff (a session) and the admin read and write on the primary only.
    client.force_login(curator(django_user_model))
    on_primary, on_replica = queries_by_alias(lambda: client.get(CHANGELIST))
    assert on_primary > 0 and on_replica == 0
    on_primary, on_replica = queries_by_alias(lambda: client.get("/trials/"))
    assert on_primary > 0 and on_replica == 0


@pytest.mark.django_db
def test_facet_counts_and_fragments_follow_writes(client, seeds):
    def page() -> str:
        return NONCE.sub("", client.get("/trials/").content.decode())  # nonces differ per response

    first = page()
    assert "Completed" in first
    assert page() == first  # served from the cache

    trial = Trial.objects.get(public_id="NCT03239535")
    trial.status = "terminated"
    trial.save()
    updated = page()
    assert 'data-facet="status"' in updated
    assert "Ended early" in updated and updated != first

    Trial.objects.filter(public_id="NCT03239535").delete()  # a deletion leaves no timestamp
    response = client.get("/trials/")
    assert response.context["paginator"].count == 4
    assert "Ended early" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/trials/?status=recruiting", "/trials/NCT03239535/"])
def test_database_errors_become_the_503_page(client, monkeypatch, path):
    """The unit view of tests/test_servers.py (which stops a real PostgreSQL)."""

    def unreachable(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(TrialQuerySet, "published", unreachable)
    monkeypatch.setattr(TrialQuerySet, "visible_to", lambda self, user: unreachable(self))
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "RegenTrials is unavailable" in response.content.decode()
    assert "Connection refused" not in response.content.decode()

    response = client.get("/api/trials/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "unavailable" in response.json()["error"]


@pytest.mark.django_db
def test_query_bugs_stay_500(client, monkeypatch):
    """Only connection failures mean "come back later"; a broken query is a server error."""

    def broken(self):
        raise ProgrammingError('column "nope" does not exist')

    monkeypatch.setattr(TrialQuerySet, "published", broken)
    client.raise_request_exception = False
    assert client.get("/api/trials/").status_code == 500
