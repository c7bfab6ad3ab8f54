"""Building a ParsedTrial: the Draft a parser fills, and the sections every label-driven
format reads the same way (``apply_sections``).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from trials.parsers.cleaning import (
    clean,
    clean_item,
    interventions_of,
    non_empty,
    split_run_together,
    strip_marker,
    text_key,
    unique,
)
from trials.parsers.conditions import clean_conditions, prepare_conditions
from trials.parsers.criteria import criteria_items, criterion_kind
from trials.parsers.furniture import is_furniture, title_of
from trials.parsers.identifiers import (
    identifiers_in_line,
    malformed_nct,
    ordered_ids,
    registry_id_mentions,
    registry_ids_in,
)
from trials.parsers.inference import (
    condition_in_summary,
    condition_in_title,
    count_in_words,
    countries_in_prose,
    design_in,
    given_intervention,
    healthy_volunteers_in,
    phases_in,
)
from trials.parsers.record import (
    ParsedIntervention,
    ParsedTrial,
    ParseError,
    RegistryIdentifier,
    ReviewFlag,
    TrialDates,
)
from trials.parsers.sections import Section
from trials.parsers.tables import arms_from_table, contacts_of, location_key, locations_of
from trials.parsers.values import (
    age_bounds,
    age_value,
    clean_time_frame,
    date_of,
    enrollment_of,
    excluded_age_bounds,
    outcomes_of,
    yes_no,
)
from trials.text import clean_block
from trials.vocab.countries import countries_in_run, country_code
from trials.vocab.fields import lookup, phases_of
from trials.vocab.statuses import is_stage

# -- Building the ParsedTrial -----------------------------------------------------------------

_DATE_FIELDS = ("start", "primary_completion", "completion", "first_posted", "last_update")
_LOOKUP_FIELDS = ("study_type", "allocation", "masking", "intervention_model", "primary_purpose")
_DESIGN_FIELDS = ("allocation", "intervention_model", "masking", "primary_purpose")
_TERMINAL = re.compile(r"[.!?:;)\]\"'»%0-9]$|https?://\S+$")
# A criterion admitting either sex ("Patients of both genders", "Male and female patients").
_BOTH_SEXES = re.compile(
    r"\bboth (?:genders|sexes)\b|\b(?:male|men) (?:and|or) (?:female|women)\b"
    r"|\b(?:female|women) (?:and|or) (?:male|men)\b",
    re.IGNORECASE,
)
_DESIGN_LINE = re.compile(
    r"\b(?:prospective|retrospective|randomi[sz]ed|self[- ]control|before and after|single[- ]arm"
    r"|open[- ]label|double[- ]blind|controlled (?:study|trial))\b",
    re.IGNORECASE,
)
_ARM_LINE = re.compile(
    r"^(?:experimental|active comparator|placebo comparator|sham comparator|no intervention)\s*:",
    re.IGNORECASE,
)
# ChiCTR (and the WHO copies of its records) puts this before the public title of a record
# its registrant cancelled.
_CANCELLED_MARK = re.compile(
    r"^(?P<mark>(?:Cancelled|Withdrawn) by (?:the )?(?:investigators?|sponsor|registrant))"
    r"[\s:.-]+(?=\S)",
    re.IGNORECASE,
)
# Where a design stated in words is read: the public title, the summary, design lines.
_DESIGN_SOURCES = (
    ("title", "the title"),
    ("brief_summary", "the summary"),
    ("design_text", "a design line"),
)
# ClinicalTrials.gov's intervention type enum, which mirrors print above the name.
_TYPE_WORD = re.compile(
    r"BIOLOGICAL|DRUG|DEVICE|PROCEDURE|OTHER|GENETIC|RADIATION|BEHAVIORAL|DIETARY_SUPPLEMENT"
    r"|COMBINATION_PRODUCT|DIAGNOSTIC_TEST"
)
_NAME_CELL = re.compile(r"^Name\s*:?\s+(?=\S)")
# ClinicalTrials.gov's sponsor class, which its mirrors print after the name: "X (Other)".
_SPONSOR_CLASS = re.compile(r"\s+\((?:Other|Industry|NIH|U\.S\. Fed|Network|Individual)\)$")
_PROSE_FIELDS = ("brief_summary", "design_text", "detailed_description")
_BARE_NONE = re.compile(r"(?i)\s*(?:none|nil|n/?a)\s*")
_BARE_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d+)?")
_BARE_PHASE = re.compile(r"(?i)([0-4]|i{1,3}|iv)(?:[ab])?")


class Draft:
    """The fields of a ParsedTrial while a parser collects them.

    The first stated value of a field wins (``put``); lists accumulate (``add``); doubts are
    review flags (``flag``). ``finish`` applies the rules every format shares.
    """

    def __init__(self, format: str) -> None:
        self.format = format
        self.values: dict[str, Any] = {}
        self.flags: list[ReviewFlag] = []

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "", (), [])

    def put(self, name: str, value: Any) -> None:
        if value not in (None, "", ()) and not self.has(name):
            self.values[name] = value

    def add(self, name: str, items: Iterable[Any]) -> None:
        """Items onto a list (a tuple once finished): a page may add thousands, one by one."""
        present = self.values.get(name)
        if isinstance(present, list):
            present.extend(items)
        else:
            self.values[name] = [*(present or ()), *items]

    def flag(self, code: str, message: str) -> None:
        self.flags.append(ReviewFlag(code, message))

    def put_status(self, wording: str, where: str = "", *, recruitment: bool = False) -> None:
        """Status from a source wording; a second, different status is a review flag.

        When the kept status is an EU regulatory stage ("Authorised") and this wording states
        recruitment ("In arruolamento"), the wording is also kept as the recruitment status
        visitors read (trials/vocab/statuses.py). ``recruitment`` says the page labels this
        wording as its recruitment status: beside a stage, that is no disagreement.
        """
        wording = clean_item(wording)
        if not wording:
            return
        status = lookup("status", wording)
        if status is None and wording[:1].islower():
            status, wording = _restored_status(wording)
            if status is not None:
                self.flag(
                    "status_repaired", f"status read with its first letter restored: '{wording}'"
                )
        if status is None:
            self.flag("status_unrecognised", f"status wording not recognised: '{wording}'")
            return
        if not self.has("status"):
            self.values["status"], self.values["status_raw"] = status, wording
            return
        if is_stage(self.values["status"]) and not is_stage(status):
            self.put("recruitment_status", wording)
            if recruitment:
                return
        if status != self.values["status"]:
            kept = self.values["status_raw"]
            self.flag(
                "status_conflict",
                f"status differs within the document ({kept} / {wording}"
                f"{' in ' + where if where else ''}); kept '{kept}'",
            )

    def put_phases(self, text: str) -> None:
        phases = phases_of(text)
        if not phases and (bare := _BARE_PHASE.fullmatch(clean_item(text))):
            phases = phases_of(f"phase {bare.group(1)}")  # a Phase field holding "2" or "II"
        if phases:
            self.put("phases", phases)

    def put_implied(self, name: str, value: Any, where: str) -> None:
        """A value stated outside its labelled field, flagged for a curator."""
        if value in (None, "", ()) or self.has(name):
            return
        self.values[name] = value
        shown = ", ".join(value) if isinstance(value, tuple) else value
        self.flag(f"{name}_implied", f"{name.replace('_', ' ')} '{shown}' taken from {where}")

    def put_design(self, text: str) -> bool:
        """A design wording into whichever design field knows it; False if none does."""
        for name in _DESIGN_FIELDS:
            if value := lookup(name, text):
                self.put(name, value)
                return True
        return False

    def put_time_frame(self, text: str) -> None:
        """A "Timepoint" given apart from its outcome (ANZCTR, EudraCT): the last outcome's."""
        for name in ("secondary_outcomes", "primary_outcomes"):
            outcomes = list(self.values.get(name, ()))
            if outcomes and not outcomes[-1].time_frame:
                outcomes[-1] = replace(outcomes[-1], time_frame=clean_time_frame(text))
                self.values[name] = tuple(outcomes)
                unsplit = f"no time frame found in the outcome '{outcomes[-1].measure}'"
                self.flags = [f for f in self.flags if f.message != unsplit]
                return

    def add_interventions(self, lines: Sequence[str]) -> None:
        """Interventions of a labelled block; a design line among them ("a prospective study,
        before and after self control") is design, not an intervention."""
        kept: list[ParsedIntervention] = []
        pending_type = None  # a type printed on its own line above the name ("BIOLOGICAL")
        for intervention in interventions_of("\n".join(lines)):
            name = intervention.name
            if intervention.type is None and _TYPE_WORD.fullmatch(name):
                pending_type = lookup("intervention_type", name)
                if pending_type:
                    continue
            if intervention.type is None and pending_type:
                intervention, pending_type = replace(intervention, type=pending_type), None
            if intervention.type is None and _DESIGN_LINE.search(name):
                self.put("design_text", f"{self.values.get('design_text', '')} {name}")
            elif intervention.type is None and kept and kept[-1].type:
                if not _ARM_LINE.match(name):  # the typed intervention's description
                    kept[-1] = replace(
                        kept[-1], description=clean(f"{kept[-1].description} {name}")
                    )
            elif intervention.type is None and _ARM_LINE.match(name):
                continue  # an arm ("Experimental: Cohort 1 - ..."), read with the arms
            else:
                kept.append(intervention)
        self.add("interventions", kept)

    def intervention_names(self) -> list[str]:
        return [intervention.name for intervention in self.values.get("interventions", ())]

    def add_arms_table(self, lines: Sequence[str]) -> None:
        """Arms from a flattened "Group Intervention Description" table (flagged if unsure)."""
        arms, doubtful = arms_from_table(" ".join(lines), self.intervention_names())
        self.add("arms", arms)
        if doubtful:
            self.flag(
                "arms_ambiguous",
                "the arms table could not be split into groups with certainty; check the arms",
            )

    def put_ages(self, low: float | None, high: float | None) -> None:
        self.put("min_age_years", low)
        self.put("max_age_years", high)

    def finish(self, text: str, *, complete: bool | None = None) -> ParsedTrial:
        """The ParsedTrial, after the rules every format shares.

        Registry ids anywhere in ``text`` join the stated ones (primary first); countries
        include the sites' countries; criteria nobody labelled and ages read from a
        criterion are flagged; ``complete`` False (or, when None, a last line cut mid-
        sentence) flags a truncated copy. Raises ParseError without title and registry id.
        """
        v = self.values
        for name, value in v.items():
            if isinstance(value, list):
                v[name] = tuple(value)
        ids = ordered_ids([*v.get("registry_ids", ()), *self._own_ids_in(text)])
        for identifier in ids:
            if malformed_nct(identifier):
                self.flag(
                    "id_malformed",
                    f"'{identifier.value}' looks like an NCT number of the wrong shape; "
                    "kept as another id, never the trial's public id",
                )
        self._title()
        self._implied()
        title = clean(v.get("title", ""))
        if not title and not ids:
            raise ParseError("no trial found: the text has neither a title nor a registry id")
        if title and title[0].islower() and not re.match(r"[a-z]{1,2}[A-Z]", title):
            self.flag("damaged_start", f"the title starts in lower case: '{title[:40]}...'")
        locations = unique(v.get("locations", ()), key=location_key)
        countries = unique([*v.get("countries", ()), *(lo.country for lo in locations)])
        self._ages_from_criteria()
        self._sex_from_criteria()
        if v.get("unclassified_criteria"):
            self.flag(
                "criteria_unlabelled",
                f"{len(v['unclassified_criteria'])} criteria are not labelled inclusion or "
                "exclusion; sort them",
            )
        if complete is False or (complete is None and _cut_off(text)):
            self.flag("truncated", "the document seems cut off before its end")
        interventions = _merged_interventions(v.get("interventions", ()))
        return ParsedTrial(
            format=self.format,
            title=title,
            official_title=clean(v.get("official_title", "")),
            acronym=clean(v.get("acronym", "")),
            registry_ids=ids,
            status=v.get("status"),
            status_raw=v.get("status_raw", ""),
            recruitment_status=v.get("recruitment_status", ""),
            status_registry=ids[0].registry if ids and v.get("status") else "",
            phases=tuple(v.get("phases", ())),
            study_type=v.get("study_type"),
            dates=TrialDates(**{name: v.get(f"date_{name}") for name in _DATE_FIELDS}),
            brief_summary=clean_block(v.get("brief_summary", "")),
            detailed_description=clean_block(v.get("detailed_description", "")),
            conditions=unique(
                clean_conditions(
                    v.get("conditions", ()), f"{title} | {v.get('official_title', '')}"
                )
            ),
            interventions=interventions,
            arms=tuple(v.get("arms", ())),
            enrollment=v.get("enrollment"),
            enrollment_type=v.get("enrollment_type"),
            sex=v.get("sex"),
            min_age_years=v.get("min_age_years"),
            max_age_years=v.get("max_age_years"),
            healthy_volunteers=v.get("healthy_volunteers"),
            inclusion_criteria=tuple(v.get("inclusion_criteria", ())),
            exclusion_criteria=tuple(v.get("exclusion_criteria", ())),
            unclassified_criteria=tuple(v.get("unclassified_criteria", ())),
            unclassified_criteria_kinds=tuple(
                criterion_kind(item) for item in v.get("unclassified_criteria", ())
            ),
            allocation=v.get("allocation"),
            intervention_model=v.get("intervention_model"),
            masking=v.get("masking"),
            primary_purpose=v.get("primary_purpose"),
            primary_outcomes=tuple(v.get("primary_outcomes", ())),
            secondary_outcomes=tuple(v.get("secondary_outcomes", ())),
            sponsor=clean(v.get("sponsor", "")),
            collaborators=unique(clean(c) for c in v.get("collaborators", ()) if c),
            locations=locations,
            countries=countries,
            contacts=unique(v.get("contacts", ()), key=lambda c: text_key(c.name)),
            review_flags=unique(self.flags, key=lambda flag: (flag.code, flag.message)),
        )

    def _own_ids_in(self, text: str) -> list[RegistryIdentifier]:
        """Registry ids anywhere in the text, but those of linked or related trials: ids
        every mention of which follows words naming another trial ("the parent study
        NCT...", "Linked study record: ..."); one plain mention makes an id the trial's own."""
        stated = {(i.registry, i.value.upper()) for i in self.values.get("registry_ids", ())}
        linked = {(i.registry, i.value.upper()) for i in self.values.get("linked_ids", ())}
        mentions = registry_id_mentions(text)
        mentioned_plainly = {
            (identifier.registry, identifier.value.upper())
            for at, identifier in mentions
            if not _after_linking_words(text, at)
        }
        return [
            identifier
            for _, identifier in mentions
            if (key := (identifier.registry, identifier.value.upper())) in stated
            or (key not in linked and key in mentioned_plainly)
        ]

    def _title(self) -> None:
        """A title that is page furniture is no title; "Clinical Trial: X" is X; a registry's
        cancellation mark before the title ("Cancelled by the investigator X") says the trial
        was withdrawn, whatever recruitment status the record kept from before."""
        v = self.values
        for name in ("title", "official_title"):
            if v.get(name) and is_furniture(v[name], menus=False):
                self.flag("title_furniture", f"'{v[name][:60]}' is page furniture, not a title")
                v[name] = ""
            elif v.get(name):
                v[name] = title_of(v[name])
            if cancelled := _CANCELLED_MARK.match(v.get(name, "")):
                v[name] = v[name][cancelled.end() :]
                if v.get("status") in (None, "not_yet_recruiting", "unknown"):
                    v["status"], v["status_raw"] = "withdrawn", cancelled["mark"]
                    self.flag("status_implied", f"status 'withdrawn' taken from the {name} mark "
                              f"'{cancelled['mark']}'")  # fmt: skip
        if not v.get("title") and v.get("official_title"):
            v["title"] = v["official_title"]

    def _implied(self) -> None:
        """Facts the title, summary or design lines state outside their labelled fields.

        Phases: the public title, then sentences about this trial in the summary, description
        or notes. Design: the public title, the summary, design lines. Enrollment: the summary.
        Conditions: the title, when no field names one."""
        v = self.values
        title = v.get("title", "")  # the public title, not the scientific one
        prose = [v.get(name, "") for name in _PROSE_FIELDS if v.get(name)]
        prose += v.get("notes", ())
        if not self.has("phases"):
            self.put_implied("phases", phases_in(title, title=True), "the title")
            official = v.get("official_title", "")
            self.put_implied("phases", phases_in(official, title=True), "the scientific title")
            for text in prose:
                self.put_implied("phases", phases_in(text), "the summary")
        if not (self.has("allocation") and self.has("masking")):
            for name, where in _DESIGN_SOURCES:
                for field_name, value in design_in(v.get(name, "")).items():
                    self.put_implied(field_name, value, where)
        if not self.has("study_type"):
            if self.has("phases") and v["phases"] != ("na",):
                self.put_implied("study_type", "interventional", "the phase")
            elif any(
                given_intervention(v.get(name, ""))
                for name in ("title", "official_title", "acronym")
            ) or (self.has("interventions") and any(given_intervention(t) for t in prose)):
                self.put_implied("study_type", "interventional", "the intervention given")
        if v.get("healthy_volunteers") is None:
            self.put_implied("healthy_volunteers", healthy_volunteers_in(title), "the title")
        if not self.has("enrollment"):
            summary = v.get("brief_summary", "")
            self.put_implied("enrollment", count_in_words(summary), "the summary")
        for name in ("brief_summary", "detailed_description"):
            if not self.has("countries") and not self.has("locations"):
                self.put_implied(
                    "countries", tuple(countries_in_prose(v.get(name, ""))), "the text"
                )
        if not self.has("conditions") and title:
            if condition := condition_in_title(title):
                self.put_implied("conditions", (condition,), "the title")
        elif not self.has("conditions") and not title:
            if condition := condition_in_summary(v.get("brief_summary", "")):
                self.put_implied("conditions", (condition,), "the summary")

    def _sex_from_criteria(self) -> None:
        if self.has("sex"):
            return
        v = self.values
        for criterion in (*v.get("inclusion_criteria", ()), *v.get("unclassified_criteria", ())):
            if _BOTH_SEXES.search(criterion):
                self.put_implied("sex", "all", f"a criterion: '{criterion[:60]}'")
                return

    def _ages_from_criteria(self) -> None:
        if self.has("min_age_years") or self.has("max_age_years"):
            return
        v = self.values
        for criterion in (*v.get("inclusion_criteria", ()), *v.get("unclassified_criteria", ())):
            low, high = age_bounds(criterion, need_context=True)
            if low is not None or high is not None:
                self.put_ages(low, high)
                self.flag("age_from_criterion", f"age bounds taken from a criterion: '{criterion}'")
                return
        for criterion in v.get("exclusion_criteria", ()):
            low, high = excluded_age_bounds(criterion)
            if low is not None or high is not None:
                self.put_ages(low, high)
                self.flag(
                    "age_from_criterion",
                    f"age bounds taken from the ages an exclusion rules out: '{criterion}'",
                )
                return


