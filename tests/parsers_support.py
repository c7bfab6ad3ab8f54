"""Comparing trial records with the expected records of ``shared/seeds/expected``.

``differences`` implements the comparison rules of ``shared/seeds/README.md`` on plain
record dicts, so it serves both the parser tests (through ``record_of``) and the checks of
records exported from the database.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import pytest

from trials.parsers import detect, parse_document
from trials.parsers.record import ParsedArm, ParsedIntervention, ParsedTrial, ParseError
from trials.text import search_key

# Keys that are the project's own, never compared.
PROJECT_KEYS = frozenset({"id", "url", "sources", "updated_at"})
# Lists compared as sets: by key anywhere, and by path.
SET_KEYS = frozenset({"countries", "phases"})
SET_PATHS = frozenset(
    {
        "regen.product_types",
        "regen.cell_types",
        "regen.source_tissues",
        "regen.routes",
        "arms[].interventions",
    }
)
_SPACES = re.compile(r"\s+")


def _none_if_empty(value: str) -> str | None:
    return value or None


def record_of(parsed: ParsedTrial) -> dict:
    """A ParsedTrial in the shape of the published record (as the importer would store it)."""
    return {
        "title": parsed.title,
        "acronym": _none_if_empty(parsed.acronym),
        "registry_ids": [{"registry": i.registry, "value": i.value} for i in parsed.registry_ids],
        "status": parsed.status or "unknown",
        "status_raw": _none_if_empty(parsed.status_raw),
        "phases": sorted(parsed.phases),
        "study_type": parsed.study_type,
        "dates": asdict(parsed.dates),
        "brief_summary": _none_if_empty(parsed.brief_summary),
        "detailed_description": _none_if_empty(parsed.detailed_description),
        "conditions": list(parsed.conditions),
        "interventions": [
            {"type": i.type, "name": i.name, "description": _none_if_empty(i.description)}
            for i in parsed.interventions
        ],
        "arms": [
            {
                "label": a.label,
                "type": a.type,
                "description": _none_if_empty(a.description),
                "interventions": list(a.interventions),
            }
            for a in parsed.arms
        ],
        "enrollment": parsed.enrollment,
        "enrollment_type": parsed.enrollment_type,
        "sex": parsed.sex,
        "min_age_years": parsed.min_age_years,
        "max_age_years": parsed.max_age_years,
        "healthy_volunteers": parsed.healthy_volunteers,
        "inclusion_criteria": list(parsed.inclusion_criteria),
        "exclusion_criteria": list(parsed.exclusion_criteria),
        "unclassified_criteria": list(parsed.unclassified_criteria),
        "allocation": parsed.allocation,
        "intervention_model": parsed.intervention_model,
        "masking": parsed.masking,
        "primary_purpose": parsed.primary_purpose,
        "primary_outcomes": [_outcome(o) for o in parsed.primary_outcomes],
        "secondary_outcomes": [_outcome(o) for o in parsed.secondary_outcomes],
        "sponsor": _none_if_empty(parsed.sponsor),
        "collaborators": list(parsed.collaborators),
        "locations": [
            {
                "facility": _none_if_empty(lo.facility),
                "city": _none_if_empty(lo.city),
                "country": _none_if_empty(lo.country),
            }
            for lo in parsed.locations
        ],
        "countries": list(parsed.countries),
        "contacts": [
            {
                "name": c.name,
                "role": _none_if_empty(c.role),
                "email": _none_if_empty(c.email),
                "phone": _none_if_empty(c.phone),
            }
            for c in parsed.contacts
        ],
        "regen": {
            "product_types": list(parsed.regen.product_types),
            "cell_types": list(parsed.regen.cell_types),
            "source_tissues": list(parsed.regen.source_tissues),
            "donor": parsed.regen.donor,
            "routes": list(parsed.regen.routes),
        },
        "review_flags": [flag.message for flag in parsed.review_flags],
    }


def _outcome(outcome) -> dict:
    return {
        "measure": outcome.measure,
        "time_frame": _none_if_empty(outcome.time_frame),
        "description": _none_if_empty(outcome.description),
    }


def differences(expected: dict, record: dict, *, ignore: Iterable[str] = ()) -> list[str]:
    """Every way ``record`` departs from ``expected`` under the seeds' comparison rules.

    Only the keys ``expected`` holds are compared (minus ``ignore`` and the project's own
    keys); objects in lists on the expected object's keys; ``countries``, ``phases``, the
    lists of ``regen`` and ``arms[].interventions`` as sets, other lists in order; text after
    collapsing whitespace. ``expect_review_flags`` non-empty <=> ``review_flags`` non-empty.
    """
    skipped = PROJECT_KEYS | set(ignore)
    found: list[str] = []
    for key, want in expected.items():
        if key in skipped:
            continue
        if key == "expect_review_flags":
            flags = record.get("review_flags") or []
            if bool(want) != bool(flags):
                found.append(f"review_flags: expected {'some' if want else 'none'}, got {flags!r}")
            continue
        if key not in record:
            found.append(f"{key}: missing from the record")
            continue
        found.extend(_compare(key, key, want, record[key]))
    return found


def _compare(path: str, pattern: str, want: object, got: object) -> list[str]:
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object, got {got!r}"]
        problems = []
        for key, value in want.items():
            if key not in got:
                problems.append(f"{path}.{key}: missing")
            else:
                problems.extend(_compare(f"{path}.{key}", f"{pattern}.{key}", value, got[key]))
        return problems
    if isinstance(want, list):
        if not isinstance(got, list):
            return [f"{path}: expected a list, got {got!r}"]
        name = pattern.rsplit(".", 1)[-1]
        if name in SET_KEYS or pattern in SET_PATHS:
            if {_text(item) for item in want} != {_text(item) for item in got}:
                return [f"{path}: expected the set {sorted(map(_text, want))}, got {got!r}"]
            return []
        if len(want) != len(got):
            return [f"{path}: expected {len(want)} item(s), got {len(got)}: {got!r}"]
        problems = []
        for index, (item_want, item_got) in enumerate(zip(want, got, strict=True)):
            problems.extend(_compare(f"{path}[{index}]", f"{pattern}[]", item_want, item_got))
        return problems
    if _text(want) != _text(got):
        return [f"{path}: expected {want!r}, got {got!r}"]
    return []


def _text(value: object) -> object:
    """Strings compared with runs of whitespace collapsed; numbers as numbers."""
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip()
    if isinstance(value, bool):
        return ("bool", value)
    if value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def trial(
    title: str = "",
    summary: str = "",
    description: str = "",
    interventions: tuple[str | tuple[str, str], ...] = (),
    arms: tuple[tuple[str, str | None, str], ...] = (),
    conditions: tuple[str, ...] = (),
) -> ParsedTrial:
    """A ParsedTrial from short literals: interventions as names or (name, description),
    arms as (label, type, description)."""
    return ParsedTrial(
        format="test",
        title=title,
        brief_summary=summary,
        detailed_description=description,
        conditions=conditions,
        interventions=tuple(
            ParsedIntervention(name=i)
            if isinstance(i, str)
            else ParsedIntervention(i[0], None, i[1])
            for i in interventions
        ),
        arms=tuple(ParsedArm(label=a[0], type=a[1], description=a[2]) for a in arms),
    )


class GoldPages:
    """A folder of real pages (``NN_<layout>_<slug>.txt``) with a gold record beside each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stems = sorted(path.stem for path in folder.glob("*.txt"))

    def text(self, stem: str) -> str:
        return (self.folder / f"{stem}.txt").read_text(encoding="utf-8")

    def gold(self, stem: str) -> dict:
        return json.loads((self.folder / f"{stem}.json").read_text(encoding="utf-8"))

    def parsed(self, stem: str) -> ParsedTrial:
        return parse_document(self.text(stem))


