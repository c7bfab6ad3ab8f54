"""The format parsers: the seeds against their expected records, damaged and reworded
variants of each format, the generic parser on other registries' pages, and the shared
helpers (run-together lists, registry ids, vocabularies, countries, tables, ages, dates).

The ``regen`` classification is tested with its own module (trials.parsers.classify).
"""

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXPECTED_DIR, SAMPLE_SOURCES
from tests.parsers_support import differences, record_of
from trials.parsers import FORMATS, detect, parse_document
from trials.parsers.cleaning import prepare, split_run_together, typed_items
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.record import ParsedTrial, ParseError
from trials.parsers.tables import arms_from_table, contacts_of
from trials.parsers.values import age_bounds, age_value, date_of, enrollment_of, outcome_of
from trials.vocab.countries import countries_in_run, country_code, split_city_country
from trials.vocab.fields import lookup, phases_of

SOURCES = SAMPLE_SOURCES
EXPECTED = EXPECTED_DIR
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

SEED_FORMATS = {
    "000_b087d68130d6e372": "aggregator",
    "001_d4c0c229a9acb573": "aggregator",
    "002_fc96db3f7cbf1ef5": "eu_summary",
    "003_4d047765c7be5993": "aggregator",
    "004_06d783c427b23371": "veeva",
}
AGGREGATOR = [stem for stem, name in SEED_FORMATS.items() if name == "aggregator"]
VEEVA, EU = "004_06d783c427b23371", "002_fc96db3f7cbf1ef5"


def seed_text(stem: str) -> str:
    return (SOURCES / f"{stem}.txt").read_text(encoding="utf-8")


def expected_record(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def parse_as(stem: str, text: str) -> ParsedTrial:
    return FORMATS[SEED_FORMATS[stem]].parse(text)


def codes(parsed: ParsedTrial) -> set[str]:
    return {flag.code for flag in parsed.review_flags}


def assert_matches(expected: dict, parsed: ParsedTrial, *, ignore: tuple[str, ...] = ()) -> None:
    assert differences(expected, record_of(parsed), ignore=("regen", *ignore)) == []


# -- The seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_seed_matches_expected_record(stem):
    assert_matches(expected_record(stem), parse_as(stem, seed_text(stem)))


@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_seed_is_detected_as_its_format(stem):
    detection = detect(seed_text(stem))
    assert detection.format == SEED_FORMATS[stem]
    assert detection.confidence > 0.5
    assert "'" in detection.reason and SEED_FORMATS[stem] in detection.reason


@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_parse_document_detects_parses_and_classifies(stem):
    parsed = parse_document(seed_text(stem))
    assert parsed.format == SEED_FORMATS[stem]
    assert parsed.regen.product_types  # filled by classify


def test_seed_review_flag_codes():
    assert codes(parse_as(AGGREGATOR[0], seed_text(AGGREGATOR[0]))) == {
        "criteria_unlabelled",
        "age_from_criterion",
    }
    assert codes(parse_as(EU, seed_text(EU))) == {"status_conflict"}
    conflict = parse_as(EU, seed_text(EU)).review_flags[0].message
    assert "Authorised" in conflict and "In arruolamento" in conflict
    assert parse_as(VEEVA, seed_text(VEEVA)).review_flags == ()


def test_seed_004_keeps_backslash_between_digits_and_sponsor_country_is_no_site():
    parsed = parse_as(VEEVA, seed_text(VEEVA))
    assert "Dry gangrene with extensive foot lesion (> 1\\2)." in parsed.exclusion_criteria
    assert parsed.sponsor.endswith("Russia") and parsed.countries == ()


def test_seed_003_stored_text_has_lookalikes_folded():
    parsed = parse_as("003_4d047765c7be5993", seed_text("003_4d047765c7be5993"))
    stored = json.dumps(record_of(parsed), ensure_ascii=False)
    assert "Т" not in stored and "С" not in stored
    assert parsed.title.endswith("Regulatory T-cells")


# -- Variants: the same record through damage and rewording ------------------------------------

Mutation = Callable[[str], str]


def escape_markdown(text: str) -> str:
    text = re.sub(r"([*_#\[\]])", r"\\\1", text)
    return re.sub(r"^(\s*)(\d+)\. ", r"\1\2\\. ", text, flags=re.MULTILINE)


def extra_whitespace(text: str) -> str:
    lines = [
        f"  {line.replace(' ', '  ')}   " if line.strip() else line for line in text.split("\n")
    ]
    return "\n\n".join(lines)


SAME_RECORD: dict[str, Mutation] = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr": lambda text: text.replace("\n", "\r"),
    "extra_whitespace": extra_whitespace,
    "markdown_escapes": escape_markdown,
    "trailing_newlines": lambda text: text + "\n\n\n",
    "bom": lambda text: "\ufeff" + text,
}


@pytest.mark.parametrize("mutation", SAME_RECORD, ids=str)
@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_harmless_damage_keeps_the_record(stem, mutation):
    text = SAME_RECORD[mutation](seed_text(stem))
    assert detect(text).format == SEED_FORMATS[stem]
    assert_matches(expected_record(stem), parse_as(stem, text))