def _cut_off(text: str) -> bool:
    """Whether the last line looks cut mid-sentence (a long line without closing mark)."""
    lines = [line for line in (clean(line) for line in text.splitlines()) if line]
    if not lines:
        return False
    last = lines[-1]
    return len(last.split()) >= 6 and not _TERMINAL.search(last)


def apply_sections(draft: Draft, sections: Iterable[Section]) -> list[Section]:
    """Read every section whose meaning all label-driven formats share into ``draft``.

    Returns the sections left for the format's own rules (arms, titles, groups...).
    """
    rest: list[Section] = []
    weak: list[str] = []  # statuses of lesser fields ("Recruitment status" beside an overall one)
    last_criteria = "criteria"  # the criteria a "Details" section continues (CTRI)
    for section in sections:
        key, value = section.key, section.value
        if key in _LOOKUP_FIELDS:
            draft.put(key, lookup(key, value))
        elif key in _DATE_FIELDS:
            draft.put(f"date_{key}", date_of(section.text))
        elif key == "status":
            draft.put_status(value)
        elif key == "status_weak":
            weak.append(value)
        elif key == "timepoint":
            draft.put_time_frame(section.text)
        elif key.startswith("yes:"):
            _, name, term = key.split(":")
            if yes_no(value):
                draft.put(name, tuple(term.split(",")) if name == "phases" else term)
        elif key == "notes":
            draft.add("notes", [section.text])
        elif key == "design_text":
            draft.put("design_text", section.text)
            for part in re.split(r"[,;.]\s+|[,;]", section.text):
                if not _BARE_NONE.fullmatch(part):  # "Comparator / control treatment: None"
                    draft.put_design(part.rpartition(":")[2])
        elif key == "sex":
            draft.put("sex", lookup("sex", value))
        elif key == "phases":
            draft.put_phases(section.text)
        elif key == "design":
            for line in section.lines:
                for part in re.split(r"[,;.]\s+|[,;]", clean_item(line)):
                    if _BARE_NONE.fullmatch(part) and part.strip() != "NONE":
                        # A bare "None" names no design ("Masking: None" does); "NONE" is
                        # ClinicalTrials.gov's masking enum, which aggregators list bare.
                        continue
                    draft.put_design(part.rpartition(":")[2])
            for name, term in design_in(section.text).items():  # "Randomised double-blind ..."
                draft.put(name, term)
        elif key == "enrollment":
            count, kind = enrollment_of(value, section.qualifier)
            draft.put("enrollment", count)
            draft.put("enrollment_type", kind)
        elif key == "ages":
            draft.put_ages(*age_bounds(value))
        elif key in ("min_age", "max_age"):
            values = [item for item in map(clean_item, section.lines) if item][:2]
            if len(values) == 2 and _BARE_NUMBER.fullmatch(values[0]):
                value = " ".join(values)  # "14" then "Days" on the next line (ANZCTR)
            draft.put(f"{key}_years", age_value(value))
        elif key == "healthy_volunteers":
            draft.put("healthy_volunteers", yes_no(value))
        elif key in ("brief_summary", "detailed_description"):
            draft.put(key, section.text)
        elif key == "conditions":
            draft.add("conditions", split_run_together(prepare_conditions(section.lines)))
        elif key == "interventions":
            draft.add_interventions(section.lines)
        elif key == "linked":
            for line in section.lines:
                draft.add("linked_ids", registry_ids_in(line))
        elif key in ("registry_ids", "other_ids"):
            for line in section.lines:
                draft.add("registry_ids", identifiers_in_line(line))
        elif key in ("inclusion", "exclusion", "criteria", "criteria_details"):
            kind = last_criteria if key == "criteria_details" else key
            last_criteria = kind
            field_name = {"criteria": "unclassified"}.get(kind, kind) + "_criteria"
            draft.add(field_name, criteria_items(section.lines))
        elif key in ("primary_outcomes", "secondary_outcomes"):
            outcomes, doubtful = outcomes_of(section.lines)
            draft.add(key, outcomes)
            for measure in doubtful:
                draft.flag("outcome_unsplit", f"no time frame found in the outcome '{measure}'")
        elif key == "locations":
            draft.add("locations", locations_of(section.lines))
        elif key == "countries":
            for line in section.lines:
                draft.add("countries", _countries_of_line(line))
        elif key == "sponsor":
            draft.put("sponsor", _SPONSOR_CLASS.sub("", _NAME_CELL.sub("", value)))
        elif key == "collaborators":
            draft.add("collaborators", non_empty(strip_marker(line) for line in section.lines))
        elif key == "contacts":
            draft.add("contacts", contacts_of(section.lines))
        elif key in ("acronym", "title", "official_title"):
            draft.put(key, value)
        else:
            rest.append(section)
    if not draft.has("status") or is_stage(draft.values["status"]):
        for wording in weak:
            draft.put_status(wording, recruitment=True)
    return rest


