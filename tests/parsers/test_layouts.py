"""Registry layouts beyond the corpus pages: fuller records written after each registry's
public layout (tests/fixtures/layouts), read by name. No database needed."""

from pathlib import Path

import pytest

from trials.parsers import detect, parse_document

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"

CASES = {
    "jrct_english_record": {
        "format": "jrct",
        "ids": ["jRCT2031210123"],
        "title": "iPS cell-derived corneal endothelial cells for bullous keratopathy",
        "status": "recruiting", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Bullous keratopathy",), "enrollment": 10, "ages": (20, 85),
        "sex": "all",
    },
    "anzctr_query_rendering": {
        "format": "anzctr",
        "ids": ["ACTRN12621000555666", "UCMSC-BPD-01"],
        "title": "Mesenchymal stromal cells for bronchopulmonary dysplasia in preterm infants",
        "status": "not_yet_recruiting", "phases": ("1",), "study_type": "interventional",
        "conditions": ("Bronchopulmonary dysplasia",), "ages": (None, 0.04), "sex": "all",
        "healthy_volunteers": False, "inclusion": 2, "exclusion": 1,
    },
    "ctgov_classic_full": {
        "format": "ctgov",
        "ids": ["NCT00123456"],
        "title": "Autologous Bone Marrow Cells in Dilated Cardiomyopathy",
        "status": "terminated", "phases": ("2", "3"), "study_type": "interventional",
        "conditions": ("Dilated Cardiomyopathy",), "enrollment": 24, "ages": (18, 70),
        "sex": "all", "healthy_volunteers": False, "allocation": "randomized",
        "masking": "double", "inclusion": 2, "exclusion": 2, "countries": ("ES",),
        "sponsor": "Hospital Universitario de Salamanca",
        "primary": [("Change in left ventricular ejection fraction", "6 months")],
    },
    "anzctr_full_record": {
        "format": "anzctr",
        "ids": ["ACTRN12619000123456", "MSC-KOA-02"],  # provisional "p" read as the final id
        "title": "Mesenchymal stem cells for knee osteoarthritis",
        "status": "recruiting", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Knee osteoarthritis",), "enrollment": 60,
        "ages": (40, 75), "sex": "all", "healthy_volunteers": False,
        "allocation": "randomized", "intervention_model": "parallel",
        "inclusion": 2, "exclusion": 2,
        "primary": [("Knee pain on a visual analogue scale", "12 months after injection")],
    },
    "isrctn_full_record": {
        "format": "isrctn",
        "ids": ["ISRCTN12345678", "BMC-CLI 01"],
        "title": "Autologous bone marrow cells in chronic limb ischaemia",
        "status": "ongoing", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Critical limb ischaemia",), "enrollment": 100,
        "ages": (18, None), "sex": "all", "allocation": "randomized", "masking": "double",
        "inclusion": 2, "exclusion": 2, "countries": ("GB",),
    },
    "euctr_protocol_page": {
        "format": "euctr",
        "ids": ["2012-003456-21", "HEPA-07"],
        "title": "Liver cells for children with urea cycle disorders",
        "status": "terminated", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Urea cycle disorders",), "enrollment": 20, "masking": "none",
        "inclusion": 2, "exclusion": 2, "countries": ("BE",),
        "sponsor": "Promethera Biosciences",
        "primary": [("Adverse events", "Six months after the first infusion")],
    },
    "ctis_trial_page": {
        "format": "ctis",
        "ids": ["2023-505678-12-00"],
        "title": "Cord blood cells for cerebral palsy in young children",
        "status": "recruiting", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Cerebral palsy",), "enrollment": 48, "ages": (2, 11),
        "countries": ("ES", "IT"),
    },
    "ctri_record": {
        "format": "ctri",
        "ids": ["CTRI/2021/05/033456", "ADSC-OA/2021"],
        "title": "Stem cell therapy for knee osteoarthritis",
        "status": "recruiting", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Bilateral primary osteoarthritis of knee",), "enrollment": 60,
        "ages": (40, 70), "sex": "all", "allocation": "randomized", "masking": "double",
        "inclusion": 1, "exclusion": 1, "countries": ("IN",),
        "sponsor": "All India Institute of Medical Sciences",
    },
    "chictr_full_record": {
        "format": "chictr",
        "ids": ["ChiCTR2300071234"],
        "title": "Umbilical cord mesenchymal stem cells for decompensated liver cirrhosis: "
        "a randomized controlled trial",
        "status": "recruiting", "phases": ("2",), "study_type": "interventional",
        "conditions": ("Decompensated liver cirrhosis",), "ages": (18, 70), "sex": "all",
        "masking": "none",
    },
    "umin_full_record": {
        "format": "umin",
        "ids": ["UMIN000041234"],
        "title": "Adipose-derived stem cells for knee osteoarthritis",
        "status": "recruiting", "phases": ("1", "2"), "study_type": "interventional",
        "conditions": ("Knee osteoarthritis",), "enrollment": 20, "ages": (40, 75),
        "sex": "all", "countries": ("JP",),
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_registry_record(name):
    text = (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")
    case = CASES[name]
    assert detect(text).format == case["format"]
    trial = parse_document(text)
    assert [identifier.value for identifier in trial.registry_ids] == case["ids"]
    assert trial.title == case["title"]
    assert (trial.status, trial.phases, trial.study_type) == (
        case["status"], case["phases"], case["study_type"]
    )  # fmt: skip
    assert trial.conditions == case["conditions"]
    expected = {
        "enrollment": trial.enrollment,
        "ages": (trial.min_age_years, trial.max_age_years),
        "sex": trial.sex,
        "healthy_volunteers": trial.healthy_volunteers,
        "allocation": trial.allocation,
        "intervention_model": trial.intervention_model,
        "masking": trial.masking,
        "inclusion": len(trial.inclusion_criteria),
        "exclusion": len(trial.exclusion_criteria),
        "countries": trial.countries,
        "sponsor": trial.sponsor,
        "primary": [(o.measure, o.time_frame) for o in trial.primary_outcomes],
    }
    for field, value in expected.items():
        if field in case:
            assert value == case[field], field
    assert not trial.unclassified_criteria


def test_related_trial_ids_are_not_the_trials_own():
    trial = parse_document((LAYOUTS / "anzctr_full_record.txt").read_text(encoding="utf-8"))
    assert "ACTRN12618000999888" not in {i.value for i in trial.registry_ids}


def test_journal_abstract_is_a_flagged_secondary_source():
    text = (LAYOUTS / "journal_abstract.txt").read_text(encoding="utf-8")
    assert detect(text).format == "secondary"
    trial = parse_document(text)
    assert trial.title.startswith("Intrathecal mesenchymal stem cells in amyotrophic")
    assert [i.value for i in trial.registry_ids] == ["NCT04567890"]
    assert (trial.phases, trial.allocation, trial.masking) == (("2",), "randomized", "double")
    assert trial.conditions == ("amyotrophic lateral sclerosis",)
    assert trial.status is None and trial.sponsor == ""
    assert "secondary_source" in {flag.code for flag in trial.review_flags}
