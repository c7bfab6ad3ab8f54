"""PACTR records (pactr.samrc.ac.za, Pan African Clinical Trials Registry): the registry's
letterhead, then "Trial no.: PACTR... Date of Approval: ..." and field labels run into their
values by a space ("Public title STEM CELLS FOR ..."). Its "Trial Status" tells how the trial
was registered ("Retrospective registration - ...", "Registered in accordance with WHO and
ICMJE standards"), not whether it recruits: "Recruitment status" does."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, glued_label_pattern, label_table

NAME = "pactr"
_OWN = {
    "registry_ids": ("Trial no.",),
    "title": ("Public title",),
    "official_title": ("Official scientific title",),
    "brief_summary": ("Brief summary describing the background and objectives of the trial",),
    "acronym": ("Acronym",),
    "design_text": ("Type of trial",),
    "conditions": ("Disease(s) or condition(s) being studied",
                   "Sub-Disease(s) or condition(s) being studied"),
    "primary_purpose": ("Purpose of the trial",),
    "start": ("Anticipated trial start date", "Actual trial start date"),
    "completion": ("Anticipated date of last follow up", "Actual Last follow-up date"),
    "enrollment": ("Anticipated target sample size (number of participants)",
                   "Actual target sample size (number of participants)"),
    "status": ("Recruitment status",),
    "ignore": ("Trial Status", "Date of Approval", "TRIAL DESCRIPTION", "Publication URL",
               "Telephone", "Email"),
}  # fmt: skip

LAYOUT = Layout(
    name=NAME,
    signals=(
        ("Pan African Clinical Trials Registry", 0.5),
        ("pactr.samrc.ac.za", 0.3),
        ("Official scientific title", 0.2),
        ("Brief summary describing the background and objectives of the trial", 0.3),
        ("PACTR", 0.1),
    ),
    labels=label_table(LABELS, _OWN),
    glued=glued_label_pattern(w for key, ws in _OWN.items() if key != "ignore" for w in ws),
)
