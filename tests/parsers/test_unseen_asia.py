"""Pages the parsers were not written against (tests/fixtures/unseen_asia: ANZCTR, jRCT, CTRI and a
journal abstract, each cut at about 2,000 bytes): each must yield what its gold record says, and
the rules their misses led to hold on small texts. No database needed.

The gold records follow the shared corpus conventions (tests/fixtures/unseen_asia/README.md says
the judgement calls). A field the importer still gets wrong is listed in ``KNOWN_GAPS`` with the
reason, so that a fix shows up as an unexpected pass rather than going unnoticed.
"""

import pytest

from tests.parsers_support import HeldOutPages, text_key
from trials.parsers import parse_document
from trials.parsers.classify import classify
from trials.parsers.inference import condition_in_title, count_in_words, phases_in

LAYOUTS = {
    "01_anzctr_msc-gvhd": "anzctr",
    "02_anzctr_msb-car001-acl": "anzctr",
    "03_anzctr-uat_adipose-msc-back-pain": "anzctr",
    "04_anzctr_mpc-tibial-fracture": "anzctr",
    "05_jrct_adsc-liver-cirrhosis": "jrct",
    "06_jrct_adrc-critical-limb-ischemia": "jrct",
    "07_jrct_cd34-hsct-systemic-sclerosis": "jrct",
    "08_jrct_dfat-critical-limb-ischemia": "jrct",
    "09_ctri_msc-alcoholic-liver-cirrhosis": "ctri",
    "10_ctri-modifications_bm-cells-paraplegia": "ctri",
    "11_pmc_msc-uterine-niche-protocol": "secondary",
    "12_anzctr-uat_aci-rehabilitation": "anzctr",
    "13_anzctr-imported_jointrep-cartilage": "anzctr",
    "14_anzctr-preprod_adsc-microfracture-knee": "anzctr",
    "15_jrct_adsc-tmj": "jrct",
    "16_jrct_dental-pulp-sc-bone": "jrct",
    "17_umin-en_cranial-bone-msc-cerebral-infarction": "umin",
    "18_umin-en-inline_cranial-bone-msc-cerebral-infarction": "umin",
    "19_umin-ja-inline_autologous-bmsc-intracerebral-stroke": "umin",
    "20_chictr-table_placental-msc-burn-donor-site": "chictr",
    "21_chictr_allogeneic-cell-sheet-chronic-wounds": "chictr",
}
SCALARS = ("study_type", "enrollment", "sex", "allocation", "masking")
KNOWN_GAPS = {
    ("03_anzctr-uat_adipose-msc-back-pain", "allocation"): "'single treatment group "
    "uncontrolled case series' is said in the intervention description, not a design field",
    ("07_jrct_cd34-hsct-systemic-sclerosis", "allocation"): "'single-arm, open-label' only in "
    "the English scientific title, whose design the conventions do not read",
    ("07_jrct_cd34-hsct-systemic-sclerosis", "masking"): "as allocation",
    ("11_pmc_msc-uterine-niche-protocol", "sex"): "'primiparous participants' implies women",
    ("11_pmc_msc-uterine-niche-protocol", "conditions"): "an abstract without a title: the "
    "disease is only in its prose",
    ("20_chictr-table_placental-msc-burn-donor-site", "conditions"): "the title's disease is "
    "read as 'burn patients', not the donor-site wounds",
}


PAGES = HeldOutPages("unseen_asia", layouts=LAYOUTS, known_gaps=KNOWN_GAPS)
STEMS = PAGES.stems
gold, parsed, key = PAGES.gold, PAGES.parsed, text_key
test_every_unseen_page_has_a_layout, test_detected_by_name = PAGES.layout_tests()


@pytest.mark.parametrize("stem", STEMS)
def test_ids_title_status_phases_sponsor(stem):
    expected, trial = gold(stem), parsed(stem)
    ids = {i.value.upper() for i in trial.registry_ids}
    assert {value.upper() for value in expected["registry_ids"]} <= ids
    if expected["title"]:
        assert key(trial.title) == key(expected["title"])
    assert (trial.status or "unknown") == expected["status"]
    assert set(trial.phases) == set(expected["phases"])
    assert key(trial.sponsor) == key(expected["sponsor"])


test_design_and_conditions = PAGES.fields_test([*SCALARS, "conditions"])


@pytest.mark.parametrize("stem", STEMS)
def test_donor(stem):
    expected, trial = gold(stem), parsed(stem)
    if stem == "01_anzctr_msc-gvhd":
        pytest.xfail("'after allogeneic haemopoietic stem cell tranplantation' (misspelt) is the "
                     "setting, not the donor of the MSCs")  # fmt: skip
    if stem == "12_anzctr-uat_aci-rehabilitation":
        pytest.xfail("rehabilitation 'following autologous chondrocyte implantation': the cells "
                     "are the setting")  # fmt: skip
    assert classify(trial).donor == expected["donor"]


def test_typed_interventions_of_an_anzctr_copy_of_a_ctgov_record():
    trial = parsed("13_anzctr-imported_jointrep-cartilage")
    typed = {(i.type, i.name) for i in trial.interventions}
    assert {("device", "JointRep®"), ("procedure", "Microfracture")} <= typed


# -- The rules -------------------------------------------------------------------------------


