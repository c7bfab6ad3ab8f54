"""inclinicaltrials.com study pages (a rendering of ClinicalTrials.gov records): "Clinical
Trial Details — Status: ..." over groups ("Administrative data", "Study information",
"Recruitment information / eligibility") of labels run into their values by a space ("NCT
number NCT06386679", "Source Siriraj Hospital", "Age group 60 Years to 80 Years"); the
eligibility criteria are one paragraph ("Inclusion Criteria: 1. ... Exclusion Criteria: ...")."""

import re

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, glued_label_pattern, label_table

NAME = "inclinicaltrials"
_OWN = {
    "registry_ids": ("NCT number",),
    "other_ids": ("Other study ID #", "Secondary ID"),
    "status": ("Status",),
    "phases": ("Phase",),
    "first_posted": ("First received",),
    "last_update": ("Last updated",),
    "start": ("Start date",),
    "completion": ("Est. completion date", "Completion date"),
    "primary_completion": ("Est. primary completion date", "Primary completion date"),
    "sponsor": ("Source",),
    "study_type": ("Study type",),
    "enrollment": ("Enrollment",),
    "healthy_volunteers": ("Accepts healthy volunteers",),
    "sex": ("Gender",),
    "ages": ("Age group",),
    "criteria": ("Eligibility",),
    "brief_summary": ("Clinical Trial Summary",),
    "detailed_description": ("Description",),
    "ignore": ("Administrative data", "Study information", "Verified date", "Contact",
               "Is FDA regulated", "Health authority", "Recruitment information / eligibility",
               "Clinical Trials Logo"),
}  # fmt: skip
_GLUED = {w for key, wordings in _OWN.items() if key != "ignore" for w in wordings} - {
    "Clinical Trial Summary",
    "Description",
}
# The page heading repeats the status: no title ("Clinical Trial Details — Status: ...").
_DETAILS_HEADING = re.compile(r"^Clinical Trial Details\b")

LAYOUT = Layout(
    name=NAME,
    signals=(
        ("Clinical Trial Details", 0.2),
        ("Administrative data", 0.2),
        ("Other study ID #", 0.3),
        ("Is FDA regulated", 0.2),
        ("Recruitment information / eligibility", 0.3),
    ),
    labels=label_table(LABELS, _OWN),
    glued=glued_label_pattern(_GLUED),
    unknown_label=_DETAILS_HEADING,
)