def text_key(text: str | None) -> str:
    """Text as the gold comparisons match it: search key, spaces collapsed, end marks off."""
    return " ".join(search_key(text or "").split()).strip(" .;,")


def gold_field_matches(field: str, got, want) -> bool:
    """Whether a parsed field value says what a held-out page's gold record says: texts by
    their key, a missing status as "unknown", phases as a set, conditions in order."""
    if field in ("title", "sponsor"):
        return text_key(got) == text_key(want)
    if field == "status":
        return (got or "unknown") == want
    if field == "phases":
        return set(got) == set(want)
    if field == "conditions":
        return [text_key(c) for c in got] == [text_key(c) for c in want]
    return got == want


class HeldOutPages(GoldPages):
    """Held-out pages (``tests/fixtures/<folder>``) and the tests every such set runs.

    ``layouts`` says which layout ``detect`` must name for each page; ``known_gaps`` maps
    ``(stem, field)`` (a gold field, "layout" or "registry_ids") to why it still misses, so it
    xfails, and fails once it matches; ``unread`` maps a page that gives no record at all
    (ParseError) to why. The test files state these tables and bind the tests to their names.
    """

    def __init__(
        self,
        folder: str,
        *,
        layouts: dict[str, str],
        known_gaps: dict[tuple[str, str], str],
        unread: dict[str, str] | None = None,
    ) -> None:
        super().__init__(Path(__file__).resolve().parent / "fixtures" / folder)
        self.layouts = layouts
        self.known_gaps = known_gaps
        self.unread = unread or {}

    def trial(self, stem: str) -> ParsedTrial:
        """The page parsed, or an expected failure while the page is in ``unread``."""
        if stem not in self.unread:
            return self.parsed(stem)
        try:
            self.parsed(stem)
        except ParseError:
            pytest.xfail(self.unread[stem])
        pytest.fail("the page is now read: drop it from UNREAD")

    def check(self, stem: str, field: str, got, want) -> None:
        """Asserts a gold field; a field listed as a known gap must still miss (then xfails)."""
        ok = gold_field_matches(field, got, want)
        known_gap = self.known_gaps.get((stem, field))
        if known_gap is not None:
            if ok:
                pytest.fail(f"{field} now matches the gold: drop it from KNOWN_GAPS")
            pytest.xfail(known_gap)
        assert ok, f"{stem} {field}: got {got!r}, the gold says {want!r}"

    def layout_tests(self):
        """Every page has a layout named, and ``detect`` names it."""

        def test_every_page_has_a_layout():
            assert set(self.layouts) == set(self.stems)

        @pytest.mark.parametrize("stem", self.stems)
        def test_detected_by_name(stem):
            self.check(stem, "layout", detect(self.text(stem)).format, self.layouts[stem])

        return test_every_page_has_a_layout, test_detected_by_name

    def registry_ids_test(self):
        """The page yields exactly the gold's registry ids (in any case)."""

        @pytest.mark.parametrize("stem", self.stems)
        def test_registry_ids(stem):
            ids = {i.value.upper() for i in self.trial(stem).registry_ids}
            self.check(
                stem, "registry_ids", ids, {i.upper() for i in self.gold(stem)["registry_ids"]}
            )

        return test_registry_ids

    def fields_test(self, fields: Iterable[str]):
        """Each of ``fields`` says what the gold says (``gold_field_matches``)."""

        @pytest.mark.parametrize("stem", self.stems)
        @pytest.mark.parametrize("field", tuple(fields))
        def test_fields(stem, field):
            self.check(stem, field, getattr(self.trial(stem), field), self.gold(stem)[field])

        return test_fields
