"""CTRI records (ctri.nic.in, India): label/value tables ("Public Title of Study", "Phase of
Trial", "Recruitment Status of Trial (India)"), conditions with their ICD-10 codes.

Copies of the record page keep each label and its value on one line, apart by two or more
spaces ("Public Title of Study   A clinical trial..."); the secondary-id table's rows are
"<id>  Protocol Number".
"""

import re

from trials.parsers.draft import Draft
from trials.parsers.identifiers import identifiers_in_line
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, Section, label_table

NAME = "ctri"
_LABELS = {
    "title": ("Public Title of Study",),
    "official_title": ("Scientific Title of Study",),
    "study_type": ("Type of Trial",),
    "design": ("Study Design",),
    "conditions": ("Health Condition / Problems Studied",),
    "interventions": ("Intervention / Comparator Agent",),
    "phases": ("Phase of Trial",),
    "status": ("Recruitment Status of Trial (India)",),
    "status_weak": ("Recruitment Status of Trial (Global)",),
    "design_text": ("Method of Generating Random Sequence",),
    "masking": ("Blinding/Masking",),
    "criteria_details": ("Details",),
    "locations": ("Sites of Study",),
    "other_ids": ("Secondary IDs if Any", "Secondary ID"),
    "ignore": (
        "Type of Study",
        "Post Graduate Thesis",
        "Method of Concealment",
        "Details of Ethics Committee",
        "Regulatory Clearance Status from DCGI",
        "Details Contact Person (Scientific Query)",
        "Details Contact Person (Public Query)",
        "Source of Monetary or Material Support",
        "Details of Secondary Sponsor",
        "Estimated Duration of Trial",
        "Publication Details",
        "Individual Participant Data (IPD) Sharing Statement",
        "Details of Principal Investigator or overall Trial Coordinator (multi-center study)",
        "Details of Principal Investigator",
        "Type of Sponsor",
    ),
}
# "Label   value" on one line: two or more spaces (or a tab) after a known label.
_INLINE = re.compile(
    r"^\s*(?P<label>"
    + "|".join(
        re.escape(wording)
        for wording in sorted(
            {w for key, wordings in _LABELS.items() if key != "ignore" for w in wordings}
            | {"Type of Study", "Post Graduate Thesis", "Primary Sponsor", "Target Sample Size"},
            key=len,
            reverse=True,
        )
    )
    + r")(?:\s*:\s*|\s{2,}|\t)(?P<value>\S.*)$"
)
# A row of the secondary-id table: the id, perhaps ", version ... dated ...", then its kind.
_ID_ROW = re.compile(
    r"^(?P<id>[^,\s][^,]*?)(?:,[^,]*)?\s+(?:Protocol Number|Registry|Other)\s*$", re.IGNORECASE
)


def _secondary_ids(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """Protocol numbers of the "Secondary IDs if Any" table (the trial's own ids)."""
    for section in sections:
        if section.key != "other_ids":
            continue
        for line in section.lines:
            if row := _ID_ROW.match(line.strip()):
                draft.add("registry_ids", identifiers_in_line(row["id"]))


LAYOUT = Layout(
    name=NAME,
    signals=(
        ("CTRI Number", 0.4),
        ("ctri.nic.in", 0.4),
        ("Clinical Trials Registry - India", 0.4),
        ("Public Title of Study", 0.3),
        ("Recruitment Status of Trial", 0.3),
        ("Details of Principal Investigator", 0.2),
    ),
    labels=label_table(LABELS, _LABELS),
    glued=_INLINE,
    hook=_secondary_ids,
)
