"""trials.co study pages (a ClinicalTrials.gov mirror): a label per line, the conditions under
"Primary Purpose", the sponsor under "Sponsored by", one country (or "International") under
"Locations", and the eligibility badges run together on one line under "Eligibility Criteria":
"18 Years - 60 Years (Adult)All SexesAccepts Healthy Volunteers". A plainer rendering has no
header and no labelled fields above "About this trial": the title, then the conditions on the
line under it. The NCT number is only in the page's address, so a copy holds no registry id."""

import re

from trials.parsers.cleaning import clean_item
from trials.parsers.draft import Draft
from trials.parsers.furniture import is_furniture
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, Section, label_table
from trials.parsers.values import yes_no
from trials.vocab.fields import lookup

NAME = "trialsco"
# "All Sexes", "Female", "Male" right after the age group's closing bracket.
_SEX = re.compile(r"\)\s*(?P<sex>All Sexes|Female|Male)(?=[A-Z]|\s|$)")
_VOLUNTEERS = re.compile(r"(?:Accepts|Does not accept) healthy volunteers", re.IGNORECASE)


def _read_page(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    _conditions_under_title(draft, preamble)
    _eligibility_badges(draft, sections)


def _conditions_under_title(draft: Draft, preamble: list[str]) -> None:
    """The plain rendering's two lines above "About this trial": the title, the conditions."""
    lines = [line for line in (clean_item(raw) for raw in preamble) if line]
    if draft.has("conditions") or len(lines) != 2 or is_furniture(lines[0]):
        return
    conditions = lines[1]
    if len(conditions.split()) <= 15 and not conditions.endswith("."):
        draft.add("conditions", [conditions])


def _eligibility_badges(draft: Draft, sections: list[Section]) -> None:
    for section in sections:
        if section.key != "ages":
            continue
        line = clean_item(section.text)
        if sex := _SEX.search(line):
            draft.put("sex", lookup("sex", sex["sex"].replace(" Sexes", "")))
        if volunteers := _VOLUNTEERS.search(line):
            draft.put("healthy_volunteers", yes_no(volunteers[0]))


LAYOUT = Layout(
    name=NAME,
    signals=(
        ("Back to results", 0.2),
        ("Sponsored by", 0.2),
        ("About this trial", 0.2),
        ("Primary Purpose", 0.1),
        ("Full info", 0.1),
        ("This is an interventional", 0.2),
        ("This is an observational", 0.2),
        ("All Sexes", 0.1),
    ),
    labels=label_table(
        LABELS,
        {
            "conditions": ("Primary Purpose",),
            "sponsor": ("Sponsored by",),
            "countries": ("Locations",),
            "ages": ("Eligibility Criteria",),
            "ignore": (
                "search",
                "Back to results",
                "About",
                "About this trial",
                "Arms",
                "Outcomes",
                "Full info",
                "Eligibility",
            ),
        },
    ),  # fmt: skip
    hook=_read_page,
)
