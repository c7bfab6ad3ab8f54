"""Real servers on a real, throwaway PostgreSQL: database faults, two app servers, pg_dump.

These tests start gunicorn processes and a private PostgreSQL cluster (see tests/servers.py);
they are skipped where the PostgreSQL server programs are not installed.
"""

import http.cookiejar
import json
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from tests.conftest import SAMPLE_SOURCES
from tests.servers import AppServer, PostgresCluster, manage, postgres_bindir

BINDIR = postgres_bindir()
pytestmark = pytest.mark.skipif(
    BINDIR is None, reason="the PostgreSQL server programs (initdb, pg_ctl) are not installed"
)

PUBLIC_URLS = (
    "/",
    "/trials/",
    "/trials/?q=stem+cells&status=completed&sort=title",
    "/trials/NCT03239535/",
    "/trials/feed/",
    "/sitemap.xml",
    "/trials/export.csv",
    "/trials/export.json",
)
API_URLS = ("/api/trials/", "/api/trials/NCT03239535/?format=json")


@pytest.fixture(scope="module")
def cluster():
    """A private cluster holding the database "catalogue": the samples, published."""
    pg = PostgresCluster(BINDIR)
    try:
        pg.start()
        url = pg.create_database("catalogue")
        manage(url, "migrate", "--noinput", "-v", "0")
        manage(url, "import_trials", str(SAMPLE_SOURCES), "--publish")
        yield pg
    finally:
        pg.remove()


def test_database_down_answers_503_quickly_and_recovers_without_restart(cluster):
    server = AppServer(cluster.create_database("faults", template="catalogue"))
    try:
        for path in PUBLIC_URLS + API_URLS:  # the worker now holds a persistent connection
            assert server.get(path)[0] == 200, path

        cluster.stop()
        try:
            for path in PUBLIC_URLS:
                started = time.monotonic()
                status, headers, body = server.get(path)
                assert time.monotonic() - started < 2, path
                assert status == 503, path
                assert headers["Retry-After"] == "30"
                assert "RegenTrials is unavailable for a moment" in body
                assert "Traceback" not in body and "OperationalError" not in body
            for path in API_URLS:
                status, headers, body = server.get(path)
                assert status == 503 and headers["Retry-After"] == "30"
                assert headers["Content-Type"] == "application/json"
                assert "unavailable" in json.loads(body)["error"]
            assert server.get("/readyz")[0] == 503
            assert server.get("/healthz")[0] == 200
        finally:
            cluster.start()

        status, _headers, body = server.get("/trials/")  # the first request after the restart
        assert status == 200 and "NCT03239535" in body
        for path in PUBLIC_URLS + API_URLS + ("/readyz",):
            assert server.get(path)[0] == 200, path
        log = server.output()
        assert "Database unavailable" in log
        assert "Traceback" not in log
    finally:
        server.stop()


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


SESSION_SCRIPT = """
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_superuser("chief", "chief@example.org", "not-used")
backend = next(
    (b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")),
    settings.AUTHENTICATION_BACKENDS[-1],
)
session = SessionStore()
session[auth.SESSION_KEY] = str(user.pk)
session[auth.BACKEND_SESSION_KEY] = backend
session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
# As after the admin's login form with a right one-time code (django-otp).
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
session[DEVICE_ID_SESSION_KEY] = StaticDevice.objects.create(user=user, name="t").persistent_id
# And its login time, which ends the session 12 hours later (trials/sessions.py).
import time
from trials.sessions import LOGIN_TIME
session[LOGIN_TIME] = time.time()
session.create()
print(session.session_key)
"""


def logged_in_opener(server: AppServer, session_key: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            "sessionid",
            session_key,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )  # fmt: skip
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def test_a_change_through_one_server_is_served_by_the_other(cluster):
    url = cluster.create_database("growth", template="catalogue")
    session_key = manage(url, "shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1]
    extra = {}
    if redis_available():
        extra = {"REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": f"rt-test-{url}"}
    # The second server also reads through the replica router (the "replica" is the primary).
    first = AppServer(url, **extra)
    second = AppServer(url, DATABASE_REPLICA_URLS=url, **extra)
    try:
        status, _headers, listing = second.get("/trials/?status=unknown")
        assert status == 200 and "NCT03239535" in listing
        assert second.get("/trials/NCT03239535/")[0] == 200
        assert "Browse all 5 trials" in second.get("/")[2]

        # A curator unpublishes the trial through the first server's admin.
        opener = logged_in_opener(first, session_key)
        changelist = f"http://127.0.0.1:{first.port}/admin/trials/trial/"
        page = opener.open(changelist).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        pk = manage(url, "shell", "-c", SELECT_PK).strip().splitlines()[-1]
        form = {"csrfmiddlewaretoken": token, "action": "unpublish", "_selected_action": pk}
        request = urllib.request.Request(
            changelist, data=urllib.parse.urlencode(form).encode(), headers={"Referer": changelist}
        )
        assert opener.open(request).status == 200  # redirected back to the list
        assert "draft" in manage(url, "shell", "-c", PUBLICATION)

        # The second server serves the change at once: page, list, facet counts, home.
        assert second.get("/trials/NCT03239535/")[0] == 404
        status, _headers, listing = second.get("/trials/?status=unknown")
        assert status == 200 and "NCT03239535" not in listing
        assert "Browse all 4 trials" in second.get("/")[2]
        assert second.get("/api/trials/NCT03239535/")[0] == 404
    finally:
        first.stop()
        second.stop()


SELECT_PK = "from trials.models import Trial; print(Trial.objects.get(public_id='NCT03239535').pk)"
PUBLICATION = (
    "from trials.models import Trial; print(Trial.objects.get(public_id='NCT03239535').publication)"
)


def test_pg_dump_and_pg_restore_round_trip(cluster, tmp_path):
    source = cluster.create_database("dumped", template="catalogue")
    manage(source, "shell", "-c", PUBLISH_ONE_AS_DRAFT)
    dump = tmp_path / "catalogue.dump"
    subprocess.run(
        [str(BINDIR / "pg_dump"), "-Fc", "-f", str(dump), source], check=True, timeout=120
    )
    restored = cluster.create_database("restored")
    subprocess.run(
        [str(BINDIR / "pg_restore"), "--no-owner", "-d", restored, str(dump)],
        check=True,
        timeout=120,
    )
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    manage(source, "export_trials", "--format", "backup", "--output", str(before))
    manage(restored, "export_trials", "--format", "backup", "--output", str(after))
    assert before.read_text(encoding="utf-8") == after.read_text(encoding="utf-8")
    assert '"publication": "draft"' in after.read_text(encoding="utf-8")
    # The restored database serves searches (the search trigger and indexes came along).
    server = AppServer(restored)
    try:
        status, _headers, body = server.get("/trials/?q=mesenchymal")
        assert status == 200 and re.search(r"<strong>[1-9]\d*</strong> trials? found", body)
    finally:
        server.stop()


PUBLISH_ONE_AS_DRAFT = (
    "from trials.models import Trial; t = Trial.objects.get(public_id='NCT05520125'); "
    "t.publication = 'draft'; t.locked_fields = ['title']; t.save()"
)
