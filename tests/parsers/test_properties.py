"""Property tests: no text makes detection or a parser fail with anything but ParseError, and
whatever a parser returns fits the published record's schema."""

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.conftest import SCHEMA_PATH
from tests.parsers_support import record_of
from trials.parsers import FORMATS, detect, parse_document
from trials.parsers.record import ParsedTrial, ParseError
from trials.parsers.sections import LABELS

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
SCHEMA = SCHEMA_PATH
VALIDATOR = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))

SEEDS = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.txt"))]
SEED_LINES = sorted({line for text in SEEDS for line in text.split("\n")})
LABEL_WORDS = sorted(LABELS) + [
    "Recruitment & Eligibility", "Study & Design", "Trial Locations", "Status and phase",
    "Name Time Method", "Group Intervention Description", "Trial IDPhaseCondition studiedStatus",
    "Sperimentazioni cliniche in corso su X", "Inclusion Criteria:", "Exclusion Criteria:",
    "Experimental group", "Description:", "Treatment:", "Locations (3)", "Glossario",
    "40 participants in 2 patient groups", "Biological: X", "Other: Y", "Riferimenti",
]  # fmt: skip
VALUES = [
    "NCT01234567", "2025-520841-60-00", "EUCTR2004-000123-45-GB", "ChiCTR-IOR-17013123",
    "Phase 2", "PHASE1, PHASE2", "Recruiting", "In arruolamento", "18 to 80 years old",
    "Minimum Age: 6 Months", "🇧🇾Minsk, Belarus", "Francia Germania", "≥ 18 years", "= 18",
    "1\\2", "\\*", "\\_", "40 estimated patients", "Baseline, 6 months", "Day 28", "•", "?",
]  # fmt: skip
MARKERS = ["", "- ", "• ", "* ", "? ", "1. ", "  ", "\\- ", "\t"]

line = st.one_of(
    st.sampled_from(SEED_LINES),
    st.sampled_from(LABEL_WORDS),
    st.sampled_from(VALUES),
    st.text(max_size=60),
)
line_soup = st.lists(st.tuples(st.sampled_from(MARKERS), line), max_size=50).map(
    lambda pairs: "\n".join(marker + text for marker, text in pairs)
)


@st.composite
def damaged_seed(draw: st.DrawFn) -> str:
    """A seed cut anywhere, with a few characters replaced and its lines shuffled a little."""
    text = draw(st.sampled_from(SEEDS))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    text = text[start:end]
    for _ in range(draw(st.integers(0, 5))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        text = (
            text[:at]
            + draw(st.sampled_from(["?", "=", "\\", "\n", "", "- ", "\r\n"]))
            + text[at + 1 :]
        )
    lines = text.split("\n")
    if draw(st.booleans()) and len(lines) > 2:
        i, j = sorted(draw(st.lists(st.integers(0, len(lines) - 1), min_size=2, max_size=2)))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


# Repetitive runs of the tokens the patterns care about: catches backtracking blow-ups.
TOKENS = ["1", ",", " ", "-", "and", "months", "Phase", "2", "/", "A", "a", "\n", ":", "Day"]
token_runs = st.lists(st.sampled_from(TOKENS), max_size=300).map("".join)

documents = st.one_of(st.text(max_size=400), line_soup, damaged_seed(), token_runs)


def check_record(parsed: ParsedTrial) -> None:
    """The parsed record (made complete with the project's own keys) fits the schema."""
    record = record_of(parsed) | {"id": "x", "url": "/x", "sources": [], "updated_at": "now"}
    record["title"] = record["title"] or "(untitled)"
    errors = [error.message for error in VALIDATOR.iter_errors(record)]
    assert errors == [], errors
    assert all(item and item == item.strip() for item in parsed.unclassified_criteria)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in parsed.countries)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_detect_and_every_parser_only_raise_parse_error(text):
    detection = detect(text)
    assert detection.format in FORMATS and 0 < detection.confidence <= 1 and detection.reason
    for module in FORMATS.values():
        try:
            parsed = module.parse(text)
        except ParseError:
            continue
        check_record(parsed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parse_document_only_raises_parse_error(text):
    try:
        parsed = parse_document(text)
    except ParseError:
        return
    assert parsed.title or parsed.registry_ids
    check_record(parsed)
