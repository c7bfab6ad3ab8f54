"""Registry-aggregator pages (seeds 000, 001, 003), flattened by the copy.

Title on the first line, then "- Label" / "- value" items under the headings
"Recruitment & Eligibility", "Study & Design" and "Trial Locations". Criteria follow the
recruitment fields without a label saying which include and which exclude; tables
("Group Intervention Description ...", "Name Time Method ...") arrive as run-on text.
"""

from trials.parsers.cleaning import clean, clean_item, prepare
from trials.parsers.draft import Draft, apply_sections, criteria_items
from trials.parsers.furniture import is_furniture
from trials.parsers.layouts import read_preamble
from trials.parsers.record import ParsedTrial
from trials.parsers.sections import LABELS, Section, read_sections, signal_score
from trials.parsers.tables import location_of, locations_of

NAME = "aggregator"
SIGNALS = (
    ("Registration Number", 0.3),
    ("Recruitment & Eligibility", 0.3),
    ("Study & Design", 0.25),
    ("Trial Locations", 0.15),
    ("Target Recruitment", 0.2),
    ("Arm && Interventions", 0.2),
    ("Group Intervention Description", 0.2),
    ("Name Time Method", 0.2),
)
# Recruitment fields the page follows with its unlabelled criteria.
_CRITERIA_HOSTS = frozenset(
    {"status", "sex", "enrollment", "ages", "min_age", "max_age", "healthy_volunteers"}
)


def sniff(text: str) -> float:
    return signal_score(text, SIGNALS)


def parse(text: str) -> ParsedTrial:
    text = prepare(text)
    preamble, sections = read_sections(text.split("\n"), LABELS)
    draft = Draft(NAME)
    heading = [line for line in preamble if clean_item(line) and not is_furniture(line)]
    draft.put("title", clean_item(heading[0]) if heading else "")
    for section in apply_sections(draft, sections):
        if section.key == "arms":
            draft.add_arms_table(section.lines)
        elif section.key == "@locations":
            draft.add("locations", locations_of(section.lines))
        elif section.key == "@recruitment":  # criteria right under the heading
            draft.add("unclassified_criteria", criteria_items(section.lines))
    read_preamble(draft, preamble[1:] if heading else preamble, guess_title=False)
    for section in sections:
        if section.key in _CRITERIA_HOSTS:
            draft.add("unclassified_criteria", criteria_items(section.extra_lines()))
    return draft.finish(text, complete=_complete(sections))


def _complete(sections: list[Section]) -> bool:
    """The page ends with its site list, as many sites as "Locations (N)" announces."""
    tail = sections[-1] if sections else None
    if tail is None or tail.key not in ("locations", "@locations"):
        return False
    announced = int(tail.qualifier) if tail.qualifier.isdigit() else None
    if announced == 0:
        return True
    last = next((clean(line) for line in reversed(tail.lines) if line.strip()), "")
    found = len(locations_of(tail.lines))
    return location_of(last) is not None and (announced is None or found >= announced)
