"""Condition names as stored: registry codes, headings and boilerplate out, glued items apart.

Registries print codes beside conditions (ANZCTR "Fetal stroke 326117 0", CTRI "ICD-10
Condition: M170||...", MedDRA blocks), category headings ("Surgery: ...", "Condition
category") and page text ("The condition terms exactly as the trial's registrant entered
them."); copies glue items ("Diabetic Nephropathy Type 2 Diabetes", "osteoarthritis
osteoarthritis, knee", "Asthma.COPD").
"""

import re
from collections.abc import Iterable

from trials.parsers.cleaning import clean, text_key
from trials.parsers.furniture import is_furniture

_TRAILING_CODES = re.compile(r"(?:\s+\d+){2,}\s*$|\s+\d{5,}(?:\s+\d+)*\s*$")
_ICD_PREFIX = re.compile(
    r"^(?:\(\d+\)\s*)?(?:ICD-?10(?:-CM)?\s*(?:Condition|code)?\s*:?\s*)?"
    r"(?:[A-TV-Z]\d{2}(?:\.?\d{1,2})?[A-Z]?\s*(?:\|\||[-–:|]\s+))",
)
# CTRI's numbered condition as aggregators copy it: "Health Condition 1: M170- Bilateral
# primary osteoarthritis", "Health Condition 2: null- Articular cartilage defects".
_HEALTH_CONDITION = re.compile(
    r"^Health Condition\s*\d{0,2}\s*:\s*(?:null|[A-TV-Z]\d{2,3}(?:\.?\d{1,2})?[A-Z]?)?"
    r"\s*[-–]\s*(?=\S)",
    re.IGNORECASE,
)
_ICD_GLUED = re.compile(r"(?<=[a-z)])\s*\(?[A-TV-Z]\d{2}(?:\.\d{1,2})?\)?\s*$")
_NOT_A_CONDITION = re.compile(
    r"^(?:[\d\s.,:/-]+|[A-Z]\d{2}(?:\.\d+)?|condition (?:category|code)|meddra\b.*|version\b.*"
    r"|level\b.*|classification code\b.*|term\b\s*:.*|system organ class\b.*"
    r"|therapeutic area\b.*|e\.\d[\d.]*\b.*|health condition.*|query!?|n/?a|none|nil"
    r"|not applicable|disease(?:s)?|conditions?|keywords?"
    r"|\d+(?:\.\d+)?\s*(?:pt|llt|hlt|soc)|(?:pt|llt|hlt|soc))$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:this trial|the trial|this study|the study|registrant|as listed|relates to|click"
    r"|see (?:all|more)|show (?:all|more))\b",
    re.IGNORECASE,
)
# Category headings registries print above or before a condition (ISRCTN, ANZCTR, EU CTR).
CATEGORY_HEADINGS = frozenset(
    text_key(heading)
    for heading in (
        "Surgery", "Cancer", "Circulatory System", "Nervous System Diseases",
        "Musculoskeletal Diseases", "Mental and Behavioural Disorders", "Mental Health",
        "Infections and Infestations", "Digestive System", "Respiratory", "Eye Diseases",
        "Skin and Connective Tissue Diseases", "Urological and Genital Diseases",
        "Pregnancy and Childbirth", "Neonatal Diseases", "Haematological Disorders",
        "Nutritional, Metabolic, Endocrine", "Injury, Occupational Diseases, Poisoning",
        "Ear, Nose and Throat", "Oral Health", "Genetic Diseases", "Signs and Symptoms",
        "Renal and Urogenital", "Metabolic and Endocrine", "Reproductive Health and Childbirth",
        "Blood", "Cardiovascular", "Stroke", "Inflammatory and Immune System",
        "Musculoskeletal", "Neurological", "Skin", "Other", "Diseases [C] - Immune System",
        # ICD-10 chapters, which some registries (CRIS/KCT, JPRN) print as the condition
        "Certain infectious and parasitic diseases",
        "Diseases of the blood and blood-forming organs and certain disorders involving the "
        "immune mechanism", "Endocrine, nutritional and metabolic diseases",
        "Diseases of the nervous system",
        "Diseases of the eye and adnexa", "Diseases of the ear and mastoid process",
        "Diseases of the circulatory system", "Diseases of the respiratory system",
        "Diseases of the digestive system", "Diseases of the skin and subcutaneous tissue",
        "Diseases of the musculoskeletal system and connective tissue",
        "Diseases of the musculo-skeletal system and connective tissue",
        "Diseases of the genitourinary system", "Pregnancy, childbirth and the puerperium",
        "Certain conditions originating in the perinatal period",
        "Congenital malformations, deformations and chromosomal abnormalities",
        "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified",
        "Injury, poisoning and certain other consequences of external causes",
    )
)  # fmt: skip
_CATEGORY_PREFIX = re.compile(r"^(?P<category>[A-Z][A-Za-z ,]{2,40}):\s+(?P<rest>\S.*)$")
# Keywords some mirrors list among the conditions name the treatment or the field, not a
# disease: "Adipocyte-derived mesenchymal stem cells", "Stem cell therapy", "Regenerative
# medicine".
_TREATMENT_KEYWORD = re.compile(
    r"\b(?:stem|stromal|progenitor|T|NK|CAR-T) cells?$|\b(?:exosomes?|extracellular vesicles"
    r"|secretome|therapy|therapies|medicine)$",
    re.IGNORECASE,
)
# "Kellgren &amp" then "Lawrence": an HTML ampersand the copy broke the line after.
_BROKEN_AMPERSAND = re.compile(r"\s*&(?:amp;?)?\s*\n\s*")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z)])\.(?=[A-Z][a-z])")