def test_ctri_labels_and_values_on_one_line_with_modification_prompts():
    text = (
        "CTRI Number  CTRI/2013/10/004099 [Registered on: 25/10/2013]\n"
        "Type of Study\nModification(s)  \nStem Cell Therapy \n"
        "Study Design  Single Arm Study \n"
        "Public Title of Study\nModification(s)  \nAutologous cells for acute paraplegia \n"
        "Secondary IDs if Any\nSecondary ID  Registry \nCSCC/BMAP/2011/01  Protocol Number \n"
        "Details of Contact Person\nName  Dr X \n"
    )
    trial = parse_document(text)
    assert trial.format == "ctri"
    assert trial.title == "Autologous cells for acute paraplegia"
    assert [i.value for i in trial.registry_ids] == ["CTRI/2013/10/004099", "CSCC/BMAP/2011/01"]
    assert trial.allocation == "na"


_LONG_DISEASE = "Fontaine III-IVの末梢性虚血性疾患(閉塞性動脈硬化症、バージャー病、膠原病)"  # > 40


def test_jrct_unlabelled_phase_line_and_long_disease_line():
    text = (
        "jRCT ロゴ\n臨床研究等提出・公開システム\n再生医療等提供計画情報の詳細情報です。\n第二種\n"
        "令和2年2月17日\n自家細胞移植に関する臨床試験\n細胞を用いた治療\n日本大学医学部附属板橋病院\n"
        "吉野 篤緒\n重症下肢虚血患者を対象として、移植治療の安全性と有効性を評価する。\n1-2\n"
        f"{_LONG_DISEASE}\n募集中断\njRCTb030190212\n"
    )
    trial = parse_document(text)
    assert trial.phases == ("1", "2")
    assert trial.conditions == (_LONG_DISEASE,)
    assert trial.status == "suspended"
    assert {flag.code for flag in trial.review_flags} >= {"phases_implied", "conditions_implied"}


@pytest.mark.parametrize(
    ("title", "phases"),
    [
        ("重症全身性硬化症に対する自己造血幹細胞移植の有効性に関する検討:第Ⅱ相臨床試験", ("2",)),
        ("第I/II相試験", ("1", "2")),
        ("dose escalation, phase –II study assessing", ("2",)),
        ("相互作用の研究", ()),
    ],
)
def test_phases_in_titles(title, phases):
    assert phases_in(title, title=True) == phases


def test_phase_from_the_scientific_title_is_flagged():
    text = (
        "Trial registered on ANZCTR\nRegistration number\nACTRN12610000068066\n"
        "Public title\nMesenchymal Stromal Cells to Treat Graft Versus Host Disease\n"
        "Scientific title\nA phase 1 study to assess the safety of mesenchymal stromal cells\n"
        "Comparator / control treatment\nNone\nControl group\nUncontrolled\n"
    )
    trial = parse_document(text)
    assert trial.phases == ("1",)
    assert "phases_implied" in {flag.code for flag in trial.review_flags}
    assert trial.masking is None  # "None" as the comparator is no "Masking: None"
    assert trial.allocation == "na"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One hundred twenty primiparous participants will be randomly assigned", 120),
        ("Two hundred and fifty adult patients", 250),
        ("Sixty participants", 60),
        ("twenty-four patients", 24),
    ],
)
def test_enrollment_in_words(text, count):
    assert count_in_words(text) == count


@pytest.mark.parametrize(
    ("title", "condition"),
    [
        (
            "A safety study of autologous mesenchymal precursor cells (MPCs) in the management "
            "of delayed healing tibial fractures requiring secondary surgical intervention",
            "delayed healing tibial fractures",
        ),
        (
            "Stem cells in patients with knee osteoarthritis who failed physiotherapy",
            "knee osteoarthritis",
        ),  # fmt: skip
    ],
)
def test_condition_in_title_without_the_clause_after_it(title, condition):
    assert condition_in_title(title) == condition


def test_jrct_id_in_a_document_name_and_the_first_era_year():
    trial = parsed("15_jrct_adsc-tmj")  # its id only in "委員会意見書_20220916_jRCTb030190134.pdf"
    assert [i.value for i in trial.registry_ids] == ["jRCTb030190134"]
    assert (
        trial.title == "自己脂肪幹細胞(AUASC-TKY2017)を用いた顎関節症治療"
    )  # not "令和元年11月14日"


def test_umin_one_line_rendering_english_and_bilingual():
    english = parsed("18_umin-en-inline_cranial-bone-msc-cerebral-infarction")
    assert english.status == "recruiting"
    assert english.conditions == ("cerebral infarction",)
    assert english.phases == ("1", "2")
    bilingual = parsed("19_umin-ja-inline_autologous-bmsc-intracerebral-stroke")
    assert bilingual.title.startswith("Research on Advanced Intervention using Novel Bone")
    assert bilingual.status == "active_not_recruiting"
    assert bilingual.conditions == ("acute ischemic stroke",)


def test_subcutaneous_fat_is_a_tissue_not_a_route():
    trial = parse_document(
        "jRCTb040190118\nヒト皮下脂肪組織由来間葉系前駆細胞を用いた重症虚血肢に対する血管新生療法\n"
    )
    regen = classify(trial)
    assert regen.cell_types == ("mesenchymal stromal cells",)
    assert regen.source_tissues == ("adipose tissue",)
    assert regen.routes == ()