def _countries_of_line(line: str) -> list[str]:
    item = clean_item(line)
    code = country_code(item)
    if not code:  # "日本/Japan", "Belgium - FPS Health-DGM"
        parts = re.split(r"/|\s+-\s+", item)
        code = next((c for part in parts if (c := country_code(part.strip()))), None)
    return [code] if code else list(countries_in_run(item))


def _restored_status(wording: str) -> tuple[str | None, str]:
    """A status whose first letter the copy lost ("ot Recruiting"): the one capital that makes
    a known wording, and that wording."""
    for letter in "NRCAEWSTOU":
        if status := lookup("status", letter + wording):
            return status, letter + wording
    return None, wording


_LINKED = re.compile(
    r"(?:\b(?:linked|related|parent|previous(?:ly)?|prior|earlier|original|preceding|companion"
    r"|feeder|roll[- ]?over|core|main)\s+(?:(?!to\b|of\b)[\w-]+\s+){0,2}?"
    r"(?:study|trial|record|protocol)s?"
    r"|\b(?:extension|continuation|sub-?study|follow[- ]?up)\s+(?:study\s+|trial\s+)?(?:of|to)"
    r"|\bsee also)\b[^.;\n]{0,20}$",
    re.IGNORECASE,
)


def _after_linking_words(text: str, at: int) -> bool:
    """Whether the id written at offset ``at`` follows words naming another trial."""
    window_start = max(0, at - 80)
    line_start = text.rfind("\n", window_start, at) + 1
    return bool(_LINKED.search(text[max(line_start, window_start) : at]))


def _merged_interventions(
    interventions: Iterable[ParsedIntervention],
) -> tuple[ParsedIntervention, ...]:
    """One intervention per name, in order; a repeat adds the type and description the first
    mention lacked ("Other interventions: X" then its description under a later "X")."""
    merged: dict[str, ParsedIntervention] = {}
    for intervention in interventions:
        key = text_key(intervention.name)
        first = merged.get(key)
        if first is None:
            merged[key] = intervention
        else:
            merged[key] = replace(
                first,
                type=first.type or intervention.type,
                description=first.description or intervention.description,
            )
    return tuple(merged.values())