AGGREGATOR_SAME_RECORD: dict[str, Mutation] = {
    "no_dash_prefixes": lambda text: re.sub(r"^- ", "", text, flags=re.MULTILINE),
    "bullets": lambda text: re.sub(r"^- ", "• ", text, flags=re.MULTILINE),
    "star_bullets": lambda text: re.sub(r"^- ", "* ", text, flags=re.MULTILINE),
    "question_mark_bullets": lambda text: re.sub(r"^- ", "? ", text, flags=re.MULTILINE),
    "glued_bullets": lambda text: re.sub(r"^- ", "•", text, flags=re.MULTILINE),
    "labels_with_colons": lambda text: re.sub(
        r"^- (Status|Sex|Target Recruitment|Study Type|Study Design|Conditions)$",
        r"- \1:",
        text,
        flags=re.MULTILINE,
    ),
    "design_before_recruitment": lambda text: move_block(
        text, "Study & Design\n", "Trial Locations\n", before="Recruitment & Eligibility\n"
    ),
    "summary_after_registration": lambda text: move_block(
        text, "- Registration Number\n", "- Brief Summary\n", before="- Conditions\n"
    ),
}


def move_block(text: str, start: str, end: str, *, before: str) -> str:
    """Move the lines from ``start`` up to ``end`` (excluded) in front of ``before``."""
    begin, stop = text.index(start), text.index(end)
    block, rest = text[begin:stop], text[:begin] + text[stop:]
    at = rest.index(before)
    return rest[:at] + block + rest[at:]


@pytest.mark.parametrize("mutation", AGGREGATOR_SAME_RECORD, ids=str)
@pytest.mark.parametrize("stem", AGGREGATOR)
def test_aggregator_variants_keep_the_record(stem, mutation):
    text = AGGREGATOR_SAME_RECORD[mutation](seed_text(stem))
    assert detect(text).format == "aggregator"
    assert_matches(expected_record(stem), parse_as(stem, text))


def test_aggregator_arms_table_with_typed_intervention_cells():
    stem = AGGREGATOR[1]
    text = seed_text(stem)
    for name, kind in (
        ("Standard treatment according to the Clinical protocols", "Other"),
        ("Allogenic pooled olfactory mucosa-derived mesenchymal stem cells", "Biological"),
    ):
        table_at = text.index("Group Intervention Description")
        head, table = text[:table_at], text[table_at:]
        text = head + table.replace(f" {name} ", f" {kind}: {name} ")
    assert_matches(expected_record(stem), parse_as(stem, text))


def test_aggregator_labelled_criteria_are_split_not_flagged():
    stem = AGGREGATOR[0]
    text = seed_text(stem).replace("- age 18-50", "- Inclusion Criteria\n- age 18-50")
    text = text.replace("- pregnancy;", "Exclusion Criteria:\n- pregnancy;")
    parsed = parse_as(stem, text)
    expected = expected_record(stem)["unclassified_criteria"]
    assert parsed.inclusion_criteria == tuple(expected[:4])
    assert parsed.exclusion_criteria == tuple(expected[4:])
    assert parsed.unclassified_criteria == ()
    assert (parsed.min_age_years, parsed.max_age_years) == (18, 50)
    assert codes(parsed) == {"age_from_criterion"}


def test_aggregator_lead_sponsor_phases_and_design_items():
    stem = AGGREGATOR[1]
    text = seed_text(stem).replace(
        "- Registration Number",
        "- Lead Sponsor\n- Institute of Biophysics and Cell Engineering\n"
        "- Collaborators\n- Republican Scientific and Practical Center\n- Registration Number",
    )
    text = text.replace(
        "- Study Design\n- PARALLEL",
        "- Phase\n- PHASE1\n- PHASE2\n- Study Design\n- RANDOMIZED\n- PARALLEL\n- DOUBLE",
    )
    parsed = parse_as(stem, text)
    assert parsed.sponsor == "Institute of Biophysics and Cell Engineering"
    assert parsed.collaborators == ("Republican Scientific and Practical Center",)
    assert parsed.phases == ("1", "2")
    assert (parsed.allocation, parsed.intervention_model, parsed.masking) == (
        "randomized",
        "parallel",
        "double",
    )
    ignore = ("phases", "allocation", "masking", "sponsor")
    assert_matches(expected_record(stem), parsed, ignore=ignore)


def test_aggregator_several_sites_in_several_countries():
    stem = AGGREGATOR[1]
    sites = "🇧🇾Minsk, Belarus\nCharité Universitätsmedizin\n🇩🇪Berlin, Germany\n"
    sites += "Hospital Clinic, Barcelona, Spain"
    text = seed_text(stem).replace("- Locations (1)", "- Locations (3)")
    parsed = parse_as(stem, text.replace("🇧🇾Minsk, Belarus", sites))
    assert [(lo.city, lo.country) for lo in parsed.locations] == [
        ("Minsk", "BY"),
        ("Berlin", "DE"),
        ("Barcelona", "ES"),
    ]
    assert parsed.locations[2].facility == "Hospital Clinic"
    assert parsed.countries == ("BY", "DE", "ES") and "truncated" not in codes(parsed)
    one_missing = parse_as(stem, text.replace("🇧🇾Minsk, Belarus", sites.rsplit("\n", 1)[0]))
    assert "truncated" in codes(one_missing)  # "Locations (3)" announced, two found


