"""Spans: each parsed value's place in the document it was read from (parsers/spans.py)."""

import itertools
import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_SOURCES
from trials.parsers import parse_document
from trials.parsers import spans as spans_module
from trials.parsers.record import ParseError
from trials.parsers.spans import date_wordings, fold, for_display, from_json, locate
from trials.text import clean_block

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL_DOCUMENTS = sorted(
    [
        *SAMPLE_SOURCES.glob("*.txt"),
        *(FIXTURES / "corpus").glob("*.txt"),
        *(FIXTURES / "layouts").glob("*.txt"),
        *(FIXTURES / "unseen").glob("*.txt"),
    ]
)


def parsed_document(path: Path):
    text = path.read_text(encoding="utf-8")
    try:
        return text, parse_document(text)
    except ParseError:
        pytest.skip("no trial in this document")


def values_of(parsed, field: str) -> list[str]:
    if field == "enrollment":
        return [str(parsed.enrollment)]
    if field.endswith("_date"):
        return date_wordings(getattr(parsed.dates, field.removesuffix("_date")))
    record = {
        "registry_ids": [i.value for i in parsed.registry_ids],
        "interventions": [i.name for i in parsed.interventions],
        "arms": [a.label for a in parsed.arms],
        "primary_outcomes": [o.measure for o in parsed.primary_outcomes],
        "secondary_outcomes": [o.measure for o in parsed.secondary_outcomes],
        "locations": [lo.facility for lo in parsed.locations],
        "contacts": [c.name for c in parsed.contacts],
    }
    if field in record:
        return record[field]
    value = getattr(parsed, field)
    return list(value) if isinstance(value, tuple) else [value]


def points_at(passage: str, value: str) -> bool:
    """The passage is the value as the document writes it: equal once folded, or (a long
    value reflowed by the parser) beginning and ending with its words."""
    passage, value = fold(passage), fold(value)
    if passage == value:
        return True
    return len(value) > 120 and passage[:60] == value[:60] and passage[-60:] == value[-60:]


