"""A 2 MB document parses in seconds: no step may cost more than linear time in its length.

The admin's import parses and previews inside the request (killed at 30 s). Each page below
once took from 15 s to minutes: a scan comparing every id with every id found before it, a
search from each id back to the text's start, a list grown by copying on each item, and
every condition's wording tried on every intervention's text. The bound is generous (a quiet
machine needs 1 to 3 s); the time is printed for ``pytest -s``.
"""

import time
from pathlib import Path

import pytest

from trials.parsers import parse_document

SIZE = 2_000_000
BOUND_SECONDS = 10.0
SEEDS = Path(__file__).resolve().parents[2] / "data" / "sources"
HEAD = "Title: Mesenchymal stromal cells for knee osteoarthritis\nNCT01234567\n"


def _listing() -> str:  # a search-results table: one registry id per row
    row = "| NCT{:08d} | Phase 2 | Knee osteoarthritis | Recruiting | {} |"
    return "\n".join(row.format(n, n) for n in range(1, SIZE // 50))


def _labelled_fields() -> str:  # thousands of labelled conditions and interventions
    return "\n".join(f"Condition: Disease {n}\nIntervention: Drug {n}" for n in range(SIZE // 40))


def _repeated_page() -> str:  # a registry page's sections over and over
    page = (SEEDS / sorted(path.name for path in SEEDS.glob("*.txt"))[-1]).read_text()
    return "\n".join([page] * (SIZE // len(page) + 1))


def _flattened_page() -> str:  # the same page with its lines run together
    page = " ".join((SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text().split())
    return " ".join([page] * (SIZE // len(page) + 1))


@pytest.mark.parametrize(
    "make", [_listing, _labelled_fields, _repeated_page, _flattened_page], ids=lambda f: f.__name__
)
def test_a_2_mb_document_parses_well_within_the_admin_request_limit(make):
    text = (HEAD + make())[:SIZE]
    started = time.process_time()
    parsed = parse_document(text)
    seconds = time.process_time() - started
    print(f"\n{make.__name__}: {len(text):,} characters parsed in {seconds:.2f} s CPU")
    assert parsed.registry_ids
    assert seconds < BOUND_SECONDS
