"""Labelled sections: the shared label table, reading a document into sections, and the
layout signals detection weighs.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from trials.parsers.cleaning import clean, clean_item, first_value, has_marker, strip_marker
from trials.text import clean_block
from trials.vocab.fields import vocabulary_key

# -- Labelled sections ------------------------------------------------------------------------


_AMPERSANDS = re.compile(r"&+")


# Documents repeat the same few hundred labels: each line is tried as a label.
@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A label as matched: like a vocabulary key, "&" read as "and" ("Study & Design")."""
    return vocabulary_key(_AMPERSANDS.sub(" and ", text) if "&" in text else text)


# Label wordings (as label keys) -> section keys, shared by the label-driven parsers.
# Keys starting with "@" are group headings ("Recruitment & Eligibility"); "ignore" sections
# are known page furniture whose lines are dropped.
LABELS: dict[str, str] = {
    label_key(wording): key
    for key, wordings in {
        "title": ("Brief Title", "Public Title", "Title", "Study Title", "Trial Title",
                  "Title of the trial for lay people, in easily understood, i.e. non-technical, "
                  "language", "Public title of the trial", "Clinical Trial Results"),
        "official_title": ("Official Title", "Scientific Title", "Full Title",
                           "Full title of the trial", "Title of the trial"),
        "acronym": ("Acronym", "Study Acronym", "Trial acronym", "English Acronym",
                    "Name or abbreviated title of the trial where available"),
        "conditions": ("Conditions", "Condition", "Health Condition(s) or Problem(s) studied",
                       "Health Condition or Problem studied", "Conditions studied",
                       "Condition studied", "Disease", "Diseases", "Condition or disease",
                       "Health condition(s) or problem(s) studied:",
                       "Medical condition(s) being investigated", "Medical condition",
                       "Target disease", "Condition(s)"),
        "interventions": ("Interventions", "Intervention", "Intervention / Treatment",
                          "Intervention/Treatment", "Intervention(s)", "Treatments",
                          "Intervention Type", "Description of intervention(s) / exposure",
                          "Active substance", "Intervention(s) / Treatment(s)"),
        "registry_ids": ("Registration Number", "Registration Numbers", "Registry ID",
                         "NCT Number", "NCT ID", "ClinicalTrials.gov ID", "Main ID", "Trial ID",
                         "Study ID", "EU CT number", "EudraCT Number", "Registry Number",
                         "ClinicalTrials.gov Identifier", "ISRCTN", "CTRI Number",
                         "Trial registration number", "EU trial number"),
        "other_ids": ("Other Study ID Numbers", "Other IDs", "Secondary IDs", "Secondary ID(s)",
                      "Secondary ID", "Identifiers", "Other Identifiers", "Protocol Number",
                      "Sponsor Protocol Number", "Org Study ID", "Secondary ID [1]",
                      "Secondary identifying numbers", "Sponsor's protocol code number",
                      "Protocol number", "Secondary IDs if Any", "Sponsor protocol code",
                      "Protocol Serial Number", "Study subject ID"),
        "brief_summary": ("Brief Summary", "Summary", "Brief description", "Lay Summary",
                          "Plain Language Summary", "Abstract", "Brief summary",
                          "Main objective of the trial", "Study objectives",
                          "Objectives of Study"),
        "detailed_description": ("Detailed Description", "Description of the study"),
        "status": ("Status", "Recruitment Status", "Overall Status", "Trial Status",
                   "Study Status", "Recruitment", "Overall study status",
                   "Overall trial status", "Trial status", "Recruiting status",
                   "Recruitment Status (India)", "Recruitment status (India)"),
        "status_weak": ("Recruitment status (Global)",),
        "sex": ("Sex", "Gender", "Sexes Eligible for Study", "Sexes Eligible", "Sex/Gender"),
        "enrollment": ("Target Recruitment", "Enrollment", "Enrolment", "Target Enrollment",
                       "Target sample size", "Sample Size", "Number of participants",
                       "Planned enrollment", "Actual Enrollment", "Estimated Enrollment",
                       "Total Enrollment", "Target number of participants",
                       "Total number of subjects", "Target Sample Size",
                       "Target Sample Size (India)", "Target Sample Size (Total)",
                       "Target size", "Number of subjects", "Planned number of subjects",
                       "Anticipated Enrollment"),
        "ages": ("Ages", "Age", "Age Range", "Eligible Ages", "Ages Eligible for Study",
                 "Age Eligible", "Age Group"),
        "min_age": ("Minimum Age", "Age minimum", "Inclusion age min", "Min Age",
                    "Inclusion agemin", "Age From", "Lower age limit"),
        "max_age": ("Maximum Age", "Age maximum", "Inclusion age max", "Max Age",
                    "Inclusion agemax", "Age To", "Upper age limit"),
        "healthy_volunteers": ("Healthy Volunteers", "Accepts Healthy Volunteers",
                               "Accepts Healthy Volunteers?", "Volunteers",
                               "Can healthy volunteers participate?",
                               "Healthy volunteers allowed"),
        "inclusion": ("Inclusion Criteria", "Key Inclusion Criteria", "Inclusion criteria",
                      "Principal inclusion criteria", "Participant inclusion criteria"),
        "exclusion": ("Exclusion Criteria", "Key Exclusion Criteria",
                      "Principal exclusion criteria", "Participant exclusion criteria"),
        "criteria": ("Eligibility Criteria", "Criteria", "Key inclusion & exclusion criteria",
                     "Inclusion & Exclusion Criteria", "Inclusion and Exclusion Criteria"),
        "study_type": ("Study Type", "Type of Study", "Study type", "Study Classification",
                       "Primary study design", "Type of trial"),
        "design": ("Study Design", "Design", "Design Details", "Study Design Info",
                   "Secondary study design", "Method of generating randomisation sequence",
                   "Control group", "Comparator / control treatment"),
        "allocation": ("Allocation", "Allocation to intervention"),
        "masking": ("Masking", "Blinding", "Masking (Blinding)", "Masking / blinding",
                    "Blinding/Masking"),
        "intervention_model": ("Intervention Model", "Interventional Model",
                               "Intervention assignment",
                               "Intervention Model Description"),
        "primary_purpose": ("Primary Purpose", "Purpose"),
        "phases": ("Phase", "Phases", "Study Phase", "Trial Phase", "Clinical Phase",
                   "Phase of trial"),
        "arms": ("Arm && Interventions", "Arms & Interventions", "Arm & Interventions",
                 "Arms and Interventions", "Arm Groups", "Arms"),
        "primary_outcomes": ("Primary Outcome Measures", "Primary Outcome Measure",
                             "Primary outcome measure", "Primary end point", "Primary Outcome",
                             "Primary Outcome", "Primary Outcomes", "Primary Outcome(s)",
                             "Primary Endpoint", "Primary Endpoints", "Primary end point(s)"),
        "secondary_outcomes": ("Secondary Outcome Measures", "Secondary Outcome Measure",
                               "Secondary outcome measures", "Secondary end point",
                               "Secondary Outcome", "Secondary Outcomes",
                               "Secondary Outcome(s)", "Secondary Endpoints",
                               "Secondary end point(s)"),
        "locations": ("Locations", "Location", "Study Locations", "Sites", "Study Sites",
                      "Sites / Locations", "Sites and Locations", "Locations / Sites",
                      "Trial Sites", "Contacts and Locations"),
        "countries": ("Countries", "Countries of recruitment", "Location Countries",
                      "Country", "Recruitment Countries", "Region",
                      "Recruitment state(s)", "Countries of Recruitment",
                      "Trial countries"),
        "sponsor": ("Lead Sponsor", "Sponsor", "Primary Sponsor", "Sponsor/Collaborators",
                    "Sponsors and Collaborators",
                    "Responsible Party", "Name of Sponsor", "Sponsor organisation name",
                    "Primary sponsor"),
        "collaborators": ("Collaborators", "Collaborator", "Secondary Sponsor(s)",
                          "Secondary Sponsor", "Source(s) of Monetary Support"),
        "contacts": ("Central Contact", "Central Contacts", "Contacts",
                     "Central Contact Person", "Study Contact", "Contact Information"),
        "start": ("Start Date", "Study Start", "Study Start Date", "Date of first enrolment",
                  "Anticipated date of first participant enrolment",
                  "Actual date of first participant enrolment",
                  "Date of First Enrollment (India)", "Overall study start date",
                  "Actual Study Start Date", "Trial start date"),
        "primary_completion": ("Primary Completion Date", "Primary Completion",
                               "Actual Primary Completion Date"),
        "completion": ("Completion Date", "Study Completion", "Study Completion Date",
                       "Overall study end date", "Global end of trial date",
                       "Actual Study Completion Date", "Trial end date"),
        "first_posted": ("First Posted", "First Posted Date", "Date of registration",
                         "Date of Registration", "Registration date",
                         "Registration Date", "Study First Posted", "Date registered"),
        "last_update": ("Last Update Posted", "Last Updated", "Last Update Posted Date",
                        "Last Refreshed on", "Last Update", "Record Last Updated",
                        "Date last updated", "Last edited", "Date of Last Refreshed on",
                        "Last Modified On", "Last Updated"),
        # a mirror's block of unlabelled badges ("UNKNOWN", "PHASE1/PHASE2", "10 participants")
        # ClinicalTrials.gov's three-column table flattened by a mirror, one cell a line
        "condition_table": ("Condition or Disease Intervention/Treatment Phase",),
        "@badges": ("Basic Information",),
        "@recruitment": ("Recruitment & Eligibility", "Recruitment and Eligibility",
                         "Eligibility", "Participation Criteria"),
        "@design": ("Study & Design", "Study and Design", "Study Plan"),
        "@locations": ("Trial Locations",),
        "ignore": ("Collaborators and Investigators", "Study Record Dates", "Study Overview",
                   "Information provided by", "More Information", "Publications",
                   "Resource links provided by the National Library of Medicine",
                   "Ethics review", "Results", "Results information", "Glossary",
                   "References", "Citations", "Documents", "Condition category",
                   "Condition code", "Ethics application status", "Ethics approval",
                   "Ethics approval(s)", "Type of registration", "Universal Trial Number (UTN)",
                   "Date data sharing statement initially provided", "DOI",
                   "Registration Status", "Project audit state", "Intervention code [1]",
                   "Tabular View", "No Results Posted", "Disclaimer",
                   "How to Read a Study Record", "Study Details", "Study Results",
                   "Plain English summary of protocol",
                   "Participant information sheet", "Protocol", "Statistical analysis plan",
                   "Individual participant data", "Date submitted", "Submission date",
                   "Record number", "Condition category", "Disclaimer Read more",
                   "Get updates", "Study contacts", "Affiliations", "Free article",
                   "Similar articles", "Cited by", "MeSH terms", "Substances",
                   "Related information", "LinkOut - more resources", "Grants and funding",
                   "Comments", "Therapeutic area", "MedDRA Classification"),
        "linked": ("Linked study record", "Related trial", "Linked study", "Related studies",
                   "Related trials", "Linked studies", "Parent study"),
        "notes": ("What this could mean", "What this could lead to", "What could go wrong",
                  "Why this study matters", "What the study involves"),
        "timepoint": ("Timepoint", "Timepoint(s) of evaluation of this end point",
                      "Time points", "Timepoints"),
    }.items()
    for wording in wordings
}  # fmt: skip


