"""Rules the registry layouts share, each shown on small variants written for it: furniture,
facts outside labelled fields, vocabularies, criteria and condition layout, ids, outcomes.
No database needed."""

from pathlib import Path

import pytest

from trials.parsers import parse_document
from trials.parsers.conditions import clean_conditions
from trials.parsers.criteria import criteria_items, criterion_kind
from trials.parsers.furniture import is_furniture, looks_like_title, unpipe
from trials.parsers.identifiers import identifiers_in_line
from trials.parsers.inference import condition_in_title, count_in_words, design_in, phases_in
from trials.parsers.values import age_bounds, date_of, outcomes_of
from trials.vocab.condition_areas import condition_key
from trials.vocab.fields import lookup, phases_of

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


def codes(trial) -> set[str]:
    return {flag.code for flag in trial.review_flags}


# -- Page furniture -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "MedPath",
        "ClinicalTrials.Veeva",
        "An official website of the United States government",
        "The ANZCTR website will be unavailable from 1pm until 3pm on Wednesday",
        "Skip to main page content",
        "LOGIN",
        "Version 3 · Last updated 12 May 2024",
        "ChiCTR2300071234 版本V2.0 版本创建时间2023/06/01 中国临床试验注册中心",
        "![]() |",
    ],
)
def test_furniture_is_never_a_title(line):
    assert is_furniture(line) or not looks_like_title(line)


def test_a_title_under_a_banner_and_a_brand_line():
    text = (
        "Please note: this website will be unavailable on Sunday for maintenance.\n"
        "TrialFinder\n\nAllogeneic cord blood cells for autism in children\n"
        "Phase 2\nRecruiting\nNCT01234567\nConditions\nAutism\n"
    )
    trial = parse_document(text)
    assert trial.title == "Allogeneic cord blood cells for autism in children"
    assert (trial.phases, trial.status, trial.study_type) == (
        ("2",),
        "recruiting",
        "interventional",
    )
    assert {"title_guessed", "phases_implied", "study_type_implied"} <= codes(trial)


def test_pipe_tables_become_labels_and_values():
    lines = ["Study Type : | Observational |", "Condition or disease | Phase |", "---|---|",
             "Heart failure | Phase 3 |", "|"]  # fmt: skip
    assert unpipe(lines) == [
        "Study Type: Observational", "Condition or disease", "Heart failure", "Phase", "Phase 3",
    ]  # fmt: skip


# -- Facts outside labelled fields ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "phases"),
    [
        ("Phase I/II study of MSCs in ALS", True, ("1", "2")),
        ("A phase 1/2a trial of iPSC cells", True, ("1", "2")),
        ("Estudio de fase IIa con células madre", True, ("2",)),
        ("This is an early phase 2 trial with only 40 people.", False, ("2",)),
        ("No control group in this Phase I trial", False, ("1",)),
        ("Phase 1 trials conducted solely on adults are not public", False, ()),
    ],
)
def test_phases_stated_in_words(text, title, phases):
    assert phases_in(text, title=title) == phases


@pytest.mark.parametrize(
    ("text", "design"),
    [
        ("A randomised, double-blind, placebo-controlled trial", {"allocation": "randomized",
                                                                  "masking": "double"}),
        ("a single arm, open, exploratory dose escalation study", {"allocation": "na",
                                                                  "masking": "none"}),
        ("An open-label, non-randomised study", {"allocation": "non_randomized",
                                                 "masking": "none"}),
        ("a prospective study, before and after self control", {"allocation": "na"}),
        ("Open surgery versus keyhole surgery", {}),
        # allocation by chance told in prose, without the word "randomised"
        ("The procedure will be decided by a previously specified random process.",
         {"allocation": "randomized"}),
        ("Patients will be randomly assigned to cells or placebo", {"allocation": "randomized"}),
        ("participants are allocated to two groups at random", {"allocation": "randomized"}),
        ("grouped using a random number table", {"allocation": "randomized"}),
        ("采用随机分组方法", {"allocation": "randomized"}),
        ("Patients were not randomly assigned", {"allocation": "non_randomized"}),
        # chance that is not allocation
        ("a randomly selected sample of charts", {}),
        ("random blood glucose above 11 mmol/L", {}),
    ],
)  # fmt: skip
def test_design_stated_in_words(text, design):
    assert design_in(text) == design


