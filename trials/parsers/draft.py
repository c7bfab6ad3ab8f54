"""Building a ParsedTrial: the Draft a parser fills, and the sections every label-driven
format reads the same way (``apply_sections``).
"""

import re
from collections.abc import Iterable, Sequence
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
from trials.parsers.identifiers import identifiers_in_line, ordered_ids, registry_ids_in
from trials.parsers.record import ParsedTrial, ParseError, ReviewFlag, TrialDates
from trials.parsers.sections import Section
from trials.parsers.tables import arms_from_table, contacts_of, location_key, locations_of
from trials.parsers.values import age_bounds, age_value, date_of, enrollment_of, outcomes_of, yes_no
from trials.text import clean_block
from trials.vocab.countries import countries_in_run, country_code
from trials.vocab.fields import lookup, phases_of

# -- Building the ParsedTrial -----------------------------------------------------------------

_DATE_FIELDS = ("start", "primary_completion", "completion", "first_posted", "last_update")
_LOOKUP_FIELDS = ("study_type", "allocation", "masking", "intervention_model", "primary_purpose")
_DESIGN_FIELDS = ("allocation", "intervention_model", "masking", "primary_purpose")
_TERMINAL = re.compile(r"[.!?:;)\]\"'»%0-9]$|https?://\S+$")


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
        return self.values.get(name) not in (None, "", ())

    def put(self, name: str, value: Any) -> None:
        if value not in (None, "", ()) and not self.has(name):
            self.values[name] = value

    def add(self, name: str, items: Iterable[Any]) -> None:
        self.values[name] = (*self.values.get(name, ()), *items)

    def flag(self, code: str, message: str) -> None:
        self.flags.append(ReviewFlag(code, message))

    def put_status(self, wording: str, where: str = "") -> None:
        """Status from a source wording; a second, different status is a review flag."""
        wording = clean_item(wording)
        if not wording:
            return
        status = lookup("status", wording)
        if status is None:
            self.flag("status_unrecognised", f"status wording not recognised: '{wording}'")
            return
        if not self.has("status"):
            self.values["status"], self.values["status_raw"] = status, wording
            return
        if status != self.values["status"]:
            kept = self.values["status_raw"]
            self.flag(
                "status_conflict",
                f"status differs within the document ({kept} / {wording}"
                f"{' in ' + where if where else ''}); kept '{kept}'",
            )

    def put_phases(self, text: str) -> None:
        if phases := phases_of(text):
            self.put("phases", phases)

    def put_design(self, text: str) -> bool:
        """A design wording into whichever design field knows it; False if none does."""
        for name in _DESIGN_FIELDS:
            if value := lookup(name, text):
                self.put(name, value)
                return True
        return False

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
        ids = ordered_ids([*v.get("registry_ids", ()), *registry_ids_in(text)])
        title = clean(v.get("title", ""))
        if not title and not ids:
            raise ParseError("no trial found: the text has neither a title nor a registry id")
        if title and title[0].islower() and not re.match(r"[a-z]{1,2}[A-Z]", title):
            self.flag("damaged_start", f"the title starts in lower case: '{title[:40]}...'")
        locations = unique(v.get("locations", ()), key=location_key)
        countries = unique([*v.get("countries", ()), *(lo.country for lo in locations)])
        self._ages_from_criteria()
        if v.get("unclassified_criteria"):
            self.flag(
                "criteria_unlabelled",
                f"{len(v['unclassified_criteria'])} criteria are not labelled inclusion or "
                "exclusion; sort them",
            )
        if complete is False or (complete is None and _cut_off(text)):
            self.flag("truncated", "the document seems cut off before its end")
        interventions = unique(v.get("interventions", ()), key=lambda i: text_key(i.name))
        return ParsedTrial(
            format=self.format,
            title=title,
            acronym=clean(v.get("acronym", "")),
            registry_ids=ids,
            status=v.get("status"),
            status_raw=v.get("status_raw", ""),
            phases=tuple(v.get("phases", ())),
            study_type=v.get("study_type"),
            dates=TrialDates(**{name: v.get(f"date_{name}") for name in _DATE_FIELDS}),
            brief_summary=clean_block(v.get("brief_summary", "")),
            detailed_description=clean_block(v.get("detailed_description", "")),
            conditions=unique(c for c in v.get("conditions", ()) if c),
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


def _cut_off(text: str) -> bool:
    """Whether the last line looks cut mid-sentence (a long line without closing mark)."""
    lines = [line for line in (clean(line) for line in text.splitlines()) if line]
    if not lines:
        return False
    last = lines[-1]
    return len(last.split()) >= 6 and not _TERMINAL.search(last)


def criteria_items(lines: Iterable[str]) -> list[str]:
    """Criteria, one per line (or per "1. ..." of a line holding a numbered run)."""
    items: list[str] = []
    for line in lines:
        stripped = clean(line)
        parts = re.split(r"(?:^|(?<=[.;:])\s+)(?=\d{1,2}[.)]\s)", stripped)
        items.extend(item for item in (clean_item(part) for part in parts) if item)
    return items


def apply_sections(draft: Draft, sections: Iterable[Section]) -> list[Section]:
    """Read every section whose meaning all label-driven formats share into ``draft``.

    Returns the sections left for the format's own rules (arms, titles, groups...).
    """
    rest: list[Section] = []
    for section in sections:
        key, value = section.key, section.value
        if key in _LOOKUP_FIELDS:
            draft.put(key, lookup(key, value))
        elif key in _DATE_FIELDS:
            draft.put(f"date_{key}", date_of(section.text))
        elif key == "status":
            draft.put_status(value)
        elif key == "sex":
            draft.put("sex", lookup("sex", value))
        elif key == "phases":
            draft.put_phases(section.text)
        elif key == "design":
            for line in section.lines:
                for part in re.split(r"[,;.]\s+|[,;]", clean_item(line)):
                    draft.put_design(part.rpartition(":")[2])
        elif key == "enrollment":
            count, kind = enrollment_of(value, section.qualifier)
            draft.put("enrollment", count)
            draft.put("enrollment_type", kind)
        elif key == "ages":
            draft.put_ages(*age_bounds(value))
        elif key in ("min_age", "max_age"):
            draft.put(f"{key}_years", age_value(value))
        elif key == "healthy_volunteers":
            draft.put("healthy_volunteers", yes_no(value))
        elif key in ("brief_summary", "detailed_description"):
            draft.put(key, section.text)
        elif key == "conditions":
            draft.add("conditions", split_run_together("\n".join(section.lines)))
        elif key == "interventions":
            draft.add("interventions", interventions_of("\n".join(section.lines)))
        elif key in ("registry_ids", "other_ids"):
            for line in section.lines:
                draft.add("registry_ids", identifiers_in_line(line))
        elif key in ("inclusion", "exclusion", "criteria"):
            field_name = {"criteria": "unclassified"}.get(key, key) + "_criteria"
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
            draft.put("sponsor", value)
        elif key == "collaborators":
            draft.add("collaborators", non_empty(strip_marker(line) for line in section.lines))
        elif key == "contacts":
            draft.add("contacts", contacts_of(section.lines))
        elif key in ("acronym", "title", "official_title"):
            draft.put(key, value)
        else:
            rest.append(section)
    return rest


def _countries_of_line(line: str) -> list[str]:
    item = clean_item(line)
    code = country_code(item)
    return [code] if code else list(countries_in_run(item))
