"""Any other page (a layout no format recognises) read by its labels.

Extracts what the shared label table recognises ("Status", "Phase", "Enrollment",
"Inclusion Criteria", "Minimum Age"...), registry ids of any registry anywhere, and flags
the document for review, naming what it could not find.
"""

from trials.parsers.cleaning import prepare, strip_marker
from trials.parsers.draft import Draft
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.layouts import (
    drop_cut_label,
    head_lines,
    page_lines,
    read_preamble,
    read_sections_into,
)
from trials.parsers.record import ParsedTrial
from trials.parsers.sections import LABELS, label_key, read_sections

NAME = "generic"
# What a curator expects to see, by record field: noted in the review flag when missing.
_EXPECTED = (
    ("status", "status"),
    ("phases", "phases"),
    ("study_type", "study type"),
    ("conditions", "conditions"),
    ("interventions", "interventions"),
    ("enrollment", "enrollment"),
    ("sponsor", "sponsor"),
    ("primary_outcomes", "primary outcomes"),
)
_CRITERIA = ("inclusion_criteria", "exclusion_criteria", "unclassified_criteria")


def sniff(text: str) -> float:
    """Always above zero, so that detection has an answer; grows with the labels it knows."""
    short = (line for line in text[:50_000].split("\n") if len(line) <= 60)
    labels = sum(1 for line in short if label_key(strip_marker(line).rstrip(" :")) in LABELS)
    ids = 0.05 if registry_ids_in(text[:50_000]) else 0.0
    return round(min(0.4, 0.05 + ids + 0.03 * labels), 2)


def parse(text: str) -> ParsedTrial:
    text = prepare(text)
    preamble, sections = read_sections(page_lines(text), LABELS)
    drop_cut_label(sections, LABELS)
    draft = Draft(NAME)
    read_sections_into(draft, sections)
    evidence = len(sections) >= 2 or bool(registry_ids_in(text))
    read_preamble(draft, head_lines(preamble, sections), guess_title=evidence)
    draft.flag("unknown_format", _missing(draft))
    return draft.finish(text)


def _missing(draft: Draft) -> str:
    missing = [label for name, label in _EXPECTED if not draft.has(name)]
    if not any(draft.has(name) for name in _CRITERIA):
        missing.append("eligibility criteria")
    if not draft.has("locations") and not draft.has("countries"):
        missing.append("locations or countries")
    found = "; not found: " + ", ".join(missing) if missing else ""
    return f"layout not recognised, read by its labels (generic parser){found}"
