"""ISRCTN records (isrctn.com). The copy glues labels to their values ("Study designRandomised
controlled trial", "ISRCTN ISRCTN47591706"); "Recruitment status" ("No longer recruiting")
gives way to "Overall study status" ("Completed"); conditions may carry their category
("Surgery: Coronary artery bypass grafting")."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, glued_label_pattern, label_table

NAME = "isrctn"
_OWN = {
    "registry_ids": ("ISRCTN",),
    "other_ids": ("Secondary identifying numbers", "IRAS number", "ClinicalTrials.gov number",
                  "Protocol serial number", "EudraCT/CTIS number"),
    "status_weak": ("Recruitment status",),
    "status": ("Overall study status",),
    "study_type": ("Primary study design",),
    "design": ("Study design", "Secondary study design"),
    "primary_purpose": ("Study type",),
    "interventions": ("Intervention", "Drug/device/biological/vaccine name(s)"),
    "conditions": ("Health condition(s) or problem(s) studied",),
    "official_title": ("Scientific title",),
    "acronym": ("Acronym",),
    "brief_summary": ("Study hypothesis", "Study objectives"),
    "primary_outcomes": ("Primary outcome measure", "Primary outcome measures",
                         "Primary outcome measure(s)"),
    "secondary_outcomes": ("Secondary outcome measures", "Secondary outcome measure",
                           "Secondary outcome measure(s)"),
    "start": ("Overall study start date", "Overall trial start date"),
    "completion": ("Completion date", "Overall study end date", "Overall trial end date"),
    "first_posted": ("Registration date",),
    "last_update": ("Last edited",),
    "inclusion": ("Participant inclusion criteria", "Key inclusion criteria"),
    "exclusion": ("Participant exclusion criteria", "Key exclusion criteria"),
    "min_age": ("Lower age limit",),
    "max_age": ("Upper age limit",),
    "sex": ("Sex", "Gender"),
    "enrollment": ("Target number of participants", "Total final enrolment"),
    "countries": ("Countries of recruitment",),
    "phases": ("Phase",),
    "ignore": ("DOI", "Submission date", "Condition category", "Study setting(s)",
               "Ethics approval(s)", "Intervention type", "Participant type(s)", "Age group",
               "Recruitment start date", "Recruitment end date", "Sponsor type", "Funder type",
               "Funder name", "Alternative name(s)", "Funding Body Type",
               "Funding Body Subtype", "Location", "Publication and dissemination plan",
               "Intention to publish date", "Participant level data", "Results and Publications",
               "Study information", "Contact information", "Eligibility", "Locations",
               "Sponsor information", "Funders", "Editorial Notes", "Trial website",
               "Prospectively registered", "Retrospectively registered"),
    "sponsor": ("Organisation",),
}  # fmt: skip
LAYOUT = Layout(
    name=NAME,
    signals=(
        ("ISRCTN", 0.2),
        ("doi.org/10.1186/ISRCTN", 0.4),
        ("Overall study status", 0.3),
        ("Plain English summary of protocol", 0.3),
        ("Secondary identifying numbers", 0.2),
        ("Primary study design", 0.2),
    ),
    labels=label_table(LABELS, _OWN),
    glued=glued_label_pattern(wording for wordings in _OWN.values() for wording in wordings),
)
