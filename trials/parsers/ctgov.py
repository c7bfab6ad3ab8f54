"""ClinicalTrials.gov study pages: the classic "Study Details" page (pipe tables: "Study Type :
| Interventional |", a "Condition or disease | Intervention/treatment | Phase" table) and the
current page ("Study Overview", "Participation Criteria", "Study Plan")."""

import re

from trials.parsers.cleaning import clean_item
from trials.parsers.draft import Draft
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, Section, label_table

NAME = "ctgov"
# "Layout table for eligibility information": the classic page's table captions end a section.
_CAPTION = re.compile(r"^Layout table for ", re.IGNORECASE)
# The classic results page's "Study Description" table: each label and its value on one line
# ("Study Type Interventional", "Enrollment 24", "Conditions Corona Virus Infection").
# A value follows one space or more; "Enrollment (Estimated)" is a label with its qualifier.
# The current page's header rows are alike: "ClinicalTrials.gov ID NCT...", "Sponsor X".
_RESULTS_ROW = re.compile(
    r"^(?P<label>Study Type|Study Design|Conditions|Interventions|Enrollment"
    r"|ClinicalTrials\.gov ID|Sponsor(?! and\b| Information\b))[ \t]+"
    r"(?P<value>[^\s(:].*)$"
)
# The page before 2017 said its status in a sentence under the title, and no field held it.
_STATUS_SENTENCES = (
    (re.compile(r"^This study is currently recruiting participants\b"), "Recruiting"),
    (re.compile(r"^This study is not yet open for participant recruitment\b"),
     "Not yet recruiting"),
    (re.compile(r"^This study is ongoing, but not recruiting participants\b"),
     "Active, not recruiting"),
    (re.compile(r"^This study is enrolling participants by invitation only\b"),
     "Enrolling by invitation"),
    (re.compile(r"^This study has been (?P<status>completed|terminated|withdrawn|suspended)\b"),
     ""),
    (re.compile(r"^The recruitment status of this study is unknown\b"), "Unknown status"),
)  # fmt: skip


def _status_sentence(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    if draft.has("status"):
        return
    for line in [*preamble, *(line for section in sections for line in section.lines)]:
        line = clean_item(line)
        for pattern, status in _STATUS_SENTENCES:
            if match := pattern.match(line):
                draft.put_status(status or match["status"])
                draft.flag("status_implied", f"status taken from the sentence '{line[:80]}'")
                return


LAYOUT = Layout(
    name=NAME,
    signals=(
        ("ClinicalTrials.gov Identifier", 0.4),
        ("ClinicalTrials.gov ID", 0.4),
        ("Tabular View", 0.2),
        ("How to Read a Study Record", 0.2),
        ("Condition or disease", 0.2),
        ("Study Overview", 0.2),
        ("Participation Criteria", 0.2),
        ("Study Plan", 0.1),
        ("Information provided by", 0.1),
        ("evaluated by the U.S. Federal Government", 0.2),
    ),
    labels=label_table(
        LABELS,
        {
            "arms": ("Arm Intervention/treatment", "Participant Group/Arm Intervention/Treatment"),
            "ignore": (
                "Go to",
                "Layman's Summary",
                "Investigators",
                "Study Description",
                "Recruitment Details",
                "Pre-assignment Details",
                "Arm/Group Title",
            ),
            # the page before 2017 put its brief summary under "Purpose"
            "brief_summary": ("Purpose",),
            # a results page tells what each group is given only here
            "detailed_description": ("Hide Arm/Group Description", "Arm/Group Description"),
            "@locations": ("Layout table for location information",),
        },
    ),
    unknown_label=_CAPTION,
    glued=_RESULTS_ROW,
    hook=_status_sentence,
)
