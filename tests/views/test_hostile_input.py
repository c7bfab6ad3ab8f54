"""Hostile input: fuzzed query parameters never produce a 500; hostile documents are refused,
or stored and always rendered escaped (HTML, JSON-LD, the Atom feed, the API, the admin)."""

import csv
import io
import json
import re
import string
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import pytest
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PROJECT
from trials.models import Trial

ALLOWED = {200, 301, 302, 400, 404}
ENDPOINTS = (
    "/trials/",
    "/api/trials/",
    "/trials/export.csv",
    "/trials/export.json",
    "/trials/feed/",
)
PARAMETERS = (
    "q", "status", "phase", "condition", "condition_area", "cell_type", "source_tissue",
    "donor", "route", "product_type", "country", "sex", "age", "healthy_volunteers",
    "study_type", "enrollment_min", "enrollment_max", "registry", "sort", "page", "page_size",
)  # fmt: skip
KNOWN_VALUES = (
    "recruiting", "completed", "2", "early_1", "msc", "bone_marrow", "autologous", "US", "ES",
    "all", "female", "true", "false", "interventional", "nct", "relevance", "-updated",
    "enrollment", "-enrollment", "title", "1", "25", "100",
)  # fmt: skip

no_surrogates = st.characters(exclude_categories=("Cs",))
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e309", "-0", "0x1F", "１２", "٣", "1_000", " 7 ", "NaN", "--1", "9" * 400]),
)
values = st.one_of(
    st.text(no_surrogates, max_size=60),
    st.text(st.sampled_from("\x00\x01\x1b\x7f\u202e\ufeff\u0301<>\"'&%;\\/"), max_size=20),
    st.sampled_from(KNOWN_VALUES),
    st.sampled_from(KNOWN_VALUES).map(lambda v: v.upper() + "\x00"),
    numbers,
    st.just("x" * 10_240),
    st.just("é" * 5_000),
    st.just("' OR 1=1 --"),
    st.just("<script>alert(1)</script>"),
)
keys = st.one_of(st.sampled_from(PARAMETERS), st.text(no_surrogates, min_size=1, max_size=12))
pairs = st.lists(st.tuples(keys, values), max_size=6)
repeated = st.tuples(st.sampled_from(PARAMETERS), st.lists(values, min_size=2, max_size=40)).map(
    lambda kv: [(kv[0], v) for v in kv[1]]
)
raw_bytes = st.binary(max_size=40).map(lambda b: "".join(f"%{byte:02X}" for byte in b))


def query_strings():
    return st.one_of(
        pairs.map(urlencode),
        repeated.map(urlencode),
        st.tuples(st.sampled_from(PARAMETERS), raw_bytes).map(lambda kv: f"{kv[0]}={kv[1]}"),
        st.text(st.sampled_from(string.printable), max_size=80).map(
            lambda s: quote(s, safe="=&;+%")
        ),
    )


def fetch(client, url: str):
    """The response, its streamed body read (errors in a stream surface here)."""
    response = client.get(url)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_fuzzed_parameters_never_break_a_page(client, seeds, endpoint):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings())
    def check(query):
        response = fetch(client, f"{endpoint}?{query}")
        assert response.status_code in ALLOWED, (query, response.status_code)

    check()


HOSTILE_QUERIES = (
    "page=-1", "page=99999999999999999999999", "page_size=-5", "page_size=1e9",
    "enrollment_min=-1e400", "enrollment_max=1" + "0" * 5000, "age=nan", "age=-inf",
    "status=" + "&status=".join(["recruiting"] * 500), "sort=password", "q=%00",
    "q=" + "x" * 10_240, "country=%FF%FE", "healthy_volunteers=maybe", "%00=%00",
)  # fmt: skip


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_known_hostile_parameters(client, seeds, endpoint):
    for query in HOSTILE_QUERIES:
        assert fetch(client, f"{endpoint}?{query}").status_code in ALLOWED, query


# Hostile documents -----------------------------------------------------------------------

PAYLOAD = '<script>alert("x")</script>"><img src=x onerror=alert(1)>\x07\x1b]0;t\x07\u202e&amp;]]>'
MARKUP = re.compile(r"<script>alert|<img src=x|\x07|\x1b")
LABELS = {
    "skip to main content", "recruiting", "sponsor", "information provided by",
    "last update posted", "study overview", "brief summary", "official title", "conditions",
    "intervention / treatment", "other study id numbers", "study start (actual)",
    "primary completion (estimated)", "study completion (estimated)", "enrollment (estimated)",
    "study type", "phase", "contacts and locations", "participation criteria",
    "eligibility criteria", "inclusion criteria:", "exclusion criteria:",
    "ages eligible for study", "sexes eligible for study", "accepts healthy volunteers",
    "study plan", "design details", "arms and interventions", "primary outcome measures",
    "secondary outcome measures", "interventional", "phase 2", "all", "no",
}  # fmt: skip