@pytest.mark.parametrize(
    ("text", "count"),
    [("Sixty participants will receive cells.", 60), ("Twenty-four patients received", 24),
     ("We enrolled 1,200 adult patients.", 1200), ("Cells were given twice.", None)],
)  # fmt: skip
def test_enrollment_in_words(text, count):
    assert count_in_words(text) == count


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("Men and women who are ≥ 50 and ≤ 85 years old", (50, 85)),
        ("Patients of 18 to 75 years with knee pain", (18, 75)),
        ("HbA1c < 10.0% at Screening", (None, None)),
    ],
)
def test_ages_in_criteria_without_the_word_age(text, bounds):
    assert age_bounds(text, need_context=True) == bounds


@pytest.mark.parametrize(
    ("title", "condition"),
    [
        ("Stem cells in the treatment of patients with heart failure", "heart failure"),
        ("CAR-T cells for Refractory Lupus Nephritis (CARLOS)", "Refractory Lupus Nephritis"),
        ("Safety of cells in combination with surgery", ""),
        # a bracket that names the disease stays; the trial's acronym does not
        ("Cord Blood MSCs in the Treatment of Acute Novel Coronavirus Pneumonia (COVID-19)",
         "Acute Novel Coronavirus Pneumonia (COVID-19)"),
        ("MSCs for Acute Respiratory Distress Syndrome (ARDS)",
         "Acute Respiratory Distress Syndrome (ARDS)"),
        ("Stem cells in Amyotrophic Lateral Sclerosis (ALS)",
         "Amyotrophic Lateral Sclerosis (ALS)"),
        ("Stem Cells to Treat Cartilage Defects of the Knee (N3D)",
         "Cartilage Defects of the Knee"),
        ("Cells in knee osteoarthritis after surgery (COVID-19)", "knee osteoarthritis"),
    ],
)  # fmt: skip
def test_condition_named_by_a_title(title, condition):
    assert condition_in_title(title) == condition


def test_facts_from_a_meddatax_like_page_are_flagged():
    text = (
        "Umbilical cord MSCs in moderate to severe ARDS\nNCT ID: NCT05001234\n"
        "Recruitment Status\nNOT_YET_RECRUITING\nClinical Phase\nPHASE1, PHASE2\n"
        "Total Enrollment\n24 participants\nStudy Classification\nINTERVENTIONAL\n"
        "Brief Summary\nA randomized, double blind, placebo-controlled study.\n"
    )
    trial = parse_document(text)
    assert (trial.status, trial.phases, trial.enrollment) == ("not_yet_recruiting", ("1", "2"), 24)
    assert (trial.allocation, trial.masking, trial.study_type) == ("randomized", "double",
                                                                   "interventional")  # fmt: skip
    assert trial.conditions == ("moderate to severe ARDS",)
    assert {"allocation_implied", "masking_implied", "conditions_implied"} <= codes(trial)


# -- Vocabularies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "status"),
    [
        ("Authorised-recruitment may be ongoing or finished", "authorised"),
        ("Prematurely Ended", "terminated"),
        ("Trial now transitioned", "ongoing"),
        ("No longer recruiting", "active_not_recruiting"),
        ("研究終了", "completed"),
        ("一般募集中/Open public recruiting", "recruiting"),
        ("Reclutamiento finalizado", "active_not_recruiting"),
        ("Rekrutierung abgeschlossen", "active_not_recruiting"),
        ("Open to Recruitment", "recruiting"),
    ],
)
def test_registry_statuses(wording, status):
    assert lookup("status", wording) == status


@pytest.mark.parametrize(
    ("text", "phases"),
    [("EARLY_PHASE1", ("early_1",)), ("PHASE2", ("2",)), ("Phase 1 Phase 2", ("1", "2")),
     ("Therapeutic exploratory (Phase II)", ("2",))],
)  # fmt: skip
def test_phase_spellings(text, phases):
    assert phases_of(text) == phases


def test_a_bare_number_in_a_phase_field_and_a_damaged_status():
    trial = parse_document("Title: Cells for stroke in adults\nPhase: 2\nStatus: ot Recruiting\n")
    assert trial.phases == ("2",)
    assert (trial.status, trial.status_raw) == ("not_yet_recruiting", "Not Recruiting") or (
        trial.status == "active_not_recruiting"
    )
    assert "status_repaired" in codes(trial)