def test_aggregator_missing_sections():
    stem = AGGREGATOR[0]
    text = seed_text(stem)
    without_description = re.sub(r"- Detailed Description\n[^\n]*\n", "", text)
    parsed = parse_as(stem, without_description)
    assert parsed.detailed_description == ""
    assert_matches(expected_record(stem), parsed, ignore=("detailed_description",))

    without_locations = text[: text.index("Trial Locations")]
    parsed = parse_as(stem, without_locations)
    assert parsed.locations == () and parsed.countries == ()
    assert "truncated" in codes(parsed)
    assert_matches(expected_record(stem), parsed, ignore=("locations", "countries"))


@pytest.mark.parametrize("stem", AGGREGATOR)
def test_aggregator_cut_off_mid_word_is_flagged(stem):
    text = seed_text(stem)
    cut = text[: text.index("Study & Design") + 40]
    parsed = parse_as(stem, cut)
    assert "truncated" in codes(parsed)
    expected = expected_record(stem)
    assert parsed.title == expected["title"]
    assert record_of(parsed)["registry_ids"] == expected["registry_ids"]
    assert parsed.status == expected["status"]


@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_first_letters_dropped(stem):
    text = seed_text(stem)[4:]
    parsed = parse_as(stem, text)
    expected = expected_record(stem)
    if SEED_FORMATS[stem] == "aggregator":  # the title is the first line
        assert parsed.title == expected["title"][4:]
        assert "damaged_start" in codes(parsed)
        expected = {key: value for key, value in expected.items() if key != "title"}
    assert detect(text).format == SEED_FORMATS[stem]
    assert_matches(expected, parsed)


VEEVA_SAME_RECORD: dict[str, Mutation] = {
    "bullet_criteria": lambda text: re.sub(r"^  \d+\. ", "• ", text, flags=re.MULTILINE),
    "question_mark_criteria": lambda text: re.sub(r"^  \d+\. ", "? ", text, flags=re.MULTILINE),
    "dash_criteria": lambda text: re.sub(r"^  \d+\. ", "- ", text, flags=re.MULTILINE),
    "no_logo_letter": lambda text: text.replace("\nF\n", "\n"),
    "conditions_after_identifiers": lambda text: move_block(
        text, "Conditions\n", "Treatments\n", before="Details and patient eligibility\n"
    ),
}


@pytest.mark.parametrize("mutation", VEEVA_SAME_RECORD, ids=str)
def test_veeva_variants_keep_the_record(mutation):
    text = VEEVA_SAME_RECORD[mutation](seed_text(VEEVA))
    assert detect(text).format == "veeva"
    assert_matches(expected_record(VEEVA), parse_as(VEEVA, text))


def test_veeva_greater_equal_turned_into_equals():
    text = seed_text(VEEVA).replace("≤", "=").replace("≥", "=")
    expected = json.loads(json.dumps(expected_record(VEEVA)).replace("\\u2264", "="))
    assert_matches(expected, parse_as(VEEVA, text))


def test_veeva_missing_contact_and_cut_off():
    text = seed_text(VEEVA)
    parsed = parse_as(VEEVA, re.sub(r"Central trial contact\n\nMikhail[^\n]*\n", "", text))
    assert parsed.contacts == ()
    cut = parse_as(VEEVA, text[: text.index("angiography") + 2])
    assert "truncated" in codes(cut)
    assert cut.exclusion_criteria[-1] == "Patients who are contraindicated for X-ray an"
    assert cut.inclusion_criteria == tuple(expected_record(VEEVA)["inclusion_criteria"])
    assert (cut.min_age_years, cut.max_age_years, cut.phases) == (18, 80, ("1", "2"))


def test_veeva_contacts_with_email_and_phone_and_sites():
    text = seed_text(VEEVA).replace(
        "1\n\nLoading...",
        "Moscow Clinical Hospital\nMoscow, Russian Federation\n🇷🇺Saint Petersburg, Russia",
    )
    text = text.replace(
        "Mikhail A Konoplyannikov, PhD\n",
        "Mikhail A Konoplyannikov, PhD\nContact\nmak@example.org\n+7 495 123 45 67\n",
    )
    parsed = parse_as(VEEVA, text)
    assert [(lo.facility, lo.city, lo.country) for lo in parsed.locations] == [
        ("Moscow Clinical Hospital", "Moscow", "RU"),
        ("", "Saint Petersburg", "RU"),
    ]
    assert parsed.countries == ("RU",)
    (contact,) = parsed.contacts
    assert (contact.email, contact.phone) == ("mak@example.org", "+7 495 123 45 67")


