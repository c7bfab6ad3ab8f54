"""The classification of real registry pages (vendored from the shared corpus; no database).

Each fixture in ``fixtures/corpus_classify/`` holds one real page as it was stored (cut at
about 2,000 bytes), the fields a careful parser takes from it (title, conditions, intervention
names), and the expected ``regen`` in the vocabulary's terms. The page is classified twice:

- as a parser that reads the labels would give it: the labelled fields, with the whole page
  as the brief summary (what no label covers still counts);
- as a generic parse that keeps only the first line as title and the whole page as the
  detailed description, which must classify the same (unless ``whole_page_differs`` says why
  not, e.g. both donor kinds on a page whose labelled title decides).

``expected`` facets are compared exactly (lists as sets); ``expected_includes`` facets must be
among what is found.
"""

import json
from pathlib import Path

import pytest

from trials.parsers.classify import UNMATCHED_CELL_PRODUCT, classify, classify_with_flags
from trials.parsers.record import ParsedIntervention, ParsedTrial

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_classify"
PAGES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def fixture(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def labelled(page: dict) -> ParsedTrial:
    return ParsedTrial(
        format="test",
        title=page["title"],
        conditions=tuple(page["conditions"]),
        interventions=tuple(ParsedIntervention(name) for name in page["interventions"]),
        brief_summary=page["text"],
    )


def whole_page(page: dict) -> ParsedTrial:
    text = page["text"]
    return ParsedTrial(
        format="generic", title=text.strip().splitlines()[0], detailed_description=text
    )


def check(regen, expected: dict, includes: dict) -> None:
    for facet, value in expected.items():
        got = getattr(regen, facet)
        if isinstance(value, list):
            assert set(got) == set(value), facet
        else:
            assert got == value, facet
    for facet, value in includes.items():
        assert set(value) <= set(getattr(regen, facet)), facet


def test_the_corpus_is_vendored():
    assert len(PAGES) == 15


@pytest.mark.parametrize("stem", PAGES)
def test_labelled_page_classifies_as_expected(stem):
    page = fixture(stem)
    check(classify(labelled(page)), page["expected"], page["expected_includes"])


@pytest.mark.parametrize("stem", PAGES)
def test_whole_page_classifies_as_expected(stem):
    page = fixture(stem)
    expected = {**page["expected"], **page["whole_page_differs"]}
    check(classify(whole_page(page)), expected, page["expected_includes"])


@pytest.mark.parametrize("stem", PAGES)
def test_corpus_page_with_a_cell_type_raises_no_classification_flag(stem):
    page = fixture(stem)
    _, flags = classify_with_flags(labelled(page))
    assert UNMATCHED_CELL_PRODUCT not in {flag.code for flag in flags}


@pytest.mark.parametrize("stem", PAGES)
def test_title_alone_finds_the_product(stem):
    """Every page's title (or its first intervention) names a regenerative product."""
    page = fixture(stem)
    names = tuple(ParsedIntervention(name) for name in page["interventions"])
    regen = classify(ParsedTrial(format="test", title=page["title"], interventions=names))
    assert regen.product_types
