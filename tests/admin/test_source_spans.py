"""Spans on the change page: stored by the importer, given to the page's script by form
field, in the browser's offsets; documents imported before spans were kept get them too."""

import json
import re

import pytest

from tests.admin_support import change_url
from tests.conftest import SAMPLE_SOURCES
from trials.curation.source_spans import form_spans
from trials.models import SourceDocument, Trial

pytestmark = pytest.mark.django_db

SAMPLE = "000_b087d68130d6e372.txt"


def page_spans(response, source) -> dict:
    page = response.content.decode()
    match = re.search(
        rf'<script id="source-spans-{source.pk}" type="application/json">(.*?)</script>', page
    )
    assert match, "no spans beside the source text"
    return json.loads(match.group(1))


def test_the_importer_stores_each_documents_spans(seeds):
    source = SourceDocument.objects.get(filename=SAMPLE)
    text = (SAMPLE_SOURCES / SAMPLE).read_text(encoding="utf-8")
    (title,) = source.spans["title"]
    assert text[title[0] : title[1]] == source.trial.title
    assert text[slice(*source.spans["enrollment"][0])] == "20"
    assert "spans" not in source.parsed  # kept once, beside the raw text


def test_a_newer_copy_brings_its_own_spans(seeds, tmp_path, import_documents):
    text = (SAMPLE_SOURCES / SAMPLE).read_text(encoding="utf-8")
    changed = tmp_path / SAMPLE
    changed.write_text("\n\n" + text, encoding="utf-8")  # copied again, blank lines first
    import_documents(changed)
    source = SourceDocument.objects.get(filename=SAMPLE)
    start, end = source.spans["title"][0]
    assert start == 2
    assert source.raw_text[start:end] == source.trial.title


def test_the_change_page_gives_spans_by_form_field(admin_client, seeds):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    source = trial.sources.get()
    spans = page_spans(admin_client.get(change_url(trial)), source)
    assert {"title", "status", "enrollment", "criteria-text", "identifiers-value"} <= set(spans)
    criteria = [source.raw_text[s:e] for s, e in spans["criteria-text"]]
    assert criteria == [c.text for c in trial.criteria.order_by("position")][: len(criteria)]
    assert len(criteria) == trial.criteria.count()


def test_a_document_stored_without_spans_gets_them_on_the_page(admin_client, seeds):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    SourceDocument.objects.filter(trial=trial).update(spans={})
    source = trial.sources.get()
    spans = page_spans(admin_client.get(change_url(trial)), source)
    assert source.raw_text[slice(*spans["title"][0])] == trial.title


def test_hostile_stored_spans_are_dropped_and_escaped(admin_client, seeds):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    SourceDocument.objects.filter(trial=trial).update(
        spans={"title": [[0, 10**9], ["</script>", 1]], "</script><script>x": [[0, 1]]}
    )
    response = admin_client.get(change_url(trial))
    page = response.content.decode()
    assert "</script><script>x" not in page
    assert page_spans(response, trial.sources.get()) == {}


def test_offsets_count_as_the_browser_does():
    text = "Title\r\nA trial of 😀 cells\r\nEnrollment: 20\r\n"
    start = text.index("A trial")
    stored = {"title": [[start, start + len("A trial of 😀 cells")]]}
    shown = text.replace("\r\n", "\n")
    (span,) = form_spans(text, stored)["title"]
    as_utf16 = shown.encode("utf-16-le")
    assert as_utf16[2 * span[0] : 2 * span[1]].decode("utf-16-le") == "A trial of 😀 cells"
