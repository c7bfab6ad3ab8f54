"""The API's page for people at /api/: endpoints, parameters, examples, limits, licence."""

import re

import pytest

from trials.models import Trial
from trials.views.api_schema import openapi_document

pytestmark = pytest.mark.django_db


def test_api_page_documents_the_api(client, settings):
    settings.RATE_LIMIT_PER_MINUTE = 120
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    for parameter in openapi_document()["paths"]["/api/trials/"]["get"]["parameters"]:
        assert f"<code>{parameter['name']}</code>" in content
    assert "curl 'http://testserver/api/trials/?status=completed" in content
    assert "curl 'http://testserver/api/trials/NCT04382547/'" in content
    assert "120 requests per minute" in content
    assert "RateLimit-Remaining" in content and "If-None-Match" in content
    assert settings.DATA_LICENSE_NAME in content and 'id="versioning"' in content
    assert 'href="/api/openapi.json"' in content and 'href="/api/openapi.yaml"' in content


def test_api_page_loads_nothing_from_other_origins(client):
    content = client.get("/api/").content.decode()
    assert not re.search(r"""\bsrc=["']?(https?:)?//""", content)
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", content)


def test_json_clients_get_the_entry_points(client):
    response = client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "trials": "http://testserver/api/trials/",
        "openapi": "http://testserver/api/openapi.json",
        "documentation": "http://testserver/api/",
    }
    assert "Accept" in response["Vary"]


def test_navigation_links_to_the_api_page(client):
    content = client.get("/").content.decode()
    nav = content[content.index('aria-label="Main"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="/api/"' in nav
    current = client.get("/api/").content.decode()
    assert 'href="/api/" aria-current="page"' in current


def test_a_repeated_question_does_not_count_its_trials_again(
    client, seeds, django_assert_max_num_queries
):
    first = client.get("/api/trials/?status=completed&page_size=2").json()
    with django_assert_max_num_queries(2):  # the catalogue version, the page's ids
        again = client.get("/api/trials/?status=completed&page_size=2").json()
    assert again == first
    assert first["count"] == Trial.objects.published().filter(status="completed").count()
