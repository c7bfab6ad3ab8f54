"""The EU's registers: the EU Clinical Trials Register (clinicaltrialsregister.eu; EudraCT
protocol pages with numbered labels "E.8.1.1 Randomised: Yes", and results pages titled
"Clinical Trial Results:") and CTIS (euclinicaltrials.eu, trials under Regulation 536/2014).

Both list interventional trials of medicinal products only. The register's own boilerplate
("Phase 1 trials conducted solely on adults ... are not publicly available") is about the
register, never the trial; MedDRA blocks and "Therapeutic area" lines are no conditions.
"""

import re

from trials.parsers.draft import Draft
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, Section, label_table

# The member states whose protocols a results page lists under "Trial protocol" ("FR",
# "ES (Completed) IT (Ongoing)"): the codes the register uses, ISO 3166-1 alpha-2 ("GB" too).
_MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO "
    "GB".split()
)
_CODES_LINE = re.compile(r"^\s*(?:[A-Z]{2}(?:\s*\([^)]*\))?\s*)+$")
# A results page's title line ends with the trial's short name: "... trial Brief name : X".
_BRIEF_NAME = re.compile(r"\s+Brief name\s*:\s*(?P<name>\S.*)$")

_EUCTR_LABELS = {
    "registry_ids": ("EudraCT number", "EudraCT Number"),
    "other_ids": ("Sponsor's Protocol Code Number", "Sponsor's protocol code number",
                  "US NCT number", "ISRCTN (International Standard Randomised Controlled Trial) "
                  "number", "WHO Universal Trial Reference Number (UTRN)",
                  "Other Identifiers"),
    "status": ("Trial Status", "End of Trial Status", "Trial status"),
    "official_title": ("Full title of the trial",),
    "title": ("Title of the trial for lay people, in easily understood, i.e. non-technical, "
              "language", "Clinical Trial Results"),
    "acronym": ("Name or abbreviated title of the trial where available",),
    "conditions": ("Medical condition(s) being investigated",),
    "brief_summary": ("Main objective of the trial",),
    "sponsor": ("Name of Sponsor", "Sponsor organisation name"),
    "countries": ("National Competent Authority", "Member State Concerned"),
    "enrollment": ("In the whole clinical trial", "Subjects enrolled per country",
                   "Actual enrollment"),
    "primary_outcomes": ("Primary end point(s)",),
    "secondary_outcomes": ("Secondary end point(s)",),
    "timepoint": ("Timepoint(s) of evaluation of this end point",),
    "first_posted": ("Date on which this record was first entered in the EudraCT database",),
    "completion": ("Global end of trial date", "Date of the global end of the trial"),
    "member_states": ("Trial protocol",),
    "yes:allocation:randomized": ("Randomised",),
    "yes:masking:none": ("Open",),
    "yes:masking:single": ("Single blind",),
    "yes:masking:double": ("Double blind",),
    "yes:phases:1": ("Human pharmacology (Phase I)",),
    "yes:phases:2": ("Therapeutic exploratory (Phase II)",),
    "yes:phases:3": ("Therapeutic confirmatory (Phase III)",),
    "yes:phases:4": ("Therapeutic use (Phase IV)",),
    "ignore": ("Therapeutic area", "Medical condition or disease under investigation",
               "Medical condition in easily understood language",
               "Version", "Level", "Classification code", "Term", "System Organ Class",
               "Clinical trials", "Summary", "Trial information",
               "Is this a paediatric trial?", "Controlled", "Placebo", "Other", "Cross over",
               "Parallel group", "Trial has subjects under 18", "In Utero",
               "Preterm newborn infants (up to gestational age < 37 weeks)",
               "Newborns (0-27 days)", "Infants and toddlers (28 days-23 months)",
               "Children (2-11years)", "Adolescents (12-17 years)", "Adults (18-64 years)",
               "Elderly (>=65 years)", "Female", "Male", "Results information",
               "Examples", "Advanced Search", "How to search [pdf]", "Search Tips"),
}  # fmt: skip


def _euctr_hook(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """The short name glued to a results page's title, and the member states of its
    "Trial protocol" line."""
    title = draft.values.get("title") or ""
    if match := _BRIEF_NAME.search(title):
        draft.values["title"] = title[: match.start()]
        draft.put("acronym", match["name"].strip())
    if draft.has("countries"):
        return
    for section in sections:
        if section.key != "member_states":
            continue
        for line in section.lines:
            if _CODES_LINE.match(line):
                codes = re.findall(r"\b[A-Z]{2}\b(?![^(]*\))", line)
                draft.add("countries", [c for c in codes if c in _MEMBER_STATES])


EUCTR = Layout(
    name="euctr",
    signals=(
        ("EU Clinical Trials Register", 0.4),
        ("clinicaltrialsregister.eu", 0.4),
        ("EudraCT number", 0.2),
        ("EudraCT protocol", 0.2),
        ("Clinical Trial Results:", 0.2),
        ("Full title of the trial", 0.2),
        ("National Competent Authority", 0.2),
    ),
    labels=label_table(LABELS, _EUCTR_LABELS),
    study_type="interventional",
    hook=_euctr_hook,
)

_CTIS_LABELS = {
    "registry_ids": ("EU trial number", "EU CT number", "Trial number"),
    "title": ("Public title", "Trial title for lay people"),
    "official_title": ("Full title", "Trial title"),
    "conditions": ("Medical conditions", "Medical condition", "Disease"),
    "phases": ("Trial phase", "Phase"),
    "status": ("Overall trial status", "Trial status", "Status of the trial"),
    "status_weak": ("Recruitment status", "Status in the Member State"),
    "countries": ("Trial region", "Location(s) of the trial", "Member states concerned",
                  "Countries", "Trial countries"),
    "enrollment": ("Expected number of participants", "Number of participants enrolled",
                   "Planned number of participants", "Total number of participants"),
    "brief_summary": ("Main objective", "Trial objective"),
    "primary_outcomes": ("Primary end point", "Primary endpoint"),
    "secondary_outcomes": ("Secondary end point", "Secondary endpoint"),
    "sponsor": ("Sponsor", "Sponsor name"),
    "ages": ("Age group", "Age range"),
    "sex": ("Gender",),
    "ignore": ("Therapeutic area", "Product", "Trial region", "Decision date",
               "Start of recruitment", "Transition trial",
               # the portal's tabs and the form's part headings end the section before them
               "Full trial information", "Trial information", "Locations and contacts",
               "Population of trial subjects", "Products"),
}  # fmt: skip
CTIS = Layout(
    name="ctis",
    signals=(
        ("euclinicaltrials.eu", 0.4),
        ("Clinical Trials Information System", 0.3),
        ("EU trial number", 0.4),
        ("Overall trial status", 0.3),
        ("Trial region", 0.2),
        ("Member states concerned", 0.2),
    ),
    labels=label_table(LABELS, _CTIS_LABELS),
    study_type="interventional",
)