EU_SAME_RECORD: dict[str, Mutation] = {
    "star_bullets": lambda text: text.replace("  • ", "* "),
    "dash_bullets": lambda text: text.replace("  • ", "- "),
    "question_mark_bullets": lambda text: text.replace("  • ", "? "),
    "no_references_markers": lambda text: text.replace("[1]", ""),
}


@pytest.mark.parametrize("mutation", EU_SAME_RECORD, ids=str)
def test_eu_summary_variants_keep_the_record(mutation):
    text = EU_SAME_RECORD[mutation](seed_text(EU))
    assert detect(text).format == "eu_summary"
    assert_matches(expected_record(EU), parse_as(EU, text))


def test_eu_summary_two_word_status_agrees_across_the_page():
    text = seed_text(EU).replace("Authorised", "Ongoing, recruiting")
    parsed = parse_as(EU, text)
    assert (parsed.status, parsed.status_raw) == ("recruiting", "Ongoing, recruiting")
    assert codes(parsed) == set()


def test_eu_summary_other_countries_status_and_cut_off():
    text = seed_text(EU).replace("Francia Germania Italia Spagna", "Regno Unito Paesi Bassi Svezia")
    parsed = parse_as(EU, text.replace("In arruolamento", "Autorizzato"))
    assert set(parsed.countries) == {"GB", "NL", "SE"}
    assert "status_conflict" not in codes(parsed)
    cut = parse_as(EU, seed_text(EU)[: seed_text(EU).index("Glossario") + 40])
    assert "truncated" in codes(cut)
    assert_matches(expected_record(EU), cut)


# -- Other pages: the generic parser -----------------------------------------------------------


@pytest.mark.parametrize("format", ["ctgov", "generic"])
def test_clinicaltrials_gov_page(format):
    """The current ClinicalTrials.gov page: recognised by name, and read alike by the generic
    parser (both share the label-driven reader)."""
    text = (FIXTURES / "generic" / "ctgov_study_page.txt").read_text(encoding="utf-8")
    assert detect(text).format == "ctgov"
    parsed = FORMATS[format].parse(text)
    record = record_of(parsed)
    assert parsed.title == "A Study of Mesenchymal Stromal Cells in Knee Osteoarthritis"
    assert record["registry_ids"] == [
        {"registry": "nct", "value": "NCT01234567"},
        {"registry": "other", "value": "MSC-OA-01"},
    ]
    assert (parsed.status, parsed.phases, parsed.study_type) == (
        "recruiting",
        ("2",),
        "interventional",
    )
    assert (parsed.enrollment, parsed.enrollment_type) == (60, "estimated")
    assert (parsed.min_age_years, parsed.max_age_years, parsed.sex) == (40, 75, "all")
    assert parsed.healthy_volunteers is False
    assert parsed.dates.start == "2020-05-15" and parsed.dates.primary_completion == "2024-12"
    assert parsed.inclusion_criteria == ("Age 40-75 years", "Symptomatic knee OA")
    assert parsed.exclusion_criteria == ("Pregnancy",)
    assert (parsed.allocation, parsed.intervention_model, parsed.masking) == (
        "randomized",
        "parallel",
        "double",
    )
    assert [(a.label, a.type, a.interventions) for a in parsed.arms] == [
        ("MSC", "experimental", ("Autologous BM-MSC",)),
        ("Placebo", "placebo_comparator", ("Placebo",)),
    ]
    assert record["primary_outcomes"] == [
        {"measure": "WOMAC pain", "time_frame": "12 months",
         "description": "Change from baseline in WOMAC pain"},
    ]  # fmt: skip
    assert set(parsed.countries) == {"ES", "US"}
    assert parsed.sponsor == "University Hospital of Somewhere"
    assert parsed.collaborators == ("Stem Cell Institute",)
    assert "title_guessed" in codes(parsed)
    assert ("unknown_format" in codes(parsed)) == (format == "generic")


def test_arms_listed_as_blocks_with_other_interventions():
    text = (
        "A study of cells in knee osteoarthritis and cartilage\nNCT01234567\n"
        "Interventions\nBiological: MSC\nOther: Standard care\n"
        "Arms and Interventions\nExperimental: Cells\nMSC injected into the knee\n"
        "Biological: MSC\nOther: Standard care\nOther: Usual care group\nPhysiotherapy only\n"
        "Other: Standard care\nNo Intervention: Waiting list\n"
    )
    parsed = FORMATS["generic"].parse(text)
    assert [(a.label, a.type, a.description, a.interventions) for a in parsed.arms] == [
        ("Cells", "experimental", "MSC injected into the knee", ("MSC", "Standard care")),
        ("Usual care group", "other", "Physiotherapy only", ("Standard care",)),
        ("Waiting list", "no_intervention", "", ()),
    ]


