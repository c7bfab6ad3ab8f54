"""HTTP caching and rate-limit headers: validators from the catalogue version, 304 answers,
public caching only of anonymous answers without forms, and the RateLimit-* headers."""

import pytest

from tests.admin_support import curator
from trials.models import Trial

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60"


@pytest.mark.parametrize("url", ["/api/trials/?status=completed", "/api/trials/NCT04382547/"])
def test_api_answers_carry_validators_and_304_when_unchanged(client, seeds, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Last-Modified"].endswith("GMT")
    assert first["Cache-Control"] == PUBLIC

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag

    Trial.objects.filter(public_id="NCT04382547").update(title="A new title")
    Trial.objects.filter(public_id="NCT04382547").first().save()  # a write moves updated_at
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_etag_differs_with_the_query(client, seeds):
    assert client.get("/api/trials/")["ETag"] != client.get("/api/trials/?page_size=2")["ETag"]


@pytest.mark.parametrize(
    "url",
    ["/", "/trials/", "/trials/?status=completed", "/trials/NCT04382547/", "/landscape/",
     "/api/", "/api/openapi.json", "/trials/feed/", "/sitemap.xml"],
)  # fmt: skip
def test_anonymous_public_pages_may_be_cached(client, seeds, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC


def test_staff_answers_are_never_cached_publicly(client, seeds, django_user_model):
    client.force_login(curator(django_user_model))
    for url in ["/", "/trials/NCT04382547/", "/api/trials/"]:
        assert "public" not in client.get(url).get("Cache-Control", ""), url


def test_pages_with_a_csrf_token_are_not_cached_publicly(client, settings):
    response = client.get(f"/{settings.ADMIN_URL}login/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_errors_are_not_cached_publicly(client, seeds):
    assert not client.get("/api/trials/?status=bogus").has_header("Cache-Control")
    assert "public" not in client.get("/trials/NCT00000000/").get("Cache-Control", "")


def test_bad_parameter_answer_does_not_say_ignored(client, seeds):
    response = client.get("/api/trials/?status=bogus&age=old")
    assert response.status_code == 400
    details = response.json()["details"]
    assert details == ["Status: unknown value “bogus”", "Eligible at age: Enter a number."]
    assert not any("ignored" in detail for detail in details)


@pytest.fixture
def limit_of_three(settings, monkeypatch):
    settings.RATE_LIMIT_PER_MINUTE = 3
    monkeypatch.setattr("trials.middleware.clock", lambda: 6_000_000_045.0)  # 45 s into a minute


def test_rate_limit_headers_count_down(client, limit_of_three):
    seen = []
    for _ in range(4):
        response = client.get("/api/trials/")
        seen.append((response.status_code, response["RateLimit-Remaining"]))
        assert response["RateLimit-Limit"] == "3"
        assert response["RateLimit-Reset"] == "15"
        assert response["RateLimit-Policy"] == "3;w=60"
    assert seen == [(200, "2"), (200, "1"), (200, "0"), (429, "0")]


def test_no_rate_limit_headers_when_the_limit_is_off(client, settings):
    settings.RATE_LIMIT_PER_MINUTE = 0
    assert not client.get("/api/trials/").has_header("RateLimit-Limit")
