import csv
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from trials.models import Publication, Trial

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_export_follows_filters(client, seeds):
    response = client.get("/trials/export.csv?country=BY")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {row["id"] for row in rows} == {"NCT05520125", "NCT04382547", "NCT05214014"}
    assert rows[0]["countries"] == "BY"


def test_json_export_validates(client, seeds, record_schema):
    records = json.loads(body(client.get("/trials/export.json")))
    assert len(records) == 5
    for record in records:
        jsonschema.validate(record, record_schema)


def test_exports_query_count_is_constant(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        body(client.get("/trials/export.csv"))


def test_feed_is_atom_of_the_search(client, seeds):
    response = client.get("/trials/feed/?status=completed")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert "NCT04382547" in entries[0].find(f"{ATOM}title").text


def test_list_advertises_feed(client, seeds):
    content = client.get("/trials/?status=completed").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in content
    assert "/trials/feed/?status=completed" in content


def test_drafts_hidden_from_exports_feed_and_sitemap(client, seeds):
    Trial.objects.filter(public_id="NCT05520125").update(publication=Publication.DRAFT)
    assert "NCT05520125" not in body(client.get("/trials/export.csv"))
    assert "NCT05520125" not in body(client.get("/trials/export.json"))
    assert b"NCT05520125" not in client.get("/trials/feed/").content
    sitemap = client.get("/sitemap-trials.xml")
    assert sitemap.status_code == 200
    assert b"/trials/NCT03239535/" in sitemap.content
    assert b"NCT05520125" not in sitemap.content


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            body(response)
    return len(context)


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/api/trials/?page_size=1", "/api/trials/?page_size=5"),
        ("/trials/export.csv?status=completed", "/trials/export.csv"),
        ("/trials/export.json?status=completed", "/trials/export.json"),
        ("/trials/feed/?status=completed", "/trials/feed/"),
    ],
)
def test_query_count_does_not_grow_with_rows(client, seeds, small, large):
    assert count_queries(client, small) == count_queries(client, large)
