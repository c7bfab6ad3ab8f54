"""Source wordings of the record's vocabulary fields, mapped to the schema's terms.

Data first: add a wording to the right table when a real page needs it. Matching ignores
case, accents, spaces, underscores, hyphens and punctuation ("ENROLLING_BY_INVITATION",
"Enrolling by invitation" and "enrolling-by-invitation" are one key).
"""

import re

from trials.text import search_key

STATUS = {
    "not yet recruiting": "not_yet_recruiting",
    "pending": "not_yet_recruiting",
    "in preparazione": "not_yet_recruiting",
    "recruiting": "recruiting",
    "open": "recruiting",
    "ongoing recruiting": "recruiting",
    "in arruolamento": "recruiting",
    "reclutamento in corso": "recruiting",
    "recrutement en cours": "recruiting",
    "en cours de recrutement": "recruiting",
    "reclutando": "recruiting",
    "en reclutamiento": "recruiting",
    "rekrutierend": "recruiting",
    "enrolling by invitation": "enrolling_by_invitation",
    "active not recruiting": "active_not_recruiting",
    "not recruiting": "active_not_recruiting",
    "ongoing recruitment ended": "active_not_recruiting",
    "recruitment ended": "active_not_recruiting",
    "recruitment completed": "active_not_recruiting",
    "arruolamento concluso": "active_not_recruiting",
    "arruolamento completato": "active_not_recruiting",
    "suspended": "suspended",
    "temporarily halted": "suspended",
    "halted": "suspended",
    "sospeso": "suspended",
    "temporaneamente sospeso": "suspended",
    "terminated": "terminated",
    "prematurely ended": "terminated",
    "terminato anticipatamente": "terminated",
    "interrotto": "terminated",
    "completed": "completed",
    "complete": "completed",
    "completato": "completed",
    "withdrawn": "withdrawn",
    "cancelled": "withdrawn",
    "ritirato": "withdrawn",
    "authorised": "authorised",
    "authorized": "authorised",
    "autorizzato": "authorised",
    "autorizzata": "authorised",
    "autorise": "authorised",
    "autorizado": "authorised",
    "genehmigt": "authorised",
    "ongoing": "ongoing",
    "in corso": "ongoing",
    "en cours": "ongoing",
    "restarted": "ongoing",
    "ended": "ended",
    "trial ended": "ended",
    "concluso": "ended",
    "conclusa": "ended",
    "terminato": "ended",
    "termine": "ended",
    "finalizado": "ended",
    "beendet": "ended",
    "unknown": "unknown",
    "unknown status": "unknown",
    # ClinicalTrials.Veeva and expanded-access wordings
    "enrolling": "recruiting",
    "not yet enrolling": "not_yet_recruiting",
    "active not enrolling": "active_not_recruiting",
    "available": "recruiting",
    "no longer available": "completed",
    "temporarily not available": "suspended",
    "approved for marketing": "completed",
    "withheld": "unknown",
    # Registries' own wordings (ISRCTN, UMIN, ANZCTR, CTRI, ChiCTR, EU CTR / CTIS)
    "no longer recruiting": "active_not_recruiting",
    "stopped early": "terminated",
    "stopped": "terminated",
    "open to recruitment": "recruiting",
    "closed to recruitment of participants": "active_not_recruiting",
    "closed to recruitment": "active_not_recruiting",
    "preinitiation": "not_yet_recruiting",
    "open public recruiting": "recruiting",
    "limited recruiting": "enrolling_by_invitation",
    "main results already published": "completed",
    "suspending": "suspended",
    "temporary halt": "suspended",
    "authorised recruitment may be ongoing or finished": "authorised",
    "authorised recruitment pending": "authorised",
    "authorised recruiting": "recruiting",
    "authorised not started": "authorised",
    "ongoing recruitment pending": "not_yet_recruiting",
    "under evaluation": "not_yet_recruiting",
    "trial now transitioned": "ongoing",
    "prohibited by ca": "terminated",
    "suspended by ca": "suspended",
    "temporarily halted by ca": "suspended",
    # Japanese (jRCT, UMIN-CTR)
    "募集前": "not_yet_recruiting",
    "開始前": "not_yet_recruiting",
    "募集中": "recruiting",
    "一般募集中": "recruiting",
    "限定募集中": "enrolling_by_invitation",
    "募集中断": "suspended",
    "募集終了": "active_not_recruiting",
    "一般募集終了": "active_not_recruiting",
    "研究終了": "completed",
    "試験終了": "completed",
    "主たる結果の公表済み": "completed",
    "試験中止": "terminated",
    "研究中止": "terminated",
    # Chinese (ChiCTR)
    "尚未开始": "not_yet_recruiting",
    "正在进行": "recruiting",
    "正在招募": "recruiting",
    "结束": "completed",
    "已完成": "completed",
    "暂停或中断": "suspended",
    "停止": "terminated",
    # Spanish, German
    "aun no reclutando": "not_yet_recruiting",
    "activo no reclutando": "active_not_recruiting",
    "no reclutando": "active_not_recruiting",
    "reclutamiento finalizado": "active_not_recruiting",
    "completado": "completed",
    "terminado": "terminated",
    "suspendido": "suspended",
    "retirado": "withdrawn",
    "noch nicht rekrutierend": "not_yet_recruiting",
    "rekrutierung abgeschlossen": "active_not_recruiting",
    "abgeschlossen": "completed",
    "abgebrochen": "terminated",
}