def test_who_ictrp_record():
    text = (FIXTURES / "generic" / "who_ictrp_record.txt").read_text(encoding="utf-8")
    parsed = parse_document(text)
    assert parsed.format == "ictrp"
    assert parsed.title.startswith("Clinical trials of mesenchymal stem cells for the treatment")
    assert [i.registry for i in parsed.registry_ids] == ["nct", "chictr"]
    assert (parsed.status, parsed.phases, parsed.sex) == ("recruiting", ("1", "2"), "all")
    assert (parsed.min_age_years, parsed.max_age_years, parsed.enrollment) == (18, 65, 120)
    assert parsed.inclusion_criteria[0] == "Aged 18 to 65 years"
    assert parsed.exclusion_criteria == ("Pregnancy", "Malignancy.")
    assert parsed.dates.first_posted == "2020-02-20"
    assert parsed.countries == ("CN",)
    assert parsed.primary_outcomes[0].time_frame == "28 days"
    (contact,) = parsed.contacts
    assert (contact.name, contact.email) == ("Zhao Yong", "zhaoyong@example.cn")
    assert "unknown_format" not in codes(parsed)


def test_generic_unlabelled_page_with_only_an_id_and_a_heading():
    text = "Stem cells for heart failure: an EU trial\n\nSee EUCTR2014-001234-56-DE for details.\n"
    parsed = parse_document(text)
    assert parsed.title == "Stem cells for heart failure: an EU trial"
    assert record_of(parsed)["registry_ids"] == [{"registry": "eudract", "value": "2014-001234-56"}]
    flag = next(f for f in parsed.review_flags if f.code == "unknown_format")
    assert "status" in flag.message and "eligibility criteria" in flag.message


@pytest.mark.parametrize("stem", SEED_FORMATS)
def test_generic_parser_reads_every_seed_without_crashing(stem):
    parsed = FORMATS["generic"].parse(seed_text(stem))
    assert parsed.registry_ids[0].value == expected_record(stem)["registry_ids"][0]["value"]


# -- Detection and parse_document ---------------------------------------------------------------


def test_one_weak_signal_does_not_beat_the_generic_parser():
    text = "Table of contents\nA trial of cells for knee cartilage repair\nStatus: Recruiting\n"
    assert detect(text).format == "generic"


def test_detect_always_answers():
    for text in ("", "Lorem ipsum", "\x00\x01", "NCT01234567"):
        detection = detect(text)
        assert detection.format == "generic" and detection.confidence > 0
        assert detection.reason


def test_parse_document_rejects_text_without_trial():
    with pytest.raises(ParseError, match="neither a title nor a registry id"):
        parse_document("\n\n  \n")
    with pytest.raises(ParseError):
        parse_document("- Status\n- Recruiting\n", format="aggregator")


def test_generic_needs_some_trial_before_guessing_a_title():
    with pytest.raises(ParseError):
        parse_document("Lorem ipsum dolor sit amet, consectetur\n\nSed do eiusmod tempor\n")


def test_aggregator_criteria_right_under_the_heading():
    stem = AGGREGATOR[1]
    text = re.sub(r"- Status\n- COMPLETED\n- Sex\n- All\n- Target Recruitment\n- 32\n", "",
                  seed_text(stem))  # fmt: skip
    parsed = parse_as(stem, text)
    assert parsed.unclassified_criteria == tuple(expected_record(stem)["unclassified_criteria"])
    assert parsed.status is None and parsed.enrollment is None


PATHOLOGICAL = [
    "1, " * 400 + "x", "Baseline, " * 400, "A" * 5000, "aB" * 3000, "2020-" * 500,
    "Day 1, " * 400, "(" * 2000, "\t" * 2000, "- " * 2000, "NCT" * 1000, "18-" * 500,
]  # fmt: skip


def test_pathological_inputs_parse_in_reasonable_time():
    """Long runs of numbers, capitals or separators once made some patterns backtrack
    exponentially; every parser now reads each of these in well under a second. CPU time,
    not wall time: a busy machine must not fail a test of the patterns."""
    started = time.process_time()
    for junk in PATHOLOGICAL:
        text = (
            f"Title\n- Conditions\n{junk}\n- Interventions\nDrug: x\nDrug: y\n"
            f"- Arm && Interventions\nGroup Intervention Description {'x y ' * 300}\n"
            f"- Primary Outcome Measures\nName Time Method {junk}\n- Status\n{junk}\n"
        )
        for module in FORMATS.values():
            try:
                module.parse(text)
            except ParseError:
                pass
    assert time.process_time() - started < 10


def test_parse_document_forced_and_unknown_format():
    text = seed_text(AGGREGATOR[0])
    assert parse_document(text, format="generic").format == "generic"
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        parse_document(text, format="pdf")