_TABLE_CELLS = re.compile(
    r"^\s*Health Type\s+Condition\s*$|^\s*(?:Patients|Healthy Human Volunteers)\s+(?=\(\d+\))"
    r"|(?:\(\d+\)\s*)?ICD-?10 Condition:\s*[A-Z0-9.]{2,8}\s*\|\|\s*",
    re.IGNORECASE | re.MULTILINE,
)


def prepare_conditions(lines: Iterable[str]) -> str:
    """A conditions block without its table furniture (CTRI's "Health Type Condition" header,
    "Patients (1) ICD-10 Condition: M170||" before each name), ready to be split."""
    return _BROKEN_AMPERSAND.sub(" & ", _TABLE_CELLS.sub("", "\n".join(lines)))


def clean_conditions(items: Iterable[str], title: str = "") -> list[str]:
    """Conditions as stored: codes, headings and page text dropped, glued items split."""
    found: list[str] = []
    for item in items:
        for part in _GLUED_SENTENCE.split(item):
            for name in _comma_list(part):
                found += _split_glued(_clean_one(name), title)
    return [item for item in found if _is_condition(item)]


# A MeSH-style inverted name goes on after its comma with a one-word qualifier ("Pneumonia,
# Viral") or one of these: "Diabetes Mellitus, Type 2", "Carcinoma, Non-Small-Cell Lung".
_WORD = re.compile(r"[^\W\d_]+")
_INVERSION_QUALIFIER = re.compile(
    r"^(?:type|non|insulin|not|other|unspecified|due to|with|without|in)\b",
    re.IGNORECASE,
)


def _comma_list(item: str) -> list[str]:
    """ "Musculoskeletal Pain, Knee Osteoarthritis, Cartilage Injury" -> three names: split at
    commas only when every part is a name of two to six words, all capitalised alike, none
    reading as the qualifier of an inverted name."""
    parts = [part.strip() for part in re.split(r",\s+", item)]
    if len(parts) < 2 or any(not 2 <= len(_WORD.findall(part)) <= 6 for part in parts):
        return [item]
    if len({part[:1].isupper() for part in parts}) > 1:  # "... following an initial, acute ..."
        return [item]
    if any(_INVERSION_QUALIFIER.match(part) for part in parts[1:]):
        return [item]
    return parts


def _clean_one(item: str) -> str:
    item = clean(item).strip(" ;,")
    item = _TRAILING_CODES.sub("", item)
    item = _HEALTH_CONDITION.sub("", item)
    item = _ICD_PREFIX.sub("", item)
    item = _ICD_GLUED.sub("", item)
    if (match := _CATEGORY_PREFIX.match(item)) and text_key(match["category"]) in (
        CATEGORY_HEADINGS
    ):
        item = match["rest"]
    return item.strip(" ;,.")


def _is_condition(item: str) -> bool:
    if not item or _NOT_A_CONDITION.match(item) or text_key(item) in CATEGORY_HEADINGS:
        return False
    if _TREATMENT_KEYWORD.search(item):  # a mirror's keywords listed with the conditions
        return False
    if is_furniture(item, menus=False):  # a page's lead-in under its heading, a banner
        return False
    words = len(item.split())
    if _BOILERPLATE.search(item) and words >= 4:
        return False
    return not (item.endswith(".") and words >= 6)


def _split_glued(item: str, title: str) -> list[str]:
    """ "osteoarthritis osteoarthritis, knee" -> two items (the second repeats the first);
    "Diabetic Nephropathy Type 2 Diabetes" -> two items where the title names the first."""
    words = item.split()
    if len(words) < 3:
        return [item]
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if text_key(tail).startswith(text_key(head) + ",") or (text_key(tail) == text_key(head)):
            return [head, *_split_glued(tail, title)]
    key = text_key(title)
    if key and len(words) >= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words):
        for cut in range(len(words) - 2, 1, -1):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            known = f" {text_key(head)}" in f" {key}"
            if known and f" {text_key(head)} {words[cut].lower()}" not in f" {key}":
                if tail[:1].isupper() or tail[:1].isdigit():
                    return [head, *_split_glued(tail, title)]
    return [item]