STUDY_TYPE = {
    "interventional": "interventional",
    "interventional study": "interventional",
    "interventional clinical trial": "interventional",
    "intervention": "interventional",
    "treatment study": "interventional",
    "介入研究": "interventional",
    "介入": "interventional",
    "干预性研究": "interventional",
    "観察研究": "observational",
    "観察": "observational",
    "观察性研究": "observational",
    "observational non invasive": "observational",
    "interventional clinical trial of medicinal product": "interventional",
    "clinical trial": "interventional",
    "observational": "observational",
    "observational study": "observational",
    "observational patient registry": "observational",
    "expanded access": "expanded_access",
}

ALLOCATION = {
    "randomized": "randomized",
    "randomised": "randomized",
    "randomized controlled trial": "randomized",
    "non randomized": "non_randomized",
    "non randomised": "non_randomized",
    "nonrandomized": "non_randomized",
    "nonrandomised": "non_randomized",
    "not randomized": "non_randomized",
    "not randomised": "non_randomized",
    "randomised controlled trial": "randomized",
    "randomized controlled": "randomized",
    "randomised controlled": "randomized",
    "single arm": "na",
    "single arm trial": "na",
    "single arm study": "na",
    "uncontrolled": "na",
    "non controlled": "na",
    "ランダム化": "randomized",
    "無作為化": "randomized",
    "非ランダム化": "non_randomized",
    "单臂": "na",
    "随机平行对照": "randomized",
    "na": "na",
    "n a": "na",
    "not applicable": "na",
}

MASKING = {
    "none": "none",
    "none open label": "none",
    "open label": "none",
    "open": "none",
    "open masking not used": "none",
    "open masking used": "none",
    "open no one is blinded": "none",
    "not blinded": "none",
    "non blinded": "none",
    "unblinded": "none",
    "participant blinded": "single",
    "investigator blinded": "single",
    "outcome assessor blinded": "single",
    "participant and investigator blinded": "double",
    "participant and outcome assessor blinded": "double",
    "investigator and outcome assessor blinded": "double",
    "participant investigator and outcome assessor blinded": "triple",
    "participant investigator outcome assessor and date entry operator blinded": "quadruple",
    "オープン": "none",
    "二重盲検": "double",
    "单盲": "single",
    "双盲": "double",
    "no masking": "none",
    "single": "single",
    "single blind": "single",
    "single blinded": "single",
    "double": "double",
    "double blind": "double",
    "double blinded": "double",
    "triple": "triple",
    "triple blind": "triple",
    "quadruple": "quadruple",
    "quadruple blind": "quadruple",
}

INTERVENTION_MODEL = {
    "parallel": "parallel",
    "parallel assignment": "parallel",
    "parallel group": "parallel",
    "single group": "single_group",
    "single group assignment": "single_group",
    "single arm": "single_group",
    "crossover": "crossover",
    "crossover assignment": "crossover",
    "cross over": "crossover",
    "factorial": "factorial",
    "factorial assignment": "factorial",
    "sequential": "sequential",
    "sequential assignment": "sequential",
}

PRIMARY_PURPOSE = {
    "treatment": "treatment",
    "prevention": "prevention",
    "diagnostic": "diagnostic",
    "diagnosis": "diagnostic",
    "supportive care": "supportive_care",
    "screening": "screening",
    "health services research": "health_services_research",
    "basic science": "basic_science",
    "device feasibility": "device_feasibility",
}

# As sources prefix interventions ("Biological: ..."); keys are the prefix without the colon.
INTERVENTION_TYPE = {
    "biological": "biological",
    "biological vaccine": "biological",
    "drug": "drug",
    "drugs": "drug",
    "device": "device",
    "devices": "device",
    "procedure": "procedure",
    "surgery": "procedure",
    "procedure surgery": "procedure",
    "genetic": "genetic",
    "radiation": "radiation",
    "behavioral": "behavioral",
    "behavioural": "behavioral",
    "dietary supplement": "dietary_supplement",
    "combination product": "combination_product",
    "diagnostic test": "diagnostic_test",
    "other": "other",
    "other interventions": "other",
    "other intervention": "other",
}