# -- Criteria and conditions ----------------------------------------------------------------


def test_criteria_layout():
    lines = [
        "Patients must meet all of the following:",
        "- Adults with knee osteoarthritis confirmed by",
        "  radiography and MRI",
        "- Adequate organ function defined as:",
        "    - ANC ≥ 1500/µL",
        "    - Platelets ≥ 100 000/µL",
        "- Adults (18-64 years)",
        "- Signed consent. , Able to attend visits.",
    ]
    assert criteria_items(lines) == [
        "Adults with knee osteoarthritis confirmed by radiography and MRI",
        "Adequate organ function defined as: ANC ≥ 1500/µL: Platelets ≥ 100 000/µL",
        "Signed consent.",
        "Able to attend visits.",
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Pregnancy", "exclusion"), ("HIV infection", "exclusion"), ("Aged 18-50", "inclusion"),
     ("Diagnosis of knee osteoarthritis", "inclusion"), ("No history of cancer", "inclusion"),
     ("Body weight", None)],
)  # fmt: skip
def test_unlabelled_criterion_kinds(text, kind):
    assert criterion_kind(text) == kind


def test_unlabelled_criteria_keep_their_kinds():
    text = "Title: Cells for knee pain\nNCT01234567\nCriteria\n- Aged 40-70 years\n- Pregnancy\n"
    trial = parse_document(text)
    assert trial.unclassified_criteria == ("Aged 40-70 years", "Pregnancy")
    assert trial.unclassified_criteria_kinds == ("inclusion", "exclusion")


def test_sites_heading_ends_the_exclusion_list():
    text = ("Title: Cells for knee pain in adults\nNCT01234567\nExclusion Criteria\n- Pregnancy\n"
            "Sites / Locations\nHospital Clinic, Barcelona, Spain\n")  # fmt: skip
    trial = parse_document(text)
    assert trial.exclusion_criteria == ("Pregnancy",)
    assert trial.countries == ("ES",)


def test_conditions_cleaned():
    items = [
        "Fetal stroke 326117 0", "Condition category", "MedDRA version: 14.1", "10012345",
        "Surgery: Coronary artery bypass grafting (CABG)", "HepaStem", "Asthma.Bronchitis",
        "osteoarthritis osteoarthritis, knee", "The condition(s) this trial relates to.",
    ]  # fmt: skip
    assert clean_conditions(items) == [
        "Fetal stroke", "Coronary artery bypass grafting (CABG)", "HepaStem", "Asthma",
        "Bronchitis", "osteoarthritis", "osteoarthritis, knee",
    ]  # fmt: skip


def test_conditions_glued_in_a_table_cell_split_where_the_title_names_one():
    title = "Cells in Diabetic Nephropathy and Type 2 Diabetes"
    assert clean_conditions(["Diabetic Nephropathy Type 2 Diabetes"], title) == [
        "Diabetic Nephropathy", "Type 2 Diabetes"
    ]  # fmt: skip
    assert clean_conditions(["Type 2 Diabetes Mellitus"], "Type 2 Diabetes Mellitus care") == [
        "Type 2 Diabetes Mellitus"
    ]


# -- Ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "values"),
    [("26/04/2022", []), ("46:34", []), ("307000", []), ("Nil", []), ("MSB-DN001", ["MSB-DN001"]),
     ("STELLAR-KIDS", ["STELLAR-KIDS"]), ("MSC OA 01", ["MSC OA 01"]),
     ("Sponsor protocol: HOPE 2 (v3)", ["HOPE 2"])],
)  # fmt: skip
def test_identifier_lines(line, values):
    assert [identifier.value for identifier in identifiers_in_line(line)] == values


def test_malformed_nct_is_flagged_and_never_first():
    text = "Title: Cells for stroke in adults\nOther IDs: NCT0123456\nISRCTN12345678\n"
    trial = parse_document(text)
    assert trial.registry_ids[0].value == "ISRCTN12345678"
    assert "id_malformed" in codes(trial)


def test_related_trial_ids_are_not_the_trials_own():
    text = ("Title: Long-term extension of cell therapy in ALS\nNCT01234567\n"
            "This is an extension study of NCT07654321.\nRelated trial\nNCT02222222\n")  # fmt: skip
    assert [i.value for i in parse_document(text).registry_ids] == ["NCT01234567"]


