"""Facts stated outside the labelled fields: in the title, the summary, a design line.

Each function reads plain text and returns what it found; the Draft takes a value only
where no labelled field gave one, and flags it (the curator sees where it came from).
Read only the trial's own texts (title, official title, summary, design): a page's
boilerplate ("Phase 1 trials conducted solely on adults...") speaks of trials in general.
"""

import re
import unicodedata

from trials.vocab.condition_areas import area_of
from trials.vocab.countries import countries_in_run, country_code
from trials.vocab.fields import lookup, phases_of

_PHASE_NUMBER = r"(?:[0-4]|iv|i{1,3}|one|two|three|four)"
_PHASE_WORDS = rf"(?:early\s+)?(?:phase|fase)\s*[-–]?\s*{_PHASE_NUMBER}[ab]?"
# "Phase 1/2a clinical trial", "this Phase I trial", "an early phase 2 trial", "fase IIa":
# a phase of one trial (singular), in a title or sentence about the trial itself.
_PHASE_MENTION = re.compile(
    rf"\b{_PHASE_WORDS}(?:\s*(?:/|-|–|and|or)\s*(?:(?:phase|fase)\s*)?{_PHASE_NUMBER}[ab]?)?"
    r"(?=(?:[\s,-]+[\w-]+){0,4}?[\s,-]+(?:trial|study|studio|estudio|ensayo|studie|試験|研究)\b"
    r"(?!s))",
    re.IGNORECASE,
)
_TITLE_PHASE = re.compile(rf"\b{_PHASE_WORDS}\b", re.IGNORECASE)
# Japanese "第Ⅱ相", "第I/II相" (Chinese titles say "II期").
_CJK_PHASE = re.compile(r"第\s*(?P<list>[0-4ⅠⅡⅢⅣIV]{1,3}(?:\s*[/／・~-]\s*[0-4ⅠⅡⅢⅣIV]{1,3})?)\s*相")