ARM_TYPE = {
    "experimental": "experimental",
    "active comparator": "active_comparator",
    "placebo comparator": "placebo_comparator",
    "sham comparator": "sham_comparator",
    "no intervention": "no_intervention",
    "other": "other",
}

SEX = {
    "all": "all",
    "both": "all",
    "both sexes": "all",
    "male and female": "all",
    "both males and females": "all",
    "male female": "all",
    "female male": "all",
    "males and females": "all",
    "female and male": "all",
    "female": "female",
    "females": "female",
    "female only": "female",
    "women": "female",
    "male": "male",
    "males": "male",
    "male only": "male",
    "men": "male",
}

ENROLLMENT_TYPE = {
    "estimated": "estimated",
    "anticipated": "estimated",
    "planned": "estimated",
    "expected": "estimated",
    "target": "estimated",
    "actual": "actual",
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "status": STATUS,
    "study_type": STUDY_TYPE,
    "allocation": ALLOCATION,
    "masking": MASKING,
    "intervention_model": INTERVENTION_MODEL,
    "primary_purpose": PRIMARY_PURPOSE,
    "intervention_type": INTERVENTION_TYPE,
    "arm_type": ARM_TYPE,
    "sex": SEX,
    "enrollment_type": ENROLLMENT_TYPE,
}

# Words a table cell may add around a term: "Experimental group", "Status: Recruiting".
_NOISE = re.compile(r"\b(?:group|arm|assignment|status|study|trial|model)\b$")
_NON_WORD = re.compile(r"[\W_]+")


def vocabulary_key(text: str) -> str:
    """The matching key of a wording: accents, case, punctuation and spacing removed."""
    text = " ".join(text.split())
    key = text.lower() if text.isascii() else search_key(text)  # ASCII: the same, faster
    return _NON_WORD.sub(" ", key).strip()


def lookup(kind: str, wording: str) -> str | None:
    """The schema term for ``wording`` in vocabulary ``kind``, or None when it is unknown.

    Tries the whole wording, then the part before a bracket ("Double (Participant)"),
    then without a trailing "group"/"arm" ("Placebo Comparator group").
    """
    table = VOCABULARIES[kind]
    candidates = [wording, wording.split("(", 1)[0]]
    if "/" in wording and not wording.isascii():  # "一般募集中/Open public recruiting"
        candidates += reversed(wording.split("/"))
    for candidate in candidates:
        key = vocabulary_key(candidate)
        if key in table:
            return table[key]
        shorter = _NOISE.sub("", key).strip()
        if shorter in table:
            return table[shorter]
    return None


_PHASE_ORDER = ["early_1", "1", "2", "3", "4", "na"]
# Phase numbers as digits, Roman numerals or words ("phase one", news items write them so).
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "one": "1", "two": "2", "three": "3",
          "four": "4"}  # fmt: skip
_NUMBER = r"(?:[0-4]|iv|i{1,3}|one|two|three|four)"
_PHASE = re.compile(
    rf"(?P<early>early[\s_]*)?(?:phase|fase)[\s_:\-–]*(?P<list>{_NUMBER}[ab]?"
    rf"(?:\s*(?:/|-|–|,|\||&|\+|and|y|e)\s*(?:(?:phase|fase)[\s_-]*)?{_NUMBER}[ab]?)*)\b"
)
_PHASE_NUMBER = re.compile(rf"(?<![a-z]){_NUMBER}(?=[ab]?\b)")
_NOT_APPLICABLE = re.compile(r"^(?:n\s*/?\s*a|not applicable|none|na)$")


def phases_of(text: str) -> tuple[str, ...]:
    """Phases named in a phase field: "Phase 2" "Phase I/II" "PHASE1, PHASE2" "N/A"...

    Returns sorted schema terms ("early_1", "1"..."4", "na"); () when none is named.
    """
    key = search_key(" ".join(text.split()))
    if _NOT_APPLICABLE.match(key.strip(" .")):
        return ("na",)
    found: set[str] = set()
    for match in _PHASE.finditer(key):
        listed = re.sub(r"(?:phase|fase)[\s_-]*", " ", match["list"])
        numbers = [_ROMAN.get(n, n) for n in _PHASE_NUMBER.findall(listed)]
        if match["early"] and numbers[:1] == ["1"]:
            found.add("early_1")
            numbers = numbers[1:]
        found.update(n for n in numbers if n != "0")
        if "0" in numbers:
            found.add("early_1")
    if not found and ("not applicable" in key or re.search(r"\bn/a\b", key)):
        found.add("na")
    return tuple(sorted(found, key=_PHASE_ORDER.index))