def label_table(base: Mapping[str, str], extra: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A layout's own label table: ``base`` with its wordings added (or given another key)."""
    table = dict(base)
    for key, wordings in extra.items():
        table.update((label_key(wording), key) for wording in wordings)
    return table


def glued_label_pattern(wordings: Iterable[str]) -> re.Pattern[str]:
    """Lines that start with one of ``wordings`` (longest first, case as written) run into
    their value: "Study designRandomised", "UMIN試験ID UMIN000035074"."""
    alternatives = "|".join(re.escape(w) for w in sorted(set(wordings), key=len, reverse=True))
    return re.compile(
        rf"^\s*(?P<label>{alternatives})(?:\s*[:：]\s*|\s+|(?=[A-Z0-9\[(]))"
        r"(?P<value>(?!\(s\)\s*$)\S.*)$"  # "...measure(s)" is a label's plural, no value
    )


def unglue_labels(lines: Iterable[str], pattern: re.Pattern[str]) -> list[str]:
    """Each "LabelValue" line as a label line followed by its value line."""
    out: list[str] = []
    for line in lines:
        match = pattern.match(line)
        if match:
            out += [match["label"], match["value"]]
        else:
            out.append(line)
    return out


# Fields that hold one value: further lines under such a label are not its value.
SINGLE_VALUED = frozenset(
    {"title", "official_title", "acronym", "status", "sex", "enrollment", "ages", "min_age",
     "max_age", "healthy_volunteers", "study_type", "allocation", "masking",
     "intervention_model", "primary_purpose", "sponsor", "start", "primary_completion",
     "completion", "first_posted", "last_update"}
)  # fmt: skip

_LABEL_WHOLE = re.compile(r"^(?P<label>[^:\t]{1,80}?)\s*(?:\((?P<q>[^()]{0,40})\))?\s*[:：]?$")
_LABEL_INLINE = re.compile(
    r"^(?P<label>[^:\t]{1,100}?)\s*(?:\((?P<q>[^()]{0,40})\))?\s*(?:[:：]|\t)\s*(?P<value>.+)$"
)
_HEADING_MARKUP = re.compile(r"^#{1,6}\s+|^\*\*|\*\*$")
# EudraCT's numbered labels ("E.1.1 Medical condition(s) being investigated") and ANZCTR's
# indexed ones with their internal codes ("Secondary ID [1] 307000 0") are read by their words.
_SECTION_NUMBER = re.compile(r"^[A-P]\.\d+(?:\.\d+)*\.?\s+(?=\D)")
_REGISTRY_CODES = re.compile(r"\s*\[\d{1,2}\](?:\s+\d+)*\s*$")


@dataclass
class Section:
    """The lines under one label; ``qualifier`` is its bracket ("Enrollment (Estimated)")."""

    key: str
    label: str
    qualifier: str = ""
    lines: list[str] = field(default_factory=list)
    group: str = ""

    @property
    def value(self) -> str:
        return first_value(self.lines)

    @property
    def text(self) -> str:
        return clean_block("\n".join(strip_marker(line) for line in self.lines))

    def extra_lines(self) -> list[str]:
        """Lines after the value of a one-value field (criteria of the aggregator pages)."""
        lines = [line for line in self.lines if clean_item(line)]
        return lines[1:] if self.key in SINGLE_VALUED else []


def match_label(line: str, labels: Mapping[str, str]) -> tuple[str, str, str, str] | None:
    """(key, label, qualifier, inline value) when ``line`` is a label, else None.

    A bulleted line is a label only as a whole ("- Status"); "Label: value" and
    "Label<TAB>value" count on unbulleted lines.
    """
    if not line or line.isspace():
        return None
    bulleted = has_marker(line)
    body = _HEADING_MARKUP.sub("", strip_marker(line)).strip()
    patterns = []
    if 0 < len(body) <= 90:
        patterns.append(_LABEL_WHOLE)
    separator = min((body.find(mark) for mark in ":：\t" if mark in body), default=-1)
    if not bulleted and 0 < separator <= 110:
        patterns.append(_LABEL_INLINE)
    if body[1:2] == ".":  # "E.1.1 Medical condition(s) ..."
        body = _SECTION_NUMBER.sub("", body)
    for pattern in patterns:
        match = pattern.match(body)
        if not match:
            continue
        label, qualifier = match["label"], match["q"] or ""
        label = (_REGISTRY_CODES.sub("", label) if "[" in label else label).strip()
        for key in _label_keys(label, qualifier):
            if key in labels:
                value = match.groupdict().get("value") or ""
                return labels[key], label, qualifier, value
    return None


def _label_keys(label: str, qualifier: str) -> list[str]:
    """The keys a label may be known by: with its bracket, without, and for a bilingual label
    ("対象疾患名/Condition") each language's part, the last (English) first."""
    keys = (
        [label_key(f"{label} ({qualifier})"), label_key(label)] if qualifier else [label_key(label)]
    )
    if "/" in label and not label.isascii():
        keys += [label_key(part) for part in reversed(label.split("/")) if part.strip()]
    return keys


def _awaits_value(section: Section | None) -> bool:
    return section is not None and not any(line.strip() for line in section.lines)


def read_sections(
    lines: Sequence[str],
    labels: Mapping[str, str],
    *,
    patterns: Sequence[tuple[re.Pattern[str], str]] = (),
    closed_by: Mapping[str, frozenset[str]] | None = None,
) -> tuple[list[str], list[Section]]:
    """Cut lines into labelled sections; returns (lines before the first label, sections).

    ``patterns`` are extra label lines matched by regex (the line becomes the qualifier);
    ``closed_by`` lists, for a section key, the only keys that may end it (labels met
    inside such a section stay its lines).
    """
    preamble: list[str] = []
    sections: list[Section] = []
    group = ""
    for line in lines:
        found = match_label(line, labels)
        if found is None:
            stripped = clean(line)
            for pattern, key in patterns:
                if pattern.search(stripped):
                    found = (key, stripped, stripped, "")
                    break
        current = sections[-1] if sections else None
        if found and current and found[0] == current.key and _awaits_value(current):
            # "Volunteers" then "Accepts Healthy Volunteers": the label's value; but "Sponsor"
            # then "Sponsor name: X" is the field under its heading
            found = found if found[3] else None
        pattern_found = found is not None and found[1] == found[2] and found[0] == "ignore"
        if pattern_found and _awaits_value(current) and not found[1].endswith((":", "：")):
            found = None  # a line taken for an unknown label, right under a label: its value
        if found and current and closed_by and current.key in closed_by:
            if found[0] not in closed_by[current.key]:
                found = None
        if found is None:
            (current.lines if current else preamble).append(line)
            continue
        key, label, qualifier, inline = found
        if key.startswith("@"):
            group = key
        sections.append(Section(key, label, qualifier, [inline] if inline else [], group))
    return preamble, sections


# -- Detection --------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _signal_text(text: str) -> str:
    return " ".join(text.casefold().split())


def signals_in(text: str, signals: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The (phrase, weight) signals of a layout that ``text`` contains (case-insensitive)."""
    key = _signal_text(text)
    return [signal for signal, phrase in _folded(tuple(signals)) if phrase in key]


@lru_cache(maxsize=64)
def _folded(signals: tuple[tuple[str, float], ...]) -> tuple[tuple[tuple[str, float], str], ...]:
    return tuple((signal, signal[0].casefold()) for signal in signals)


def signal_score(text: str, signals: Sequence[tuple[str, float]]) -> float:
    return min(1.0, sum(weight for _, weight in signals_in(text, signals)))
