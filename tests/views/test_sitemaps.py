"""The sitemap index and its pages validate against the sitemaps.org XML schemas (vendored in
tests/fixtures/schemas with their source URLs) and list every published trial once."""

import pytest
from lxml import etree

from tests.conftest import PROJECT
from trials.models import Publication, Trial
from trials.views.sitemaps import URLS_PER_PAGE, TrialSitemap

pytestmark = pytest.mark.django_db

SCHEMAS = PROJECT / "tests" / "fixtures" / "schemas"
INDEX_SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMAS / "siteindex.xsd")))
URLSET_SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def valid(schema, content: bytes):
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    return document


def test_pages_hold_at_most_10000_urls():
    assert TrialSitemap.limit == URLS_PER_PAGE == 10_000


def test_sitemap_index_pages_through_every_published_trial(client, seeds, monkeypatch):
    monkeypatch.setattr(TrialSitemap, "limit", 2)
    Trial.objects.filter(public_id="NCT05520125").update(publication=Publication.DRAFT)
    index = valid(INDEX_SCHEMA, client.get("/sitemap.xml").content)
    entries = index.xpath("//sm:sitemap", namespaces=NS)
    locations = [e.findtext("sm:loc", namespaces=NS) for e in entries]
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-trials.xml",
        "http://testserver/sitemap-trials.xml?p=2",
    ]
    assert all(e.findtext("sm:lastmod", namespaces=NS) for e in entries)

    listed = []
    for location in locations:
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200
        page = valid(URLSET_SCHEMA, response.content)
        urls = page.xpath("//sm:url", namespaces=NS)
        assert len(urls) <= 4
        assert all(url.findtext("sm:lastmod", namespaces=NS) for url in urls)
        listed += [url.findtext("sm:loc", namespaces=NS) for url in urls]
    trials = [url for url in listed if "/trials/" in url and url != "http://testserver/trials/"]
    published = Trial.objects.published()
    assert sorted(trials) == sorted(f"http://testserver{t.get_absolute_url()}" for t in published)
    assert "http://testserver/api/" in listed
    assert client.get("/sitemap-trials.xml?p=3").status_code == 404


def test_schema_rejects_a_broken_sitemap():
    broken = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>x</lastmod></url></urlset>'
    assert not URLSET_SCHEMA.validate(etree.fromstring(broken))


def test_sitemap_index_costs_few_queries(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200
