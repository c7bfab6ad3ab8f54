"""ClinicalTrials.gov study pages: the classic "Study Details" page (pipe tables: "Study Type :
| Interventional |", a "Condition or disease | Intervention/treatment | Phase" table) and the
current page ("Study Overview", "Participation Criteria", "Study Plan")."""

import re

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

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
            # a results page tells what each group is given only here
            "detailed_description": ("Hide Arm/Group Description", "Arm/Group Description"),
            "@locations": ("Layout table for location information",),
        },
    ),
    unknown_label=_CAPTION,
    glued=_RESULTS_ROW,
)
