"""The Atom feed is valid Atom: RFC 4287's RELAX NG schema (tests/fixtures/schemas/atom.rnc)
and the two Schematron rules written beside it, checked here; its author, self link, title
and entries say what the search and each trial's latest change are."""

import html
import re
from xml.etree import ElementTree as ET

import pytest
import rnc2rng
from lxml import etree

from tests.conftest import PROJECT
from trials.models import Trial

pytestmark = pytest.mark.django_db

SCHEMAS = PROJECT / "tests" / "fixtures" / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"atom": "http://www.w3.org/2005/Atom", "s": "http://www.ascc.net/xml/schematron"}


def _atom_grammar():
    rng = rnc2rng.dumps(rnc2rng.loads((SCHEMAS / "atom.rnc").read_text(encoding="utf-8")))
    # rnc2rng declares the RNC's ``namespace local = ""`` as xmlns:local="", which XML 1.0
    # forbids; the grammar itself writes that namespace as ns="" and needs no prefix.
    rng = re.sub(r'\s+xmlns:local=""', "", rng)
    return etree.fromstring(rng.encode())


GRAMMAR = _atom_grammar()
RELAX_NG = etree.RelaxNG(GRAMMAR)
# (context, XPath test, message) of each s:rule/s:assert annotation of the schema.
RULES = [
    (rule.get("context"), check.get("test"), check.text)
    for rule in GRAMMAR.iter(f"{{{NS['s']}}}rule")
    for check in rule.iter(f"{{{NS['s']}}}assert")
]


def assert_valid_atom(content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    assert RELAX_NG.validate(document), RELAX_NG.error_log
    assert len(RULES) == 3
    for context, test, message in RULES:
        for node in document.xpath("//" + context, namespaces=NS):
            assert node.xpath(f"boolean({test})", namespaces=NS), message
    return document


def test_schema_catches_what_it_should():
    """The validator is not a rubber stamp: a feed without updated or author fails."""
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id></feed>'
    assert not RELAX_NG.validate(etree.fromstring(bad))
    no_author = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id>'
        b"<updated>2026-01-01T00:00:00Z</updated><entry><title>e</title><id>y</id>"
        b'<updated>2026-01-01T00:00:00Z</updated><link href="/e"/></entry></feed>'
    )
    with pytest.raises(AssertionError, match="atom:author"):
        assert_valid_atom(no_author)


@pytest.mark.parametrize(
    "url", ["/trials/feed/", "/trials/feed/?status=completed", "/trials/feed/?status=nope"]
)
def test_feed_is_valid_atom(client, seeds, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert_valid_atom(response.content)


def test_empty_feed_is_valid_atom(client, seeds):
    assert_valid_atom(client.get("/trials/feed/?q=zzzznothing").content)


def test_feed_names_its_search_and_links_to_itself_with_the_query(client, seeds):
    response = client.get("/trials/feed/?q=cells&status=completed&phase=2")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == (
        "RegenTrials: trials matching “cells”; Status: Completed; Phase: Phase 2"
    )
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/trials/feed/?q=cells&status=completed&phase=2"
    assert links["alternate"] == "http://testserver/trials/?q=cells&status=completed&phase=2"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "RegenTrials"
    assert feed.findtext(f"{ATOM}updated")
    every = ET.fromstring(client.get("/trials/feed/").content)
    assert every.findtext(f"{ATOM}title") == "RegenTrials: all published trials"


def test_each_entry_says_what_changed_since_the_previous_version(client, seeds):
    trial = Trial.objects.get(public_id="NCT04382547")
    before = trial.enrollment
    trial.enrollment = 999
    trial.status, trial.status_raw = "terminated", "Terminated"
    trial.save()
    feed = ET.fromstring(client.get("/trials/feed/").content)
    summaries = {
        entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}summary")
        for entry in feed.iter(f"{ATOM}entry")
    }
    changed = summaries["http://testserver/trials/NCT04382547/"]
    assert f"Enrollment: {before} → 999" in changed
    assert "Status: Completed → Ended early" in changed
    assert "registry's words" not in changed  # said once, in the reader's words
    untouched = summaries["http://testserver/trials/NCT03239535/"]
    assert "First version in the catalogue." in untouched


def test_a_new_registry_wording_of_the_same_status_is_said_as_such(client, seeds):
    trial = Trial.objects.get(public_id="NCT04382547")
    trial.status_raw = "Completed (results posted)"
    trial.save()
    feed = ET.fromstring(client.get("/trials/feed/").content)
    summaries = {
        entry.findtext(f"{ATOM}id"): html.unescape(entry.findtext(f"{ATOM}summary"))
        for entry in feed.iter(f"{ATOM}entry")
    }
    changed = summaries["http://testserver/trials/NCT04382547/"]
    assert "Status in the registry's words: COMPLETED → Completed (results posted)" in changed