# -- Shared helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("COVIDCoronavirusPneumoniaPneumonia, ViralCovid-19Pneumonia, InterstitialSars-CoV2",
         ["COVID", "Coronavirus", "Pneumonia", "Pneumonia, Viral", "Covid-19",
          "Pneumonia, Interstitial", "Sars-CoV2"]),
        ("Osteoarthritis, KneeKnee OsteoarthritisCartilage Diseases",
         ["Osteoarthritis, Knee", "Knee Osteoarthritis", "Cartilage Diseases"]),
        ("Type 2 DiabetesDiabetic Foot UlcerCLI",
         ["Type 2 Diabetes", "Diabetic Foot Ulcer", "CLI"]),
        ("Graft Vs Host DiseaseGVHDH1N1 Influenza",
         ["Graft Vs Host Disease", "GVHDH1N1 Influenza"]),
        ("Kidney DiseaseIgA NephropathyMcArdle Disease",
         ["Kidney Disease", "IgA Nephropathy", "McArdle Disease"]),
        ("McDonald criteria; DiGeorge Syndrome | iPSC-derived cells",
         ["McDonald criteria", "DiGeorge Syndrome", "iPSC-derived cells"]),
        ("HbA1c controlIgG4-related DiseaseMSCs",
         ["HbA1c control", "IgG4-related Disease", "MSCs"]),
        ("SARS-CoV-2 InfectionARDS", ["SARS-CoV-2 Infection", "ARDS"]),
        ("Segmental Fracture - Bone Loss", ["Segmental Fracture - Bone Loss"]),
        ("Crohn Disease\nPerianal Fistula;", ["Crohn Disease", "Perianal Fistula"]),
    ],
)  # fmt: skip
def test_split_run_together(text, items):
    assert split_run_together(text) == items


def test_typed_interventions_run_together_and_per_line():
    assert typed_items("Drug: AspirinDevice: StentDietary Supplement: Vitamin D3") == [
        ("drug", "Aspirin"),
        ("device", "Stent"),
        ("dietary_supplement", "Vitamin D3"),
    ]
    assert typed_items("Biological: MSC\n- Procedure: Bone graft\nSaline") == [
        ("biological", "MSC"),
        ("procedure", "Bone graft"),
        (None, "Saline"),
    ]
    assert typed_items("Genetic: ABC-101Combination Product: X+YOther: Another: care") == [
        ("genetic", "ABC-101"),
        ("combination_product", "X+Y"),
        ("other", "Another: care"),
    ]


@pytest.mark.parametrize(
    ("text", "registry", "value"),
    [
        ("see NCT05520125.", "nct", "NCT05520125"),
        ("EU CT 2025-520841-60-00", "eu_ct", "2025-520841-60-00"),
        ("EudraCT 2004-000123-45", "eudract", "2004-000123-45"),
        ("EUCTR2004-000123-45-GB", "eudract", "2004-000123-45"),
        ("ISRCTN 12345678", "isrctn", "ISRCTN12345678"),
        ("ChiCTR-IOR-17013123", "chictr", "ChiCTR-IOR-17013123"),
        ("ChiCTR2000029990", "chictr", "ChiCTR2000029990"),
        ("CTRI/2020/05/025234", "ctri", "CTRI/2020/05/025234"),
        ("IRCT20200404046934N1", "irct", "IRCT20200404046934N1"),
        ("JPRN-UMIN000012345", "jprn", "UMIN000012345"),
        ("JPRN-jRCT2031200123", "jprn", "jRCT2031200123"),
        ("ACTRN12620000123456", "anzctr", "ACTRN12620000123456"),
        ("DRKS00012345", "drks", "DRKS00012345"),
        ("NL-OMON53214", "other", "NL-OMON53214"),
        ("NTR1234", "other", "NTR1234"),
    ],
)
def test_registry_ids_of_every_registry(text, registry, value):
    [identifier] = registry_ids_in(text)
    assert (identifier.registry, identifier.value) == (registry, value)


def test_registry_ids_are_read_again_from_a_remembered_text_unchanged():
    text = "Start 2019-05-01. EU CT 2025-520841-60-00, NCT04273646 and EudraCT 2004-000123-45"
    text += " filler" * 200  # a whole document's length: long texts are remembered
    first = registry_ids_in(text)
    first.clear()  # a caller's list is its own: the remembered answer stays whole
    assert [i.value for i in registry_ids_in(text)] == [
        "2025-520841-60-00",
        "NCT04273646",
        "2004-000123-45",
    ]
    assert registry_ids_in("Start 2019-05-01, updated 2020-01-02") == []


def test_registry_ids_order_primary_first():
    parsed = parse_document("A trial\nSecondary ID: ChiCTR2000029990\nMain ID: NCT04273646\n")
    assert [i.registry for i in parsed.registry_ids] == ["nct", "chictr"]