_NOT_RANDOMISED = re.compile(
    r"\b(?:non|not)[- ]?(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))\b", re.IGNORECASE
)
# Besides the word itself, allocation by chance told in prose: "randomly assigned", "allocated
# at random", "decided by a previously specified random process", "random number table".
_RANDOMISED = re.compile(
    r"\brandomi[sz]ed\b|\brandomi[sz]ation\b|無作為化|ランダム化|随机分组|随机对照"
    r"|\brandomly\s+(?:assigned|allocated|divided|distributed)\b"
    r"|\b(?:assigned|allocated|divided|distributed)\s+(?:\w+\s+){0,4}?at\s+random\b"
    r"|\brandom\s+(?:process|allocation|assignment|sequence|number\s+table)\b",
    re.IGNORECASE,
)
_SINGLE_GROUP = re.compile(
    r"\bsingle[- ](?:arm|group|cohort)\b|\bno control group\b|\buncontrolled\b"
    r"|\bself[- ]control(?:led)?\b|\bbefore[- ]and[- ]after\b|\bone[- ]arm\b|单臂|単群",
    re.IGNORECASE,
)
_BLIND = re.compile(r"\b(single|double|triple|quadruple)[- ]blind(?:ed)?\b", re.IGNORECASE)
# One masked party named by its role: "observer-blinded", "assessor-blind".
_ROLE_BLIND = re.compile(
    r"\b(?:observer|assessor|evaluator|rater)s?[- ]blind(?:ed)?\b", re.IGNORECASE
)
_OPEN = re.compile(
    r"\bopen[- ]label(?:led)?\b"
    r"|\bopen\b(?=(?:[\s,-]+[\w-]+){0,4}?[\s,-]+(?:study|trial|design)\b)",
    re.IGNORECASE,
)
_GIVEN = re.compile(
    r"\b(?:transplant\w*|inject\w*|infus\w*|implant\w*|administ\w*|dos(?:e|es|ing)\b"
    r"|treated with|graft\w*|in the treatment of|(?:efficacy|safety) and (?:safety|efficacy)"
    r"|in (?:the )?management of|(?:cell|cellular) therap(?:y|ies))"
    r"|移植|投与|注射",
    re.IGNORECASE,
)
_OBSERVATIONAL = re.compile(
    r"\b(?:observational|registry|cohort|retrospective|follow[- ]up of|case[- ]control"
    r"|survey|natural history)\b",
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    word: value
    for value, words in enumerate(
        (
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen",
        )
    )
    for word in [words]
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_COUNT_WORD = "|".join(sorted([*_NUMBER_WORDS, *_TENS], key=len, reverse=True))
_COUNT = (
    rf"(?P<count>\d{{1,3}}(?:,\d{{3}})*"
    rf"|(?:{_COUNT_WORD})(?:[- ](?:and[- ])?(?:{_COUNT_WORD})){{0,3}})"
)
_PEOPLE_WORDS = (
    r"(?:participants|patients|subjects|volunteers|people|persons|individuals|children|adults"
    r"|women|men|babies|infants)"
)
_PEOPLE = re.compile(
    rf"\b{_COUNT}\s+"
    r"(?:(?:adult|eligible|healthy|adolescent|paediatric|pediatric|female|male|elderly|"
    r"[a-z]+-?)\s+){0,2}"
    rf"{_PEOPLE_WORDS}\b",
    re.IGNORECASE,
)
# How an article or a news item states its trial's size: "The trial includes 20 participants",
# "a patient population of 118", "a total of 60 patients", "Thirteen patients with ... were
# given two doses" (people named first, then what was done to them).
_TRIAL_SIZE = (
    re.compile(
        r"\b(?:trial|study)\s+(?:will\s+)?(?:includes?|included|enrol(?:l?s)?|enrolled"
        r"|recruit(?:s|ed)?|involves?|involved)\s+"
        rf"(?:a\s+total\s+of\s+|approximately\s+|about\s+)?{_COUNT}\s+"
        rf"(?:[a-z-]+\s+){{0,2}}{_PEOPLE_WORDS}\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:a\s+total\s+of|(?:patient\s+|study\s+)?population\s+of|sample\s+size\s+of)"
        rf"\s+{_COUNT}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:^|[.!?]\s+){_COUNT}\s+(?:[a-z-]+\s+){{0,2}}{_PEOPLE_WORDS}\b[^.;]{{0,160}}?\b"
        r"(?:were|will\s+be|are|was)\s+(?:[a-z]+ly\s+)?(?:\([^)]{0,30}\)\s*)?"
        r"(?:enrolled|randomi[sz]ed|recruited|included|treated|given"
        r"|allocated|assigned|transplanted|injected|infused)\b",
        re.IGNORECASE,
    ),
)


def trial_size_in(text: str) -> int | None:
    """The number of people an article or news item says its trial takes, else None."""
    for pattern in _TRIAL_SIZE:
        if match := pattern.search(text):
            return _number(match["count"])
    return None


_PLACE = re.compile(
    r"\b(?:taking place|takes place|take place|conducted|carried out|performed|held|located"
    r"|run|running)\s+(?:at\s+[^.;]{0,80}?\s+)?in\s+(?P<place>[^.;]+)",
    re.IGNORECASE,
)
_CONDITION_IN_TITLE = re.compile(
    r"\b(?:in|for|with|among|to treat|treating)\s+(?:the\s+)?(?:(?:treatment|management)\s+of\s+)?"
    r"(?:(?:adult\s+|paediatric\s+|pediatric\s+|elderly\s+)?(?:patients|subjects|participants"
    r"|people|adults|children|individuals|women|men)\s+(?:with|suffering from|affected by)\s+)?"
    r"(?P<condition>[^,;:()]+?)\s*(?:\((?P<bracket>[^)]*)\)\s*)?(?::.*)?$",
    re.IGNORECASE,
)
# "... for the treatment of novel coronavirus pneumonia (COVID-19) and clinical application": a
# bracket naming the disease ends it, whatever the title says after.
_CONDITION_BEFORE_BRACKET = re.compile(
    r"\b(?:in|for|with|among|to treat|treating)\s+(?:the\s+)?(?:(?:treatment|management)\s+of\s+)?"
    r"(?P<condition>[^,;:()]+?)\s*\((?P<bracket>[^)]*)\)",
    re.IGNORECASE,
)
_CONDITION_CLAUSE = re.compile(
    r"\s+(?:requiring|undergoing|receiving|scheduled|eligible|who|treated|after|following"
    r"|using|via|through)\b",
    re.IGNORECASE,
)
# "Treatment of Osteoarthritis by Intra-articular Injection of ...": the disease comes first,
# what is given after "by"/"with" (which is no disease: "... With Allogenic Stem Cells").
_TREATMENT_OF = re.compile(
    r"^(?:the\s+)?(?:treatment|therapy|management)\s+of\s+(?P<condition>[^,;:()]+?)\s+"
    r"(?:with|by|using|through|via)\s",
    re.IGNORECASE,
)
# "for COVID-19 Patients": the people named after the disease are no part of it.
_PEOPLE_AFTER = re.compile(r"\s+(?:patients|subjects|participants|sufferers)$", re.IGNORECASE)
_CONDITION_LEAD = re.compile(r"\b(?:in|for|with|among|to treat|treating)\s", re.IGNORECASE)
_CO_INTERVENTION = re.compile(
    r"\b(?:combination|combined|addition|together|along|compared|comparison|versus|associated)"
    r"\s*$",
    re.IGNORECASE,
)
_CONDITION_STOP = re.compile(
    r"^(?:the|a|an|this|its|their|patients?|subjects?|adults?|children|humans?|vivo|vitro"
    r"|combination|addition|phase|dose|doses|china|japan|europe)\b",
    re.IGNORECASE,
)


def phases_in(text: str, *, title: bool = False) -> tuple[str, ...]:
    """Phases the text states of its own trial; in a title any phase wording counts."""
    pattern = _TITLE_PHASE if title else _PHASE_MENTION
    if title and (match := _PHASE_MENTION.search(text)):
        return phases_of(match.group(0))
    if match := _CJK_PHASE.search(text):
        listed = unicodedata.normalize("NFKC", match["list"]).replace("／", "/")
        return phases_of(f"phase {listed}")
    found = pattern.search(text)
    return phases_of(found.group(0)) if found else ()


def design_in(text: str) -> dict[str, str]:
    """Allocation and masking stated in words ("randomised, double-blind", "single arm, open")."""
    design: dict[str, str] = {}
    if _SINGLE_GROUP.search(text):
        design["allocation"] = "na"
    elif _NOT_RANDOMISED.search(text):
        design["allocation"] = "non_randomized"
    elif _RANDOMISED.search(text):
        design["allocation"] = "randomized"
    if match := _BLIND.search(text):
        design["masking"] = lookup("masking", match.group(1)) or ""
    elif _ROLE_BLIND.search(text):
        design["masking"] = "single"
    elif _OPEN.search(text):
        design["masking"] = "none"
    return {name: value for name, value in design.items() if value}


def given_intervention(text: str) -> bool:
    """Whether a title or summary says a product is given (a trial of an intervention)."""
    return bool(_GIVEN.search(text)) and not _OBSERVATIONAL.search(text)


def count_in_words(text: str) -> int | None:
    """The first number of people a summary names: "Sixty participants", "12 patients"."""
    match = _PEOPLE.search(text)
    if not match:
        return None
    return _number(match["count"])


def _number(count: str) -> int | None:
    """ "1,200" -> 1200; "Sixty" -> 60; "one hundred and twenty" -> 120."""
    count = count.lower()
    if count[0].isdigit():
        return int(count.replace(",", ""))
    total = 0
    for word in re.split(r"[- ]", count):
        if word == "hundred":  # "one hundred (and) twenty"
            total = max(total, 1) * 100
        else:
            total += _TENS.get(word, _NUMBER_WORDS.get(word, 0))
    return total or None


def countries_in_prose(text: str) -> list[str]:
    """Countries of "This study is taking place in Melbourne, Australia."."""
    found: list[str] = []
    for match in _PLACE.finditer(text):
        place = match["place"].strip()
        for part in [place, *re.split(r",\s*|\s+and\s+", place)]:
            code = country_code(part.strip())
            if code and code not in found:
                found.append(code)
        found += [code for code in countries_in_run(place) if code not in found]
    return found


# "... elderly patients suffering from knee osteoarthritis (OA)": the disease a summary names
# for the people it treats (read only where a page has neither a title nor a conditions field).
_PEOPLE_WITH = re.compile(
    r"\b(?:patients|subjects|participants|people|adults|children)\s+(?:\w+\s+){0,2}?"
    r"(?:suffering from|diagnosed with|with)\s+(?P<condition>[A-Za-z][\w' -]{3,60}?)"
    r"(?=\s*(?:\(|,|\.|;|$|\s(?:who|that|which|at|and|are|were|will)\b))",
    re.IGNORECASE,
)


def condition_in_summary(summary: str) -> str:
    """The disease a summary's people are said to have ("patients suffering from X")."""
    match = _PEOPLE_WITH.search(summary[:1000])
    return match["condition"].strip() if match else ""


def condition_in_title(title: str) -> str:
    """The disease a title names after "in"/"for"/"with" ("... in Parkinson's disease")."""
    title = title[:400]
    treated = _TREATMENT_OF.match(title)
    if treated and not _CONDITION_STOP.match(treated["condition"]):
        return treated["condition"]
    for lead in _CONDITION_LEAD.finditer(title):
        if _CO_INTERVENTION.search(title, 0, lead.start()):
            continue  # "in combination with surgery": what is given beside, not the disease
        match = _CONDITION_IN_TITLE.match(title, lead.start())
        if not match:
            bracketed = _CONDITION_BEFORE_BRACKET.match(title, lead.start())
            if bracketed and not _CONDITION_STOP.match(bracketed["condition"]):
                condition, bracket = bracketed["condition"].strip(" ."), bracketed["bracket"]
                if not _CONDITION_LEAD.search(condition) and names_the_disease(condition, bracket):
                    return f"{condition} ({bracket.strip()})"
            continue
        # "... fractures requiring secondary surgery": the clause after the disease is no part
        whole = match["condition"].strip(" .")
        condition = _CONDITION_CLAUSE.split(whole, 1)[0].strip(" .")
        condition = _PEOPLE_AFTER.sub("", condition)
        if _CONDITION_STOP.match(condition) or len(condition) < 4:
            continue
        if _CONDITION_LEAD.search(condition):
            continue  # a later "in" holds the disease
        bracket = (match["bracket"] or "").strip()
        # a bracket right after the disease (not after a clause or the people cut off)
        if bracket and condition == whole and names_the_disease(condition, bracket):
            return f"{condition} ({bracket})"
        return condition
    return ""


_INITIALS_WORD = re.compile(r"[A-Za-z][\w'-]*")


def names_the_disease(condition: str, bracket: str) -> bool:
    """Whether a bracket after a disease is another name of it ("(COVID-19)", "(ARDS)", the
    initials of its words) rather than the trial's acronym ("(CARLOS)", "(N3D)")."""
    if area_of(bracket):
        return True
    letters = re.sub(r"[^a-z]", "", bracket.lower())
    initials = "".join(word[0] for word in _INITIALS_WORD.findall(condition)).lower()
    return len(letters) >= 2 and initials.endswith(letters)


_HEALTHY_VOLUNTEERS = re.compile(
    r"\b(?:in|among|on|involving)\s+(?:\w+\s+){0,2}healthy\s+(?:adult\s+|human\s+|male\s+"
    r"|female\s+|elderly\s+)?(?:volunteers|subjects|participants)\b",
    re.IGNORECASE,
)


def healthy_volunteers_in(title: str) -> bool | None:
    """True when a title says the trial is done in healthy volunteers ("... in Healthy Adult
    Volunteers"); None when it does not say."""
    return True if _HEALTHY_VOLUNTEERS.search(title) else None


# How a news item says where its trial stands: "Enrolment is now open", "first patient dosed"
# (recruiting); "Patients ... will be recruited", "prepare to conduct" (not yet recruiting).
_NEWS_STATUS = (
    (
        re.compile(
            r"\b(?:enrol(?:l)?ment|recruitment)\s+(?:is\s+)?(?:now\s+)?(?:open|underway|ongoing)\b"
            r"|\b(?:is|are|has\s+begun|began|started|now)\s+(?:actively\s+)?"
            r"(?:recruiting|enrolling)\b"
            r"|\bfirst\s+patients?\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+)?(?:enrolled"
            r"|dosed|treated|randomi[sz]ed)\b",
            re.IGNORECASE,
        ),
        "recruiting",
    ),
    (
        re.compile(
            r"\bwill\s+be\s+(?:recruited|enrolled)\b|\bwill\s+(?:begin|start)\s+(?:recruiting"
            r"|enrolling|enrol(?:l)?ment|recruitment)\b|\bprepar\w*\s+to\s+(?:conduct|launch|start"
            r"|begin)\b",
            re.IGNORECASE,
        ),
        "not_yet_recruiting",
    ),
)


def status_in_news(text: str) -> str | None:
    """Where a news item says its trial stands: "recruiting", "not_yet_recruiting" or None."""
    return next((status for pattern, status in _NEWS_STATUS if pattern.search(text)), None)


# "... a clinical trial using adult cardiac stem cells to treat heart disease."
_TREATS = re.compile(
    r"\b(?:to\s+treat|(?:for|in)\s+the\s+treatment\s+of)\s+(?P<condition>[^,;:.()]{4,80}?)"
    r"\s*(?:[,;:.]|\bin\s|\bwho\b|$)",
    re.IGNORECASE,
)


def condition_in_prose(text: str) -> str:
    """The disease the first sentence saying what a trial treats names, else ""."""
    for match in _TREATS.finditer(text):
        condition = _CONDITION_CLAUSE.split(match["condition"], 1)[0].strip()
        if not _CONDITION_STOP.match(condition) and len(condition.split()) <= 8:
            return condition
    return ""
