"""Condition areas: broad groups of conditions for browsing (home page, landscape).

Each area lists words and phrases (matched as whole words on the folded condition name);
the first area that matches wins, so list specific areas before general ones. Extend freely.
"""

import re
from dataclasses import dataclass

from trials.text import search_key


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    words: tuple[str, ...]


# fmt: off
AREAS: tuple[Area, ...] = (
    Area("infectious_respiratory", "COVID-19 and respiratory disease", (
        "covid", "covid-19", "sars-cov-2", "sars-cov2", "coronavirus", "pneumonia", "ards",
        "acute respiratory distress", "respiratory failure", "bronchopulmonary", "copd",
        "pulmonary fibrosis", "idiopathic pulmonary", "lung injury", "lung disease", "asthma",
        "emphysema",
    )),
    Area("musculoskeletal", "Bone, joint and cartilage", (
        "osteoarthritis", "cartilage", "chondral", "osteochondral", "fracture", "non-union",
        "nonunion", "bone defect", "bone loss", "bone tissue", "osteonecrosis",
        "avascular necrosis",
        "tendon", "tendinopathy", "rotator cuff", "ligament", "meniscus", "intervertebral disc",
        "disc degeneration", "back pain", "osteogenesis imperfecta", "bone", "knee", "hip",
        "spine fusion", "muscle injury", "muscular dystrophy", "sarcopenia",
    )),
    Area("cardiovascular", "Heart and blood vessels", (
        "heart failure", "myocardial", "cardiomyopathy", "ischemic heart", "ischaemic heart",
        "coronary", "angina", "limb ischemia", "limb ischaemia", "peripheral arterial",
        "peripheral artery", "critical limb", "buerger", "thromboangiitis", "vascular",
        "stroke",
    )),
    Area("neurological", "Brain, spinal cord and nerves", (
        "spinal cord", "multiple sclerosis", "amyotrophic lateral", "als", "parkinson",
        "alzheimer", "cerebral palsy", "traumatic brain", "brain injury", "autism", "epilepsy",
        "neuropathy", "huntington", "ataxia", "dementia",
    )),
    Area("autoimmune_inflammatory", "Autoimmune and inflammatory disease", (
        "systemic sclerosis", "scleroderma", "lupus", "rheumatoid arthritis", "crohn",
        "ulcerative colitis", "inflammatory bowel", "graft versus host", "graft-versus-host",
        "gvhd", "type 1 diabetes", "sjogren", "psoriasis", "vasculitis",
    )),
    Area("metabolic_organ", "Liver, kidney and metabolic disease", (
        "liver", "cirrhosis", "hepatic", "kidney", "renal", "diabetes", "diabetic",
        "nephropathy", "obesity",
    )),
    Area("skin_wounds", "Skin and wounds", (
        "wound", "ulcer", "burn", "epidermolysis", "skin", "scar", "fistula",
    )),
    Area("eye", "Eye", (
        "limbal", "cornea", "corneal", "retina", "retinal", "macular", "retinitis", "glaucoma",
        "dry eye",
    )),
    Area("blood_immune", "Blood and immune system", (
        "aplastic anemia", "aplastic anaemia", "leukemia", "leukaemia", "lymphoma", "myeloma",
        "hematopoietic", "haematopoietic", "immunodeficiency", "poor graft function",
    )),
    Area("reproductive", "Reproductive health", (
        "infertility", "premature ovarian", "ovarian insufficiency", "endometrium", "asherman",
        "erectile", "azoospermia",
    )),
)
# fmt: on

_PATTERNS = tuple(
    (area, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, area.words)) + r")(?![\w-])"))
    for area in AREAS
)
LABELS = {area.key: area.label for area in AREAS}


def choices() -> list[tuple[str, str]]:
    return [(area.key, area.label) for area in AREAS]


def area_of(condition: str) -> str:
    """The key of the first area whose words occur in the condition, or ""."""
    key = search_key(condition)
    for area, pattern in _PATTERNS:
        if pattern.search(key):
            return area.key
    return ""


# -- One key for the names of one condition ------------------------------------------------------

# British spellings as their American ones (word parts, on the folded name).
_SPELLINGS = (
    ("anaem", "anem"), ("haem", "hem"), ("ischaem", "ischem"), ("leukaem", "leukem"),
    ("oedem", "edem"), ("oesophag", "esophag"), ("oestr", "estr"), ("tumour", "tumor"),
    ("paediatr", "pediatr"), ("foet", "fet"), ("orthopaed", "orthoped"), ("coeliac", "celiac"),
    ("diarrhoea", "diarrhea"), ("gynaecolog", "gynecolog"), ("caesarean", "cesarean"),
    ("faec", "fec"), ("behaviour", "behavior"), ("haematolog", "hematolog"),
    ("osteoarthrosis", "osteoarthritis"),
)  # fmt: skip
_SPELLING = re.compile("|".join(british for british, _ in _SPELLINGS))
_AMERICAN = dict(_SPELLINGS)
# COVID-19 as registries write it: "COVID", "Covid19", "Coronavirus Disease 2019"; pneumonia
# of the 2019 novel coronavirus (SARS-CoV-2, "NCP") is COVID-19 pneumonia. Only names of the
# disease: "SARS-CoV-2 infection" (which may be silent), the virus and "coronavirus" (MERS,
# SARS) stay as they are.
_COVID = re.compile(
    r"\b(?:covid(?:[\s-]?19)?|coronavirus\s+disease[\s-]?(?:2019|19)"
    r"|(?:(?:2019[\s-]?)?novel\s+coronavirus|2019[\s-]?ncov|sars[\s-]?cov[\s-]?2)"
    r"(?=\s+(?:pneumonia|disease)\b)(?:\s+disease)?)\b"
)
_REPEATED_COVID = re.compile(r"covid-19\s*\(covid-19\)")


def condition_key(name: str) -> str:
    """The key under which names of one condition meet: folded, American spelling, one
    COVID-19 ("Covid19", "COVID 19", "Coronavirus Disease 2019 (COVID-19)" -> "covid-19").
    The name itself is kept as the source writes it; this key is for grouping and facets."""
    key = " ".join(search_key(name).split())
    key = _SPELLING.sub(lambda match: _AMERICAN[match.group(0)], key)
    return _REPEATED_COVID.sub("covid-19", _COVID.sub("covid-19", key))
