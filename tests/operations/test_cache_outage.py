"""Redis down: every page is served uncached, and /readyz says the cache is degraded."""

import logging
import os
import subprocess
import sys

import pytest
from django.core.cache import cache

from config import cache as fail_soft
from tests.admin_support import CHANGELIST
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
PAGES = (
    "/",
    "/trials/",
    "/trials/?status=recruiting&country=BY",
    "/trials/NCT03239535/",
    "/api/trials/",
    "/api/trials/NCT03239535/",
    "/landscape/",
    "/landscape/start_year.csv",
    "/trials/export.csv",
    "/trials/export.json",
    "/trials/feed/",
    "/sitemap.xml",
)


def redis_cache(location: str, prefix: str = "rt-test-outage") -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def outage(monkeypatch):
    state = fail_soft.Outage()
    monkeypatch.setattr(fail_soft, "outage", state)
    monkeypatch.setattr("config.health.outage", state)
    return state


@pytest.fixture
def redis_down(seeds, settings, outage):
    """The sample trials, then a cache pointing at a port nobody listens on."""
    settings.CACHES = redis_cache(CLOSED_PORT)
    return outage


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_served_uncached_while_redis_is_down(client, redis_down, path):
    for _ in range(2):  # the first request meets the outage, the second the resting cache
        response = client.get(path)
        read(response)
        assert response.status_code == 200


def test_admin_list_is_served_while_redis_is_down(admin_client, redis_down):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200


def test_readyz_reports_a_degraded_cache_but_stays_ready(client, redis_down):
    client.get("/trials/")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["cache"].startswith("unreachable: ")
    assert body["cache_failures"] >= 2


def test_an_outage_is_logged_once_and_the_cache_rests(redis_down, caplog, monkeypatch):
    attempts = []
    original = fail_soft.RedisCache.get
    monkeypatch.setattr(
        fail_soft.RedisCache, "get", lambda *a, **k: attempts.append(1) or original(*a, **k)
    )
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get("key", "fallback") == "fallback"
        cache.set("key", 1)
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("other", lambda: 7) == 7
    assert len(attempts) == 1  # the rest of the calls were not sent to the dead server
    assert len(caplog.records) == 1
    assert redis_down.failures == 1


def test_incr_on_a_dead_cache_is_a_missing_key(redis_down):
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_readyz_with_redis_up_is_ok_and_ends_an_outage(client, settings, outage):
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/0", prefix="rt-test-readyz")
    outage.failed("get", ConnectionError("earlier"))
    response = client.get("/readyz")
    if response.json()["cache"] != "ok":
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert not outage.down
    assert cache.get_or_set("rt-readyz-probe", 3, timeout=5) == 3


def test_redis_url_selects_the_fail_soft_cache():
    env = {**os.environ, "REDIS_URL": CLOSED_PORT, "DJANGO_SECRET_KEY": "x"}
    shown = "from config import settings as s; print(s.CACHES['default']['BACKEND'])"
    out = subprocess.run(
        [sys.executable, "-c", shown], env=env, cwd=PROJECT, capture_output=True, text=True
    )
    assert out.stdout.strip() == "config.cache.FailSoftRedisCache", out.stderr
