"""Any other page (a ClinicalTrials.gov study page, a WHO ICTRP record...) read by its labels.

Extracts what the shared label table recognises ("Status", "Phase", "Enrollment",
"Inclusion Criteria", "Minimum Age"...), registry ids of any registry anywhere, and flags
the document for review, naming what it could not find.
"""

import re

from trials.parsers.cleaning import clean_item, has_marker, prepare, strip_marker
from trials.parsers.draft import Draft, apply_sections, criteria_items
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.record import ParsedTrial
from trials.parsers.sections import LABELS, label_key, read_sections
from trials.parsers.tables import arms_from_blocks, locations_of
from trials.vocab.fields import lookup

NAME = "generic"
_NAVIGATION = re.compile(
    r"^(?:skip to|menu|home|search|back to|sign in|log in|study details|share|print|save)\b"
    r"|https?:",
    re.IGNORECASE,
)
_FLAT_TABLE = re.compile(r"Group\s+Intervention\s+Description", re.IGNORECASE)
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
    preamble, sections = read_sections(text.split("\n"), LABELS)
    draft = Draft(NAME)
    for section in apply_sections(draft, sections):
        if section.key == "arms" and _FLAT_TABLE.search(" ".join(section.lines)):
            draft.add_arms_table(section.lines)
        elif section.key == "arms":
            draft.add("arms", arms_from_blocks(section.lines, draft.intervention_names()))
        elif section.key == "@locations":
            draft.add("locations", locations_of(section.lines))
        elif section.key == "@recruitment":  # bulleted criteria under a bare heading
            bulleted = [line for line in section.lines if has_marker(line)]
            draft.add("unclassified_criteria", criteria_items(bulleted))
    evidence = len(sections) >= 2 or bool(registry_ids_in(text))
    _read_preamble(draft, preamble, guess_title=evidence)
    draft.flag("unknown_format", _missing(draft))
    return draft.finish(text)


def _read_preamble(draft: Draft, preamble: list[str], *, guess_title: bool) -> None:
    """The labelled title, else the page heading, else the official title; a lone status
    wording near the top (the status badge of a registry page) is the status. A heading is
    taken for a title only on a page that shows some trial (labels or a registry id)."""
    lines = [clean_item(line) for line in preamble if not _NAVIGATION.search(line)]
    lines = [line for line in lines if line and not line.endswith(":")]
    for line in lines:
        if len(line.split()) <= 4 and lookup("status", line):
            draft.put_status(line)
    if draft.has("title"):
        return
    heading = next((line for line in lines if 4 <= len(line.split()) <= 60), "")
    if guess_title and heading and not heading.endswith("."):
        draft.put("title", heading)
        draft.flag("title_guessed", f"no labelled title; the heading '{heading[:60]}' is used")
    draft.put("title", draft.values.get("official_title", ""))


def _missing(draft: Draft) -> str:
    missing = [label for name, label in _EXPECTED if not draft.has(name)]
    if not any(draft.has(name) for name in _CRITERIA):
        missing.append("eligibility criteria")
    if not draft.has("locations") and not draft.has("countries"):
        missing.append("locations or countries")
    found = "; not found: " + ", ".join(missing) if missing else ""
    return f"layout not recognised, read by its labels (generic parser){found}"
