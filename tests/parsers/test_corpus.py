"""Real registry pages (tests/fixtures/corpus, vendored from the shared corpus): each page, cut at
about 2,000 bytes, must yield what its gold record says. No database needed.

The gold conventions are in tests/fixtures/corpus/README.md (status not stated: "unknown";
design from the title or summary; conditions from the title when no field names them). The
regenerative-medicine fields (cell type, tissue, donor, route) are the classifier's and are
tested with it.
"""

from pathlib import Path

import pytest

from tests.parsers_support import GoldPages, text_key
from trials.parsers import detect
from trials.vocab.countries import country_code

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
STEMS = sorted(path.stem for path in CORPUS.glob("*.txt"))

# Which layout each page is (detection must say so by name).
LAYOUTS = {
    "01_ctgov_mpc-diabetic-nephropathy": "ctgov",
    "02_anzctr_mpc-diabetic-nephropathy-imported": "anzctr",
    "03_medpath_mpc-diabetic-nephropathy": "aggregator",
    "04_anzctr_ucb-cells-fetal-stroke": "anzctr",
    "05_anzctr-dev_ucb-cells-fetal-stroke": "anzctr",
    "11_curemydisease_huc-msc-knee-oa": "generic",
    "13_ctgov_ucmsc-uterine-niche-phase2-withdrawn": "ctgov",
    "15_isrctn_bm-cells-heart-scar-cabg": "isrctn",
    "17_jrct_ipsc-cartilage-knee": "jrct",
    "19_umin_ipsc-nspc-spinal-cord-injury": "umin",
    "21_chictr_adipose-msc-exosomes-knee-oa": "chictr",
    "23_euctr-results_mpc-intracoronary-stemi": "euctr",
    "25_pubmed_hesc-dopamine-progenitors-parkinson": "secondary",
    "27_meddatax_universal-cd19-cd20-car-t-lupus": "generic",
    "29_news_oral-mucosal-epithelial-sheet-lscd": "secondary",
}
SCALARS = (
    "study_type", "enrollment", "sex", "min_age_years", "max_age_years", "healthy_volunteers",
    "allocation", "masking",
)  # fmt: skip


PAGES = GoldPages(CORPUS)
gold, parsed, key = PAGES.gold, PAGES.parsed, text_key


def id_key(value: str) -> str:
    return value.upper().replace(" ", "")


def test_every_corpus_page_has_a_layout():
    assert set(LAYOUTS) == set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_detected_by_name(stem):
    detection = detect((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    assert detection.format == LAYOUTS[stem]
    assert detection.reason


@pytest.mark.parametrize("stem", STEMS)
def test_key_fields_match_the_gold(stem):
    expected, trial = gold(stem), parsed(stem)
    assert {id_key(value) for value in expected["registry_ids"]} <= {
        id_key(identifier.value) for identifier in trial.registry_ids
    }
    assert trial.registry_ids[0].value.upper() == expected["registry_ids"][0].upper()
    assert key(trial.title) == key(expected["title"])
    assert (trial.status or "unknown") == expected["status"]
    assert set(trial.phases) == set(expected["phases"])
    for name in SCALARS:
        assert getattr(trial, name) == expected[name], name
    assert [key(c) for c in trial.conditions] == [key(c) for c in expected["conditions"]]
    assert set(trial.countries) == {country_code(name) for name in expected["countries"]}
    assert key(trial.sponsor) == key(expected["sponsor"])


@pytest.mark.parametrize("stem", STEMS)
def test_outcomes_and_typed_interventions_match_the_gold(stem):
    expected, trial = gold(stem), parsed(stem)
    assert [key(o.measure) for o in trial.primary_outcomes] == [
        key(o["measure"]) for o in expected["primary_outcomes"]
    ]
    assert [key(o.time_frame) or None for o in trial.primary_outcomes] == [
        key(o["time_frame"]) or None for o in expected["primary_outcomes"]
    ]
    typed = [(i["type"], key(i["name"])) for i in expected["interventions"] if i["type"]]
    if typed:
        assert [(i.type, key(i.name)) for i in trial.interventions] == typed


def test_criteria_counts_of_the_medpath_page():
    trial = parsed("03_medpath_mpc-diabetic-nephropathy")
    assert (len(trial.inclusion_criteria), len(trial.exclusion_criteria)) == (6, 8)
    assert not trial.unclassified_criteria


def codes(stem: str) -> set[str]:
    return {flag.code for flag in parsed(stem).review_flags}


def test_values_taken_outside_their_fields_are_flagged():
    found = codes("25_pubmed_hesc-dopamine-progenitors-parkinson")
    assert {"secondary_source", "phases_implied", "masking_implied", "enrollment_implied"} <= found
    found = codes("11_curemydisease_huc-msc-knee-oa")
    assert {"phases_implied", "enrollment_implied", "study_type_implied"} <= found
