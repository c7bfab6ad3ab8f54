"""Layouts the corpus does not show (tests/fixtures/new_layouts, README there): the current
ClinicalTrials.gov study page (opening with the site's glossary), a CTIS trial page and a
WHO ICTRP record, each with a gold record written before the importer was run on it.

Each field the gold names must come out; the values not reached yet are ``KNOWN_GAPS``.
"""

import json
from pathlib import Path

import pytest

from trials.parsers import detect, parse_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "new_layouts"
STEMS = sorted(path.stem for path in FIXTURES.glob("*.txt"))
KNOWN_GAPS = {
    # "Age range: 18-64 years" is the register's age group; the criteria say 65
    ("02_ctis_bm-msc-nonunion", "max_age_years"),
}
FIELDS = ("title", "status", "phases", "study_type", "enrollment", "sex", "min_age_years",
          "max_age_years", "healthy_volunteers", "conditions", "allocation", "masking",
          "sponsor", "registry_ids", "criteria", "countries")  # fmt: skip
COUNTRIES = {"Spain": "ES", "Italy": "IT", "Germany": "DE", "China": "CN"}


def _gold(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def _text(stem: str) -> str:
    return (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")


def _value(parsed, field: str):
    if field == "registry_ids":
        return [identifier.value for identifier in parsed.registry_ids][:1]
    if field == "criteria":
        return [len(parsed.inclusion_criteria), len(parsed.exclusion_criteria)]
    if field in ("phases", "conditions", "countries"):
        return sorted(getattr(parsed, field))
    return getattr(parsed, field)


def _wanted(gold: dict, field: str):
    if field == "registry_ids":
        return gold["registry_ids"][:1]
    if field == "criteria":
        return [gold["inclusion_criteria_count"], gold["exclusion_criteria_count"]]
    if field == "countries":
        return sorted(COUNTRIES[name] for name in gold["countries"])
    if field in ("phases", "conditions"):
        return sorted(gold[field])
    return gold[field]


@pytest.mark.parametrize("stem", STEMS)
def test_recognised_by_name(stem):
    assert detect(_text(stem)).format == _gold(stem)["source_format"]


@pytest.mark.parametrize(
    ("stem", "field"),
    [
        pytest.param(
            stem,
            field,
            marks=pytest.mark.xfail(strict=True) if (stem, field) in KNOWN_GAPS else (),
        )
        for stem in STEMS
        for field in FIELDS
    ],
)
def test_field_matches_the_gold(stem, field):
    parsed = parse_document(_text(stem))
    got, wanted = _value(parsed, field), _wanted(_gold(stem), field)
    if isinstance(wanted, float | int) and not isinstance(wanted, bool) and got is not None:
        got = type(wanted)(got)
    assert got == wanted


def test_a_glossary_printed_with_the_page_gives_no_field():
    """The current CT.gov page opens with the site's glossary: its terms look like labels
    ("Accepts healthy volunteers", "Allocation") and the study's heading comes after it."""
    text = _text("01_ctgov-current_ucmsc-knee-oa").replace("Accepts Healthy Volunteers\nNo\n", "")
    parsed = parse_document(text)
    assert parsed.healthy_volunteers is None
    assert parsed.title.startswith("Umbilical Cord Mesenchymal Stem Cells")
