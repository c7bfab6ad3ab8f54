"""Cached answers follow the deployed code as well as the data: a deploy never serves HTML
that older templates rendered from a shared cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.catalogue import versions


@pytest.fixture
def fresh_code_version():
    versions.code_version.cache_clear()
    yield
    versions.code_version.cache_clear()


def test_the_code_version_follows_the_templates(settings, tmp_path, fresh_code_version):
    template = tmp_path / "page.html"
    template.write_text("<p>one</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    first = versions.code_version()
    assert versions.code_version() == first  # read once per process
    versions.code_version.cache_clear()
    template.write_text("<p>two</p>")
    assert versions.code_version() != first


def test_a_deploy_renders_cached_pages_again(client, seeds, monkeypatch):
    client.get("/trials/NCT05520125/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/trials/NCT05520125/")
    monkeypatch.setattr(versions, "code_version", lambda: "another deploy")
    with CaptureQueriesContext(connection) as deployed:
        client.get("/trials/NCT05520125/")
    assert len(deployed) > len(cached)  # the body was read and rendered again


def test_list_fragments_are_keyed_by_the_code_version(db, monkeypatch):
    before = versions.list_fragment_keys(
        versions.catalogue_version(), "status=completed", counts_complete=True
    )
    monkeypatch.setattr(versions, "code_version", lambda: "another deploy")
    after = versions.list_fragment_keys(
        versions.catalogue_version(), "status=completed", counts_complete=True
    )
    assert set(before).isdisjoint(after)