@pytest.mark.parametrize(
    ("wording", "kind", "term"),
    [
        ("COMPLETED", "status", "completed"),
        ("Enrolling by invitation", "status", "enrolling_by_invitation"),
        ("ENROLLING_BY_INVITATION", "status", "enrolling_by_invitation"),
        ("Authorised", "status", "authorised"),
        ("In arruolamento", "status", "recruiting"),
        ("Active, not recruiting", "status", "active_not_recruiting"),
        ("Not yet recruiting", "status", "not_yet_recruiting"),
        ("Trial ended", "status", "ended"),
        ("Ongoing", "status", "ongoing"),
        ("Unknown status", "status", "unknown"),
        ("Single Blind", "masking", "single"),
        ("None (Open Label)", "masking", "none"),
        ("Double (Participant, Investigator)", "masking", "double"),
        ("Parallel Assignment", "intervention_model", "parallel"),
        ("PARALLEL", "intervention_model", "parallel"),
        ("Single Group Assignment", "intervention_model", "single_group"),
        ("Non-Randomized", "allocation", "non_randomized"),
        ("N/A", "allocation", "na"),
        ("Supportive Care", "primary_purpose", "supportive_care"),
        ("Experimental group", "arm_type", "experimental"),
        ("Placebo Comparator", "arm_type", "placebo_comparator"),
        ("Dietary Supplement", "intervention_type", "dietary_supplement"),
        ("Both", "sex", "all"),
        ("INTERVENTIONAL", "study_type", "interventional"),
        ("Anticipated", "enrollment_type", "estimated"),
    ],
)
def test_vocabulary_wordings(wording, kind, term):
    assert lookup(kind, wording) == term


@pytest.mark.parametrize(
    ("text", "phases"),
    [
        ("Phase 2\nPhase 1", ("1", "2")),
        ("Phase 1/Phase 2", ("1", "2")),
        ("Phase I/II", ("1", "2")),
        ("PHASE2, PHASE3", ("2", "3")),
        ("Early Phase 1", ("early_1",)),
        ("Phase 2a", ("2",)),
        ("Not Applicable", ("na",)),
        ("N/A", ("na",)),
        ("Phase IV", ("4",)),
        ("no phase here", ()),
    ],
)
def test_phases(text, phases):
    assert phases_of(text) == phases


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"), ("South Korea", "KR"), ("Korea, Republic of", "KR"), ("Iran", "IR"),
        ("Turkey", "TR"), ("UK", "GB"), ("USA", "US"), ("United States", "US"),
        ("Belarus", "BY"), ("🇧🇾", "BY"), ("Francia", "FR"), ("Germania", "DE"),
        ("Regno Unito", "GB"), ("Paesi Bassi", "NL"), ("Repubblica Ceca", "CZ"),
        ("Lussemburgo", "LU"), ("Svizzera", "CH"), ("the Netherlands", "NL"),
        ("Minsk", None), ("", None),
    ],
)  # fmt: skip
def test_country_codes(name, code):
    assert country_code(name) == code


def test_city_country_and_country_runs():
    assert split_city_country("🇧🇾Minsk, Belarus") == ("Minsk", "BY")
    assert split_city_country("Seoul, Korea, Republic of") == ("Seoul", "KR")
    assert split_city_country("Boston, Massachusetts, United States, 02114") == ("Boston", "US")
    assert split_city_country("Institute of Sciences of Belarus") is None
    assert countries_in_run("Francia Germania Italia Spagna") == ("FR", "DE", "IT", "ES")
    assert countries_in_run("Bosnia and Herzegovina; Regno Unito e Stati Uniti") == (
        "BA",
        "GB",
        "US",
    )
    assert countries_in_run("The main goal is safety") == ()


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("Name Time Method Number of cured patients 3 weeks Number of patients cured",
         ("Number of cured patients", "3 weeks", "Number of patients cured")),
        ("Mortality at 28 days 28 days All-cause mortality",
         ("Mortality at 28 days", "28 days", "All-cause mortality")),
        ("Change in WOMAC Baseline, 3 and 6 months Western Ontario score",
         ("Change in WOMAC", "Baseline, 3 and 6 months", "Western Ontario score")),
        ("Survival Day 28 Number alive", ("Survival", "Day 28", "Number alive")),
        ("Adverse events up to 24 weeks Number of AEs",
         ("Adverse events", "up to 24 weeks", "Number of AEs")),
        ("Bone healing 12 months after surgery", ("Bone healing", "12 months after surgery", "")),
        ("6-minute walk test 6 months Distance walked",
         ("6-minute walk test", "6 months", "Distance walked")),
        ("WOMAC\tChange from baseline\t12 months", ("WOMAC", "12 months", "Change from baseline")),
        ("Improved lung function;Timepoint: 28 days;", ("Improved lung function", "28 days", "")),
    ],
)  # fmt: skip
def test_outcome_rows(row, cells):
    outcome, clean = outcome_of(row)
    assert (outcome.measure, outcome.time_frame, outcome.description) == cells
    assert clean


def test_outcome_row_without_time_frame_is_doubtful():
    outcome, clean = outcome_of("Quality of life Assessed by questionnaire")
    assert outcome.measure == "Quality of life Assessed by questionnaire" and not clean


def test_arms_table_of_distinct_groups_is_guessed_and_doubtful():
    arms, doubtful = arms_from_table(
        "Group Intervention Description Cohort A Drug X Patients receive drug X. "
        "Cohort B Placebo Patients receive placebo.",
        ["Drug X", "Placebo"],
    )
    assert [(a.label, a.description, a.interventions) for a in arms] == [
        ("Cohort A", "Patients receive drug X.", ("Drug X",)),
        ("Cohort B", "Patients receive placebo.", ("Placebo",)),
    ]
    assert doubtful


