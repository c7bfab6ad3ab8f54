"""CRIS records (cris.nih.go.kr, Clinical Research Information Service, Korea): the numbered
field groups of the CRIS Registration Data Set ("1.Background", "4. Status"), each field's
label run into its value by a space ("CRIS Registration Number KCT0000194", "Overall
Recruitment Status Recruiting"), under a site menu whose items are field names too."""

import re

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, glued_label_pattern, label_table

NAME = "cris"
_OWN = {
    "registry_ids": ("CRIS Registration Number",),
    "other_ids": ("Unique Protocol ID", "Secondary ID"),
    "title": ("Public/Brief Title",),
    "official_title": ("Scientific Title",),
    "acronym": ("Acronym",),
    "status": ("Overall Recruitment Status",),
    "enrollment": ("Target Number of Participant", "Target Number of Participants",
                   "Target Sample Size"),
    "start": ("Date of First Enrollment",),
    "primary_completion": ("Primary Completion Date",),
    "completion": ("Study Completion Date",),
    "study_type": ("Study Type",),
    "primary_purpose": ("Study Purpose",),
    "phases": ("Phase",),
    "intervention_model": ("Intervention Model",),
    "masking": ("Blinding/Masking",),
    "allocation": ("Allocation",),
    "interventions": ("Intervention Description",),
    "conditions": ("Condition(s)/Problem(s)",),
    "inclusion": ("Inclusion Criteria",),
    "exclusion": ("Exclusion Criteria",),
    "sex": ("Gender",),
    "ages": ("Age",),
    "healthy_volunteers": ("Healthy Volunteers",),
    "primary_outcomes": ("Primary Outcome(s)",),
    "secondary_outcomes": ("Secondary Outcome(s)",),
    "sponsor": ("Sponsor Organization",),
    # "Status" heads a group here; the status is "Overall Recruitment Status"
    "ignore": ("Status", "Background Information", "Contact Details",
               "MFDS Regulated Study", "IND/IDE Protocol", "Registered at Other Registry",
               "Healthcare Benefit", "Approval Status", "Board Approval Status",
               "Board Approval Number", "Approval Date", "Institutional Review Board",
               "Data Monitoring Committee", "Study Site", "State of First Enrollment",
               "Recruitment Status by Participating Study Site", "Rare Disease",
               "Type of Primary Outcome", "Intervention Type", "Arm Type", "Arm Label",
               "Arm Description", "Contact Person for Principal Investigator / Scientific "
               "Queries", "Contact Person for Public Queries",
               "Contact Person for Updating Information"),
}  # fmt: skip
# Field names the site menu also lists ("• Phase", "• Intervention Type"): only their
# run-together form (label, space, value) is the field.
_GLUED = {wording for key, wordings in _OWN.items() if key != "ignore" for wording in wordings}
# The menu's bulleted items and the numbered group headings are no fields.
_MENU_OR_GROUP = re.compile(r"^\s*(?:•|\d+\.\s?[A-Z][\w /&]+\s*$)")

LAYOUT = Layout(
    name=NAME,
    signals=(
        ("CRIS Registration Number", 0.6),
        ("cris.nih.go.kr", 0.3),
        ("criskorea", 0.3),
        ("MFDS Regulated Study", 0.2),
        ("About CRIS", 0.1),
    ),
    labels=label_table(LABELS, _OWN),
    glued=glued_label_pattern(_GLUED),
    unknown_label=_MENU_OR_GROUP,
)