# -- Outcomes -----------------------------------------------------------------------------------


def test_outcome_rows():
    lines = [
        "NameTimeMethod",
        "Pain score (VAS). Four year. ; Knee function (KOOS) at 12 months.",
        "Adverse events [ Time Frame: 60 Weeks ]",
        "Graft survival 12 months Method of measurement: MRI",
    ]
    outcomes, _ = outcomes_of(lines)
    assert [(o.measure, o.time_frame) for o in outcomes][1:] == [
        ("Knee function (KOOS)", "at 12 months"),
        ("Adverse events", "60 Weeks"),
        ("Graft survival", "12 months"),
    ]
    assert outcomes[0].time_frame == "Four year"


# -- Veeva ----------------------------------------------------------------------------------------


def test_veeva_healthy_volunteers_value_and_a_withdrawn_studys_groups():
    text = (SOURCES / "004_06d783c427b23371.txt").read_text(encoding="utf-8")
    text = text.replace("No Healthy Volunteers", "Accepts Healthy Volunteers")
    text = text.replace("Enrollment\n\n40 estimated patients\n", "")
    text = text.replace("40 participants in 2 patient groups", "0 participants in 2 patient groups")
    trial = parse_document(text)
    assert trial.healthy_volunteers is True
    assert trial.enrollment == 0


def test_japanese_era_dates():
    assert date_of("令和2年2月7日") == "2020-02-07"
    assert date_of("2023年12月22日") == "2023-12-22"


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["COVID", "Covid19", "COVID 19", "Covid-19", "Coronavirus Disease 2019", "covid-19",
             "Coronavirus Disease 2019 (COVID-19)", "coronavirus disease-19"],
            "covid-19",
        ),
        (
            ["COVID-19 pneumonia", "Novel Coronavirus Pneumonia", "2019-nCoV pneumonia",
             "SARS-CoV-2 Pneumonia", "Covid 19 Pneumonia"],
            "covid-19 pneumonia",
        ),
        (["Haemorrhagic stroke", "HAEMORRHAGIC STROKE"], "hemorrhagic stroke"),
        (["Paediatric tumours", "Pediatric Tumors"], "pediatric tumors"),
        (["Critical limb ischaemia", "Critical Limb Ischemia"], "critical limb ischemia"),
        (["Haematologic malignancies", "Hematologic Malignancies"], "hematologic malignancies"),
        (["Aplastic anaemia", "aplastic anemia"], "aplastic anemia"),
        (["COVID-19-associated ARDS", "Covid19-associated ARDS"], "covid-19-associated ards"),
    ],
)  # fmt: skip
def test_condition_names_meet_under_one_key(names, key):
    assert {condition_key(name) for name in names} == {key}


@pytest.mark.parametrize(
    "name",
    ["SARS-CoV-2 infection", "SARS-CoV-2", "Coronavirus Infections", "MERS coronavirus",
     "Middle East respiratory syndrome coronavirus infection", "Long COVID"],
)  # fmt: skip
def test_only_names_of_covid_19_itself_become_covid_19(name):
    """An infection may be silent and "coronavirus" also names MERS and SARS: kept apart.
    ("Long COVID" is its own condition: its key keeps "long".)"""
    assert condition_key(name) != "covid-19"


def test_an_intervention_named_twice_keeps_its_type_and_description():
    text = (
        "Title: Cells for kidney disease in adults\nNCT01234567\nInterventions\n"
        "Other interventions - Precursor cells\nExperimental: Cohort 1 - Precursor cells\n"
        "Other interventions: Precursor cells\nSingle intravenous infusion of cells\n"
    )
    (intervention,) = parse_document(text).interventions
    assert (intervention.name, intervention.type) == ("Precursor cells", "other")
    assert intervention.description == "Single intravenous infusion of cells"


def test_an_age_whose_unit_stands_on_the_next_line():
    text = (
        "Trial registered on ANZCTR\nRegistration number\nACTRN12621000555666\nPublic title\n"
        "Cells for lung disease in preterm infants\nQuery!\nMinimum age\nNo limit\nQuery!\n"
        "Maximum age\n14\nDays\nQuery!\n"
    )
    trial = parse_document(text)
    assert (trial.min_age_years, trial.max_age_years) == (None, 0.04)
