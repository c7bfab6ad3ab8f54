"""ClinicalTrials.Veeva study pages (seed 004).

Header ("ClinicalTrials.Veeva", "Menu"), the title, the sponsor's logo letter and name, then
labelled blocks: "Status and phase", "Treatments", "Identifiers", "Details and patient
eligibility", "Trial design" with one block per patient group, "Central trial contact".
"""

import re

from trials.parsers.cleaning import clean_item, prepare
from trials.parsers.draft import Draft, apply_sections
from trials.parsers.record import ParsedTrial
from trials.parsers.sections import LABELS, Section, label_key, read_sections, signal_score
from trials.parsers.tables import arms_from_blocks
from trials.vocab.fields import phases_of

NAME = "veeva"
SIGNALS = (
    ("ClinicalTrials.Veeva", 0.5),
    ("Veeva Systems", 0.3),
    ("Status and phase", 0.3),
    ("Details and patient eligibility", 0.3),
    ("Trial contacts and locations", 0.2),
    ("Central trial contact", 0.2),
    ("Funder types", 0.2),
    ("patient groups", 0.1),
)
VEEVA_LABELS = {
    **LABELS,
    **{
        label_key(wording): key
        for wording, key in (
            ("Status and phase", "status_phase"),
            ("About", "brief_summary"),
            ("Full description", "detailed_description"),
            ("Details and patient eligibility", "@recruitment"),
            ("Trial design", "@design"),
            ("Funder types", "ignore"),
            ("Trial contacts and locations", "locations"),
            ("Central trial contact", "contacts"),
            ("Central trial contacts", "contacts"),
            ("Trial documents", "ignore"),
            ("Data sourced from clinicaltrials.gov", "ignore"),
        )
    },
}
_GROUPS_LINE = re.compile(r"^\d[\d,]* participants? in \d+ (?:patient )?groups?", re.IGNORECASE)
_ARMS_END = frozenset({"locations", "contacts", "ignore", "@locations"})
_HEADER = re.compile(r"veeva|^menu$|^skip to|^search$|^sign in$", re.IGNORECASE)
_FOOTER = re.compile(r"Veeva\s+Systems|Data\s+sourced\s+from", re.IGNORECASE)


def sniff(text: str) -> float:
    return signal_score(text, SIGNALS)


def parse(text: str) -> ParsedTrial:
    text = prepare(text)
    preamble, sections = read_sections(
        text.split("\n"),
        VEEVA_LABELS,
        patterns=[(_GROUPS_LINE, "arms")],
        closed_by={"arms": _ARMS_END},
    )
    draft = Draft(NAME)
    heading = [item for item in map(clean_item, preamble) if item and not _HEADER.search(item)]
    if heading:
        draft.put("title", heading[0])
        # The sponsor follows the title, after the one-letter logo of its name.
        draft.put("sponsor", next((line for line in heading[1:] if len(line) > 1), ""))
    for section in apply_sections(draft, sections):
        if section.key == "status_phase":
            _read_status_phase(draft, section)
        elif section.key == "arms":
            draft.add("arms", arms_from_blocks(section.lines, draft.intervention_names()))
            if match := _GROUPS_LINE.match(section.qualifier):  # withdrawn: "0 participants in"
                count = int(match.group(0).split()[0].replace(",", ""))
                draft.put_implied("enrollment", count, "the patient groups line")
    return draft.finish(text, complete=bool(_FOOTER.search(text[-600:])))


def _read_status_phase(draft: Draft, section: Section) -> None:
    phase_lines = []
    for line in section.lines:
        if phases_of(line):
            phase_lines.append(line)
        elif clean_item(line):
            draft.put_status(line)
    draft.put_phases(" ".join(phase_lines))