def hostile_document() -> str:
    """The ClinicalTrials.gov page fixture with markup and control characters in every value."""
    base = (PROJECT / "tests" / "fixtures" / "generic" / "ctgov_study_page.txt").read_text()
    lines = []
    for line in base.split("\n"):
        plain = line.strip().lower()
        if not plain or plain in LABELS or re.fullmatch(r"[\d-]+|nct\d+", plain) or "\t" in line:
            lines.append(line)
        else:
            lines.append(f"{line} {PAYLOAD}")
    return "\n".join(lines)


@pytest.fixture
def hostile_trial(import_documents, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(hostile_document(), encoding="utf-8")
    import_documents(path, publish=True)
    trial = Trial.objects.get(public_id="NCT01234567")
    assert "<script>" in trial.title  # stored as given, to be escaped on the way out
    assert "\x07" not in trial.title and "\x1b" not in trial.title  # dropped on reading
    return trial


def test_hostile_trial_renders_escaped_in_html(client, hostile_trial):
    for url in ("/trials/NCT01234567/", "/trials/?q=osteoarthritis", "/"):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert not MARKUP.search(content), url
        assert "&lt;script&gt;alert(" in content, url


def test_hostile_trial_json_ld_cannot_close_its_script(client, hostile_trial):
    content = client.get("/trials/NCT01234567/").content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
    data = json.loads(block.group(1))
    assert data["name"] == hostile_trial.title
    assert "</" not in block.group(1) and "<script" not in block.group(1)


def test_hostile_trial_atom_feed_is_well_formed_and_escaped(client, hostile_trial):
    response = client.get("/trials/feed/")
    assert response.status_code == 200
    content = response.content.decode()
    assert not MARKUP.search(content)
    feed = ElementTree.fromstring(response.content)  # raises on invalid XML
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert any('<script>alert("x")</script>' in title for title in titles)


def test_control_characters_pasted_by_a_curator_do_not_break_the_feed(client, seeds):
    Trial.objects.filter(public_id="NCT04382547").update(title="Bell\x07 and escape\x1b[31m")
    response = client.get("/trials/feed/")
    assert response.status_code == 200
    ElementTree.fromstring(response.content)
    assert "Bell and escape[31m (NCT04382547)" in response.content.decode()


def test_hostile_trial_in_api_and_exports(client, hostile_trial):
    # Data, not pages: JSON and CSV carry the text as it is, never served as HTML.
    api = client.get("/api/trials/NCT01234567/")
    assert api["Content-Type"] == "application/json" and api["X-Content-Type-Options"] == "nosniff"
    assert '<script>alert("x")</script>' in api.json()["title"]
    export = fetch(client, "/trials/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.body.decode("utf-8-sig"))))
    assert any('<script>alert("x")</script>' in row["title"] for row in rows)
    export = fetch(client, "/trials/export.json")
    assert export["Content-Type"].startswith("application/json")
    records = json.loads(export.body)
    records = records["results"] if isinstance(records, dict) else records
    assert any('<script>alert("x")</script>' in record["title"] for record in records)


def test_hostile_trial_renders_escaped_in_the_admin(admin_client, hostile_trial):
    for url in (
        "/admin/trials/trial/",
        f"/admin/trials/trial/{hostile_trial.pk}/change/",
        f"/admin/trials/trial/{hostile_trial.pk}/history/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert not re.search(r"<script>alert|<img src=x", response.content.decode()), url


def test_huge_document_is_refused(import_documents, tmp_path, settings):
    path = tmp_path / "huge.txt"
    base = (PROJECT / "tests" / "fixtures" / "generic" / "ctgov_study_page.txt").read_text()
    path.write_text(base + "\n" + "x" * settings.IMPORT_MAX_BYTES, encoding="utf-8")
    with pytest.raises(CommandError, match="failed"):
        import_documents(path, publish=True)
    assert not Trial.objects.exists()


def test_deeply_repeated_sections_import_bounded(import_documents, tmp_path, client):
    base = (PROJECT / "tests" / "fixtures" / "generic" / "ctgov_study_page.txt").read_text()
    head, _, tail = base.partition("Conditions\n")
    repeated = "".join(f"Conditions\nCondition number {i}\n" for i in range(3_000))
    path = tmp_path / "repeated.txt"
    path.write_text(head + repeated + "Conditions\n" + tail, encoding="utf-8")
    import_documents(path, publish=True)
    trial = Trial.objects.get(public_id="NCT01234567")
    assert client.get(trial.get_absolute_url()).status_code == 200
    assert fetch(client, "/trials/feed/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/trials/", "/api/trials/", "/trials/export.json", "/trials/feed/"]
)
def test_a_query_of_only_control_characters_is_no_query(client, path):
    # Found by the fuzzing above on PostgreSQL: "relevance" was the default sort with no rank.
    assert client.get(path, {"q": ["", "\x1b"]}).status_code == 200
