import csv
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
import rispy

from trials.catalogue import stored_records
from trials.catalogue.records import public_record, trial_record
from trials.models import CellType, Organisation, Publication, Trial
from trials.views.spreadsheets import neutralise

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


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
        ("/trials/export.ris?status=completed", "/trials/export.ris"),
        ("/trials/feed/?status=completed", "/trials/feed/"),
    ],
)
def test_query_count_does_not_grow_with_rows(client, seeds, small, large):
    count_queries(client, large)  # warm-up: once-per-connection checks (SQLite's JSON support)
    assert count_queries(client, small) == count_queries(client, large)


# ---- CSV: byte-order mark and formula injection ------------------------------------------


def test_csv_starts_with_a_byte_order_mark_unless_asked_not_to(client, seeds):
    for url in ("/trials/export.csv", "/landscape/cell_type.csv"):
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        assert raw.startswith(b"\xef\xbb\xbf")
        response = client.get(url + "?bom=0")
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        assert raw.startswith((b"id,", b"cell_type,"))


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_becomes_text(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("a" + cell) == "a" + cell
    assert neutralise(-5) == -5 and neutralise(2.5) == 2.5


def test_csv_export_neutralises_formulas(client, seeds):
    formula = '=HYPERLINK("http://evil.example","x")'
    Trial.objects.filter(public_id="NCT03239535").update(title=formula)
    Organisation.objects.filter(sponsored__public_id="NCT03239535").update(name="@SUM(1+1)")
    rows = list(csv.DictReader(io.StringIO(body(client.get("/trials/export.csv")))))
    row = next(row for row in rows if row["id"] == "NCT03239535")
    assert row["title"] == "'" + formula
    assert row["sponsor"] == "'@SUM(1+1)"
    assert row["enrollment"].isdigit()


def test_landscape_csv_neutralises_formulas(client, seeds):
    CellType.objects.filter(term="mesenchymal stromal cells").update(label="-1+cmd|' /C calc'!A0")
    text = client.get("/landscape/cell_type.csv").content.decode("utf-8-sig")
    labels = [row["label"] for row in csv.DictReader(io.StringIO(text))]
    assert "'-1+cmd|' /C calc'!A0" in labels


# ---- RIS ------------------------------------------------------------------------------------


def test_ris_export_parses_as_clinical_trial_references(client, seeds):
    response = client.get("/trials/export.ris?country=BY")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems"
    assert "regentrials.ris" in response["Content-Disposition"]
    text = body(response)
    assert text.endswith("ER  - \r\n\r\n")
    entries = rispy.loads(text)
    assert {entry["accession_number"] for entry in entries} == {
        "NCT05520125", "NCT04382547", "NCT05214014",
    }  # fmt: skip
    entry = next(e for e in entries if e["accession_number"] == "NCT04382547")
    trial = Trial.objects.get(public_id="NCT04382547")
    assert entry["type_of_reference"] == "CTRIAL"
    assert entry["title"] == " ".join(trial.title.split())
    assert entry["urls"] == ["http://testserver/trials/NCT04382547/"]
    assert entry["name_of_database"] == "RegenTrials"
    conditions = [link.condition.name for link in trial.condition_links.all()]
    assert conditions and set(conditions) <= set(entry["keywords"])
    assert entry.get("publisher") == (trial.sponsor.name if trial.sponsor else None)


def test_list_links_the_ris_export_of_its_filters(client, seeds):
    content = client.get("/trials/?country=BY").content.decode()
    assert "/trials/export.ris?country=BY" in content


# ---- cut-off streams and export slots -------------------------------------------------------


def test_json_export_that_fails_midway_never_closes_its_array(client, seeds, monkeypatch):
    calls = []

    def failing(trial, **kwargs):
        calls.append(trial)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return {"id": trial.public_id, "sources": [], "review_flags": []}

    monkeypatch.setattr(stored_records, "trial_record", failing)
    monkeypatch.setattr(stored_records, "CHUNK", 2)
    response = client.get("/trials/export.json")
    received = []
    with pytest.raises(RuntimeError):
        for chunk in response.streaming_content:
            received.append(chunk.decode())
    text = "".join(received)
    assert text.startswith("[") and not text.rstrip().endswith("]")
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


def test_concurrent_exports_per_client_are_limited(client, seeds, settings):
    settings.EXPORTS_PER_CLIENT = 2
    first = client.get("/trials/export.csv")
    second = client.get("/trials/export.json")
    assert first.status_code == second.status_code == 200
    refused = client.get("/trials/export.ris")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    other_client = client.get("/trials/export.csv", REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200
    body(other_client)
    body(first)  # a finished export gives its slot back
    assert client.get("/trials/export.ris").status_code == 200


def test_concurrent_exports_over_the_site_are_limited(client, seeds, settings):
    settings.EXPORTS_AT_ONCE = 1
    running = client.get("/trials/export.csv", REMOTE_ADDR="10.0.0.1")
    assert client.get("/trials/export.csv", REMOTE_ADDR="10.0.0.2").status_code == 429
    running.close()  # an abandoned download gives its slot back too
    assert client.get("/trials/export.csv", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_json_export_records_are_the_records_of_the_api(client, seeds):
    """The export builds records from plain rows; they equal those of model instances."""
    exported = json.loads(body(client.get("/trials/export.json")))
    expected = {
        trial.public_id: public_record(trial_record(trial, base_url="http://testserver"))
        for trial in Trial.objects.published().for_detail()
    }
    assert len(exported) == len(expected) == 5
    for record in exported:
        assert record == json.loads(json.dumps(expected[record["id"]]))
    assert any(record["arms"] and record["arms"][0]["interventions"] for record in exported)