def test_arms_table_with_repeated_groups_is_certain():
    table = (
        "Group Intervention Description MSC arm Saline Both drugs given "
        "MSC arm Cells Both drugs given Control Saline Salt water only"
    )
    arms, doubtful = arms_from_table(table, ["Cells", "Saline"])
    assert [(a.label, a.description, set(a.interventions)) for a in arms] == [
        ("MSC arm", "Both drugs given", {"Saline", "Cells"}),
        ("Control", "Salt water only", {"Saline"}),
    ]
    assert not doubtful
    assert arms_from_table("Group Intervention Description A B C", []) == ([], True)


def test_arms_table_name_inside_a_description_is_read_but_doubtful():
    table = (
        "Group Intervention Description MSC arm Saline Both drugs given "
        "MSC arm Cells Both drugs given Control Saline Saline only"
    )
    arms, doubtful = arms_from_table(table, ["Cells", "Saline"])
    assert [(a.label, a.description) for a in arms][1] == ("Control", "Saline only")
    assert doubtful


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("18 to 80 years old", (18, 80)),
        ("18 Years to 65 Years (Adult, Older Adult)", (18, 65)),
        ("6 Months to 17 Years", (0.5, 17)),
        ("18 Years and older", (18, None)),
        ("18+ years old", (18, None)),
        ("Up to 17 years old", (None, 17)),
        ("Child, Adult, Older Adult", (None, None)),
        ("18-65", (18, 65)),
    ],
)
def test_age_fields(text, bounds):
    assert age_bounds(text) == bounds


@pytest.mark.parametrize(
    ("criterion", "bounds"),
    [
        ("age 18-50 years;", (18, 50)),
        ("Age = 18 years", (18, None)),  # "≥" damaged into "="
        ("Patients aged ≥ 18 and ≤ 75 years", (18, 75)),
        ("The presence of any malignant tumor within the last 5 years", (None, None)),
        ("Stroke within last 3 months", (None, None)),
    ],
)
def test_ages_from_criteria(criterion, bounds):
    assert age_bounds(criterion, need_context=True) == bounds


def test_contacts_with_labelled_phone_and_email_lines():
    lines = ["Study Contact", "Name: John Smith, MD", "Phone Number: 617-555-1234",
             "Email: john@x.org", "Jane Roe, Principal Investigator", "jane@x.org"]  # fmt: skip
    assert [(c.name, c.role, c.email, c.phone) for c in contacts_of(lines)] == [
        ("John Smith, MD", "", "john@x.org", "617-555-1234"),
        ("Jane Roe", "Principal Investigator", "jane@x.org", ""),
    ]


def test_numbers_dates_and_markdown():
    assert age_value("18 Months") == 1.5 and age_value("N/A") is None
    assert enrollment_of("40 estimated patients") == (40, "estimated")
    assert enrollment_of("1,200", "Actual") == (1200, "actual")
    assert enrollment_of("20") == (20, None)
    assert [date_of(t) for t in ("May 15, 2020", "15 May 2020", "2020-05", "20/02/2020")] == [
        "2020-05-15",
        "2020-05-15",
        "2020-05",
        "2020-02-20",
    ]
    assert date_of("no date") is None
    assert prepare("\\*Note\\_x (> 1\\2) \\[1\\]\r\n") == "*Note_x (> 1\\2) [1]\n"


# -- The comparison rules of shared/seeds/README.md ---------------------------------------------


def test_differences_follows_the_seed_comparison_rules():
    expected = {
        "id": "ignored",
        "title": "A  trial\nof cells",
        "countries": ["ES", "FR"],
        "phases": ["2", "1"],
        "conditions": ["A", "B"],
        "arms": [{"label": "X", "interventions": ["a", "b"]}],
        "regen": {"routes": ["intravenous", "intramuscular"], "donor": None},
        "min_age_years": 18,
        "healthy_volunteers": False,
        "expect_review_flags": ["something"],
    }
    record = {
        "id": "other",
        "title": "A trial of cells",
        "countries": ["FR", "ES"],
        "phases": ["1", "2"],
        "conditions": ["A", "B"],
        "arms": [{"label": "X", "type": "experimental", "interventions": ["b", "a"]}],
        "regen": {"routes": ["intramuscular", "intravenous"], "donor": None, "cell_types": []},
        "min_age_years": 18.0,
        "healthy_volunteers": False,
        "review_flags": ["a flag"],
    }
    assert differences(expected, record) == []
    assert differences({**expected, "conditions": ["B", "A"]}, record) == [
        "conditions[0]: expected 'B', got 'A'",
        "conditions[1]: expected 'A', got 'B'",
    ]
    assert differences({**expected, "healthy_volunteers": 0}, record) != []
    assert differences({**expected, "expect_review_flags": []}, record) != []
    assert differences(expected, {**record, "review_flags": []}) != []
    assert differences({"sponsor": None}, {}) == ["sponsor: missing from the record"]
    assert differences(expected, {**record, "regen": {}}, ignore=("regen",)) == []