@pytest.mark.parametrize("path", REAL_DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_span_points_at_its_value(path):
    text, parsed = parsed_document(path)
    assert parsed.spans, "no value found in its own document"
    for field, spans in parsed.spans.items():
        values = values_of(parsed, field)
        for start, end in spans:
            passage = text[start:end]
            assert any(points_at(passage, value) for value in values), (field, passage)


@pytest.mark.parametrize("path", sorted(SAMPLE_SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_the_sample_documents_have_spans_for_their_main_fields(path):
    _, parsed = parsed_document(path)
    assert {"title", "status_raw", "registry_ids", "enrollment"} <= set(parsed.spans)
    criteria = (
        *parsed.inclusion_criteria, *parsed.exclusion_criteria, *parsed.unclassified_criteria
    )  # fmt: skip
    found = sum(
        len(parsed.spans.get(name, ()))
        for name in ("inclusion_criteria", "exclusion_criteria", "unclassified_criteria")
    )
    assert found == len(criteria)


# (document, field, the exact passage of its first span, where the passage must stand)
EXACT = [
    ("000_b087d68130d6e372.txt", "enrollment", "20", "- Target Recruitment\n- 20\n"),
    ("000_b087d68130d6e372.txt", "status_raw", "UNKNOWN", "- Status\n- UNKNOWN\n"),
    ("002_fc96db3f7cbf1ef5.txt", "recruitment_status", "In arruolamento", "In arruolamento"),
    ("002_fc96db3f7cbf1ef5.txt", "status_raw", "Authorised", "The status in the source data is"),
    ("003_4d047765c7be5993.txt", "title", "Treatment of Systemic Sclerosis With Autologous "
     "Regulatory Т-cells", "Т-cells\n- Conditions"),  # the Cyrillic Т as the page has it
    ("004_06d783c427b23371.txt", "enrollment", "40", "40"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "field", "passage", "context"), EXACT)
def test_spans_point_at_the_value_as_written(name, field, passage, context):
    text, parsed = parsed_document(SAMPLE_SOURCES / name)
    start, end = parsed.spans[field][0]
    assert text[start:end] == passage
    around = text[max(0, start - 80) : end + 80]
    assert context in around


def test_list_items_are_found_in_order():
    text = "Title\nInclusion\n- HIV negative\n- adult\nExclusion\n- HIV\n- adult\n"
    from trials.parsers.record import ParsedTrial

    parsed = ParsedTrial(
        format="generic",
        title="Title",
        inclusion_criteria=("HIV negative", "adult"),
        exclusion_criteria=("HIV", "adult"),
    )
    spans = locate(parsed, text)
    inclusion, exclusion = text.index("Inclusion"), text.index("Exclusion")
    assert [text[s:e] for s, e in spans["inclusion_criteria"]] == ["HIV negative", "adult"]
    assert all(inclusion < s < exclusion for s, _ in spans["inclusion_criteria"])
    # an item another value holds is passed over: the exclusions are the later ones
    assert [text[s:e] for s, e in spans["exclusion_criteria"]] == ["HIV", "adult"]
    assert all(s > exclusion for s, _ in spans["exclusion_criteria"])


def test_whitespace_and_case_differences_are_ignored():
    from trials.parsers.record import ParsedTrial

    text = "BRIEF SUMMARY\n  Cells   for\n  knee\tcartilage.\n"
    parsed = ParsedTrial(format="generic", title="x", brief_summary="cells for knee cartilage.")
    (span,) = locate(parsed, text)["brief_summary"]
    assert text[slice(*span)] == "Cells   for\n  knee\tcartilage."


def test_folding_never_makes_or_unmakes_white_space():
    # Folded relies on it: a text folded one character for one keeps its gaps where they were.
    whitespace = re.compile(r"\s")
    for code in itertools.chain(range(0xD800), range(0xE000, 0x110000)):
        char = chr(code)
        folded = spans_module._folded(char)
        assert folded, hex(code)
        if len(folded) == 1:
            assert bool(whitespace.match(char)) == bool(whitespace.match(folded)), hex(code)


@pytest.mark.parametrize(
    "text",
    ["", "  ", "a", "Cells   for\n  knee\tcartilage. ", " Straße  İstanbul\u00a0 ΣΑΣ  x", "ß ß"],
)
def test_folded_offsets_point_at_the_original_characters(text):
    expected, origins = "", []  # folded one character at a time, a gap as one space
    for index, char in enumerate(text):
        if char.isspace():
            if not (index and text[index - 1].isspace()):
                expected, origins = expected + " ", [*origins, index]
            continue
        pieces = spans_module._folded(char)
        expected, origins = expected + pieces, origins + [index] * len(pieces)
    document = spans_module.Folded(text)
    assert document.text == expected
    assert [document.origin(index) for index in range(len(expected))] == origins
    for offset in range(len(text) + 1):
        assert document.position(offset) == sum(origin < offset for origin in origins)


def test_a_reflowed_long_value_spans_from_its_first_to_its_last_words():
    from trials.parsers.record import ParsedTrial

    body = "First words of a long description that goes on. " * 4
    last = "and the last item of the list, which the parser joined to the others, ends here."
    text = "Description\n* " + body + "\n* " + last + "\n"
    value = clean_block(body + " " + last)
    parsed = ParsedTrial(format="generic", title="x", detailed_description=value)
    (span,) = locate(parsed, text)["detailed_description"]
    assert text[slice(*span)].startswith("First words") and text[slice(*span)].endswith("here.")


def test_for_display_counts_as_the_browser():
    text = "a\r\nb\U0001f600c\rd"
    spans = {"x": ((3, 4), (5, 6), (7, 8))}  # b, c, d
    # "\r\n" is one character; the emoji two UTF-16 units; a lone "\r" stays one
    assert for_display(text, spans) == {"x": ((2, 3), (5, 6), (7, 8))}
    assert for_display("abc", {"x": ((0, 2), (2, 9))}) == {"x": ((0, 2),)}


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"title": [[0, 5]]}, {"title": ((0, 5),)}),
        ({"title": [[5, 0], [1, "2"], [True, 3], [1, 2, 3]]}, {}),
        ({"title": "0-5", 3: [[0, 1]]}, {}),
        ([["title", [0, 5]]], {}),
        (None, {}),
    ],
)
def test_stored_spans_are_checked(stored, expected):
    assert from_json(stored) == expected


@pytest.mark.parametrize(
    ("text", "value", "passage"),
    [
        ("Start date: July 2013\n", "2013-07", "July 2013"),
        ("First posted\nApril 30, 2013\n", "2013-04-30", "April 30, 2013"),
        ("Date registered 30/04/2013\n", "2013-04-30", "30/04/2013"),
        ("Anticipated 5/05/2022\n", "2022-05-05", "5/05/2022"),
        ("Start 2021-03-01 and end\n", "2021-03-01", "2021-03-01"),
        ("Start: 12 Sept 2019\n", "2019-09-12", "12 Sept 2019"),
    ],
)
def test_dates_are_found_as_the_page_writes_them(text, value, passage):
    from trials.parsers.record import ParsedTrial, TrialDates

    parsed = ParsedTrial(format="generic", title="x", dates=TrialDates(start=value))
    (span,) = locate(parsed, text)["start_date"]
    assert text[slice(*span)] == passage
