"""The parsed form of one source document, shared by every format parser.

Parsers are pure functions from text to ``ParsedTrial``: no ORM, no I/O, no clock.
Values of the vocabulary fields are the lowercase terms of
``shared/trial-record.schema.json`` (e.g. status "recruiting", phase "2").
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Any

from trials.parsers.record import (
    ParsedArm,
    ParsedContact,
    ParsedIntervention,
    ParsedLocation,
    ParsedOutcome,
    ParsedTrial,
    ParseError,
    RegistryIdentifier,
    ReviewFlag,
    TrialDates,
)
from trials.registries import primary_rank
from trials.text import clean_block, clean_line, search_key
from trials.vocab.countries import (
    countries_in_run,
    country_code,
    split_at_flag,
    split_city_country,
)
from trials.vocab.fields import lookup, phases_of, vocabulary_key

# ---------------------------------------------------------------------------------------------
# Helpers shared by the format parsers. Everything below is pure: text in, values out.
# ---------------------------------------------------------------------------------------------

# -- Text preparation -------------------------------------------------------------------------

# A backslash before ASCII punctuation is a markdown escape left by the copy ("\*", "\_");
# a backslash before anything else is the source's own ("> 1\2" keeps it).
_MARKDOWN_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~\\])")
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f]")
_LIST_MARKER = re.compile(
    r"^\s*(?:(?:[-–—*?>]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z]\)|\([a-z]\))\s+|[•·▪◦●○■□►➢]\s*)"
)
_TRAILING_SEPARATOR = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|;\s*\.)\s*$")


_ASCII_SPACES = re.compile(r"[ \t]+")


def clean(text: str) -> str:
    """``trials.text.clean_line``, with a fast path for ASCII text (nothing to fold)."""
    if text.isascii():
        if "\n" in text or "\t" in text or "  " in text:
            return _ASCII_SPACES.sub(" ", text.replace("\n", " ")).strip()
        return text.strip()  # most lines: no run of spaces to collapse
    return clean_line(text)


def text_key(text: str) -> str:
    """``trials.text.search_key``, with a fast path for ASCII text."""
    if text.isascii():
        return " ".join(text.casefold().split())
    return search_key(" ".join(text.split()))


def prepare(text: str) -> str:
    """Raw document text as parsers read it: NFC, "\\n" line ends, markdown escapes undone."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def has_marker(line: str) -> bool:
    return bool(_LIST_MARKER.match(line))


def strip_marker(line: str) -> str:
    """A list item without its bullet ("- ", "• ", "* ", "? ", "1. ", "a) ")."""
    return _LIST_MARKER.sub("", line, count=1).strip()


def clean_item(line: str) -> str:
    """A list item as stored: no bullet, clean text, no trailing ";" (a final "." stays)."""
    return _TRAILING_SEPARATOR.sub("", clean(strip_marker(line)))


def non_empty(lines: Iterable[str]) -> list[str]:
    return [line for line in (clean(line) for line in lines) if line]


def first_value(lines: Sequence[str]) -> str:
    for line in lines:
        if item := clean_item(line):
            return item
    return ""


def unique(items: Iterable[Any], key: Any = None) -> tuple:
    """Items in order, later duplicates (by ``key``, default text_key of str) dropped."""
    seen: set = set()
    kept = []
    for item in items:
        marker = key(item) if key else text_key(item) if isinstance(item, str) else item
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return tuple(kept)


# -- Registry identifiers ---------------------------------------------------------------------

# One alternative per id shape: (group name, registry, pattern whose named group is the id
# as the registry writes it). Where shapes overlap, the first wins (an EU CT number holds a
# EudraCT-shaped prefix; "JPRN-UMIN..." is read with its prefix dropped).
_REGISTRY_SHAPES = (
    ("nct", "nct", r"\b(?P<nct>NCT\d{8})(?!\d)"),
    ("eu_ct", "eu_ct", r"(?<![\d-])(?P<eu_ct>(?:19|20)\d{2}-5\d{5}-\d{2}-\d{2})(?![\d-])"),
    ("eudract", "eudract", r"(?:\bEUCTR|(?<![\d-]))(?P<eudract>(?:19|20)\d{2}-\d{6}-\d{2})"
                           r"(?:-[A-Z]{2,3}\b)?(?!-?\d)"),
    ("isrctn", "isrctn", r"\b(?P<isrctn>ISRCTN\s?\d{8})(?!\d)"),
    ("chictr", "chictr", r"\b(?P<chictr>ChiCTR-?(?:[A-Z]{2,4}-)?\d{6,12})(?!\d)"),
    ("ctri", "ctri", r"\b(?P<ctri>CTRI/\d{4}/\d{2,3}/\d{4,6})(?!\d)"),
    ("irct", "irct", r"\b(?P<irct>IRCT\d{6,}N\d{1,3})(?!\d)"),
    ("anzctr", "anzctr", r"\b(?P<anzctr>ACTRN\d{14})(?!\d)"),
    ("jprn_prefixed", "jprn", r"\bJPRN-(?P<jprn_prefixed>[A-Za-z]+-?[A-Za-z]*\d{5,})(?!\d)"),
    ("jprn", "jprn", r"\b(?P<jprn>UMIN\d{9}|jRCT[a-z]?\d{9,10}|JapicCTI-\d{6})(?!\d)"),
    ("drks", "drks", r"\b(?P<drks>DRKS\d{8})(?!\d)"),
    ("other", "other", r"\b(?P<other>NL-OMON\d{2,}|NTR\d{3,5}|NL\d{4,5}|KCT\d{7}|TCTR\d{11}"
                       r"|PACTR\d{15}|RBR-[0-9a-z]{6,8}|SLCTR/\d{4}/\d{3}|LBCTR\d{10}"
                       r"|RPCEC\d{8})(?!\d)"),
)  # fmt: skip
# Literal text each shape needs, so that absent shapes cost nothing. The two EU shapes
# are digits only: a quick search for the number both contain stands for their slower
# patterns (the look-behind at their start defeats the regex engine's prefix scan).
_EU_NUMBER = re.compile(r"(?:19|20)\d\d-\d{6}-\d\d")
_REGISTRY_HINTS = {
    "nct": ("NCT",), "eu_ct": _EU_NUMBER, "eudract": _EU_NUMBER, "isrctn": ("ISRCTN",),
    "chictr": ("ChiCTR",), "ctri": ("CTRI/",), "irct": ("IRCT",), "anzctr": ("ACTRN",),
    "jprn_prefixed": ("JPRN-",), "jprn": ("UMIN", "jRCT", "JapicCTI"), "drks": ("DRKS",),
    "other": ("NL", "NTR", "KCT", "TCTR", "PACTR", "RBR-", "SLCTR", "LBCTR", "RPCEC"),
}  # fmt: skip
_REGISTRY_PATTERNS = tuple(
    (name, registry, re.compile(p)) for name, registry, p in _REGISTRY_SHAPES
)


def registry_ids_in(text: str) -> list[RegistryIdentifier]:
    """Every registry id of a known registry in ``text``, in order of appearance."""
    if len(text) < _REMEMBERED_LENGTH:
        return list(_scan_registry_ids(text))
    return list(_remembered_registry_ids(text))


def _scan_registry_ids(text: str) -> tuple[RegistryIdentifier, ...]:
    found: list[tuple[int, RegistryIdentifier]] = []
    taken: list[tuple[int, int]] = []
    for name, registry, pattern in _REGISTRY_PATTERNS:
        hints = _REGISTRY_HINTS[name]
        if isinstance(hints, re.Pattern):
            if not hints.search(text):
                continue
        elif not any(hint in text for hint in hints):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            found.append((start, RegistryIdentifier(registry, re.sub(r"\s", "", match[name]))))
    return tuple(identifier for _, identifier in sorted(found, key=lambda pair: pair[0]))


# Detection and parsing both read a whole document's ids: the second reading is
# remembered, for the last few documents only (one may weigh megabytes).
_REMEMBERED_LENGTH = 1_000
_remembered_registry_ids = lru_cache(maxsize=4)(_scan_registry_ids)


_OTHER_ID = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][\w./:\-]{1,38}[A-Za-z0-9]$")
_ID_LABEL = re.compile(r"^[^:]{0,40}:\s*|\s*\([^)]*\)\s*$")


def identifiers_in_line(line: str) -> list[RegistryIdentifier]:
    """Ids on one line of an identifier list; an unknown id-shaped token is registry "other"."""
    text = clean_item(line)
    known = registry_ids_in(text)
    rest = text
    for identifier in known:
        rest = rest.replace(identifier.value, " ")
    rest = _ID_LABEL.sub("", rest.strip(" ,;")).strip(" ,;")
    others = [RegistryIdentifier("other", rest)] if _OTHER_ID.match(rest) and not known else []
    return known + others


def ordered_ids(identifiers: Iterable[RegistryIdentifier]) -> tuple[RegistryIdentifier, ...]:
    """Unique ids, the primary first: by registry priority (NCT first), then document order."""
    kept = unique(identifiers, key=lambda i: (i.registry, i.value.upper()))
    return tuple(sorted(kept, key=lambda identifier: primary_rank(identifier.registry)))


# -- Lists run together -----------------------------------------------------------------------

_ITEM_SEPARATORS = re.compile(r"\s*(?:[;|\n]|\s•\s)\s*")


_LOOK = 40  # how far item boundaries look around a capital: words are shorter than that


def _camel_segment_before(text: str, index: int) -> str:
    """The word part just before ``index``: lowercase letters and the capital heading them."""
    start, stop = index, max(0, index - _LOOK)
    while start > stop and text[start - 1].islower():
        start -= 1
    if start > 0 and text[start - 1].isupper():
        start -= 1
    return text[start:index]


def _word_shape(text: str, index: int) -> tuple[bool, bool, bool]:
    """What starts at ``text[index]``: a capitalised word ("Pneumonia"), an acronym
    ("COVID", "H1N1", "MSCs") or a mixed-case term ("IgA", "GvHD", "McArdle")."""
    limit = min(len(text), index + _LOOK)
    end = index + 1
    while end < limit and text[end].islower():
        end += 1
    capitalised = end - index >= 3
    mixed = end - index in (2, 3) and end < limit and (text[end].isupper() or text[end].isdigit())
    end = index
    while end < limit and (text[end].isupper() or text[end].isdigit()):
        end += 1
    plural = text[end : end + 1] == "s" and not text[end + 1 : end + 2].isalpha()
    if end < len(text) and text[end].islower() and not plural:
        end -= 1  # the last capital starts the next word: "COVIDCoronavirus"
    letters = sum(ch.isalpha() for ch in text[index:end])
    return capitalised, letters >= 2, mixed


def _starts_item(text: str, index: int) -> bool:
    """Whether a new item starts at ``text[index]`` in a list run together without separators.

    A capitalised word, an acronym or a mixed-case term glued to a lowercase word of three
    letters or more starts an item ("PneumoniaCOVID", "DiseaseIgA"), as does a capitalised
    word after a digit or an acronym ("Covid-19Pneumonia", "COVIDCoronavirus"). Words that
    are themselves mixed-case stay whole: "iPSC", "McDonald", "GvHD", "CoV2", "HbA1c", "MSCs".
    """
    char, before = text[index], text[index - 1]
    if not char.isupper():
        return False
    capitalised, acronym, mixed = _word_shape(text, index)
    if before.isdigit() or before == ")":
        return capitalised
    if before.islower():
        segment = len(_camel_segment_before(text, index))
        return (capitalised or acronym or mixed) and segment >= 3
    if before.isupper():
        return capitalised and index >= 2 and text[index - 2].isupper()
    return False


def split_run_together(text: str) -> list[str]:
    """Items of a list whose separators the copy lost.

    "COVIDCoronavirusPneumoniaPneumonia, ViralCovid-19" -> COVID | Coronavirus | Pneumonia |
    Pneumonia, Viral | Covid-19. Items are also split at ";", "|" and line breaks, never at
    ", " (MeSH-style "Pneumonia, Viral" is one item).
    """
    items: list[str] = []
    for chunk in _ITEM_SEPARATORS.split(text):
        chunk = clean(strip_marker(chunk))
        start = 0
        for index in range(1, len(chunk)):
            if _starts_item(chunk, index):
                items.append(chunk[start:index])
                start = index
        items.append(chunk[start:])
    return [item for item in (clean_item(item) for item in items) if item]


_TYPED_PREFIX = re.compile(
    r"(?P<type>Biological/Vaccine|Procedure/Surgery|Biological|Drug|Device|Procedure|Genetic"
    r"|Radiation|Behaviou?ral|Dietary Supplement|Combination Product|Diagnostic Test|Other)"
    r"\s*:\s*",
    re.IGNORECASE,
)


_TYPE_PREFIX = _TYPED_PREFIX.pattern.replace("?P<type>", "?:")


def typed_items(text: str) -> list[tuple[str | None, str]]:
    """("biological", name) pairs from "Biological: AOther: B" or one item per line."""
    pairs: list[tuple[str | None, str]] = []
    for chunk in re.split(r"\s*[\n;|]\s*", text):
        chunk = clean(strip_marker(chunk))
        matches = [
            m
            for m in _TYPED_PREFIX.finditer(chunk)
            if m.start() == 0 or not chunk[m.start() - 1].isalpha() or m["type"][0].isupper()
        ]
        if not matches:
            if item := clean_item(chunk):
                pairs.append((None, item))
            continue
        if head := clean_item(chunk[: matches[0].start()]):
            pairs.append((None, head))
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            name = clean_item(chunk[match.end() : following.start() if following else None])
            if name:
                pairs.append((lookup("intervention_type", match["type"]), name))
    return pairs


def interventions_of(text: str) -> list[ParsedIntervention]:
    return [ParsedIntervention(name=name, type=kind) for kind, name in typed_items(text)]


# -- Numbers: ages, enrollment, dates, yes/no -------------------------------------------------

_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 7 / 365.25, "d": 1 / 365.25, "h": 1 / 8766}
_AGE_UNIT = r"(?:years?|yrs?|y\.?o\.?|months?|mos?|weeks?|wks?|days?)\b"
_NUMBER = r"\d{1,3}(?:[.,]\d+)?"
_AGE_RANGE = re.compile(
    rf"(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?\s*(?:-|–|—|to|and|until)\s*"
    rf"(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?",
    re.IGNORECASE,
)
_AGE_MIN = re.compile(
    rf"(?:(?:≥|>=|=>|>|=|at least|older than|over|above|minimum(?: age)?(?: of)?|from)\s*"
    rf"(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?)"
    rf"|(?:(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?(?:\s*of age)?\s*"
    r"(?:\+|(?:and|or) (?:older|over|above|more)))",
    re.IGNORECASE,
)
_AGE_MAX = re.compile(
    rf"(?:(?:≤|<=|=<|<|under|younger than|below|up to|maximum(?: age)?(?: of)?)\s*"
    rf"(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?)"
    rf"|(?:(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?\s*(?:and|or) (?:younger|under|below|less))",
    re.IGNORECASE,
)
_AGE_CONTEXT = re.compile(r"\bage[ds]?\b|\b(?:years?|yrs?) old\b|\by\.?o\.?\b", re.IGNORECASE)


def _years(number: str, unit: str | None) -> float:
    value = float(number.replace(",", "."))
    factor = _UNIT_YEARS.get((unit or "y").lower()[0], 1.0)
    if unit and unit.lower().startswith("mo"):
        factor = _UNIT_YEARS["m"]
    return round(value * factor, 2)


def age_value(text: str) -> float | None:
    """One age field ("18 Years", "6 Months", "N/A") in years, or None."""
    match = re.search(rf"(?P<a>{_NUMBER})\s*(?P<u>{_AGE_UNIT})?", text, re.IGNORECASE)
    return _years(match["a"], match["u"]) if match else None


def age_bounds(text: str, *, need_context: bool = False) -> tuple[float | None, float | None]:
    """(min, max) in years from "18 to 80 years old", "18 Years and older", "Up to 17 years".

    With ``need_context`` (a criterion rather than an age field), only a text that speaks of
    age ("age 18-50 years", "aged 18 or older") counts, and a unit is required.
    """
    if need_context and not _AGE_CONTEXT.search(text):
        return None, None
    if (match := _AGE_RANGE.search(text)) and (not need_context or match["ub"]):
        low, high = _years(match["a"], match["ua"] or match["ub"]), _years(match["b"], match["ub"])
        if low <= high:
            return low, high
    low = high = None
    if (match := _AGE_MIN.search(text)) and _plausible_age(text, match, need_context):
        low = _years(match["a"] or match["b"], match["ua"] or match["ub"])
    if (match := _AGE_MAX.search(text)) and _plausible_age(text, match, need_context):
        high = _years(match["a"] or match["b"], match["ua"] or match["ub"])
    if low is not None and high is not None and low > high:
        return None, None
    return low, high


def _plausible_age(text: str, match: re.Match[str], need_context: bool) -> bool:
    """In a criterion, a bound needs a unit or the word "age" just before it."""
    if not need_context or match["ua"] or match["ub"]:
        return True
    return bool(re.search(r"\bage[ds]?\b", text[max(0, match.start() - 12) : match.start()], re.I))


def enrollment_of(text: str, qualifier: str = "") -> tuple[int | None, str | None]:
    """(count, "estimated"/"actual"/None) from "40 estimated patients", "1,200 (Actual)"."""
    groups = re.findall(r"[^:;\d]+:\s*(\d+)\s*(?:;|$)", text)
    match = re.search(r"\d{1,3}(?:[,.  ]\d{3})+(?!\d)|\d+", text)
    count = int(re.sub(r"\D", "", match.group(0))) if match else None
    if len(groups) > 1:  # "MSC group:60;Control group:60;" (WHO ICTRP)
        count = sum(int(group) for group in groups)
    kind = None
    for word in re.findall(r"[A-Za-z]+", f"{qualifier} {text}"):
        if kind := lookup("enrollment_type", word):
            break
    return count, kind


def yes_no(text: str) -> bool | None:
    """Healthy volunteers: "No Healthy Volunteers"/"No" -> False, "Accepts ..."/"Yes" -> True."""
    key = vocabulary_key(text)
    if re.search(r"\b(?:no|not|does not|false|non)\b", key):
        return False
    if re.search(r"\b(?:yes|accepts?|accepted|true|healthy volunteers)\b", key):
        return True
    return None


_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            "jan january gennaio", "feb february febbraio", "mar march marzo",
            "apr april aprile", "may maggio", "jun june giugno", "jul july luglio",
            "aug august agosto", "sep sept september settembre", "oct october ottobre",
            "nov november novembre", "dec december dicembre",
        ),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?(?!\d)"),
    re.compile(
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[\s,-]+(?P<year>(?:19|20)\d{{2}})"
    ),
    re.compile(
        rf"{_MONTH}\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d{{2}})"
    ),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)\d{2})"),
)


def date_of(text: str) -> str | None:
    """ "2020-05-15", "May 15, 2020", "15 May 2020", "May 2020", "15/05/2020" -> ISO (or YYYY-MM).

    Numeric day/month dates are read day first (as ICTRP and European pages write them)
    unless that is impossible.
    """
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month_text = match["month"]
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
            day = int(match["day"]) if match["day"] else None
            if pattern is _DATE_PATTERNS[3] and month and month > 12 and day and day <= 12:
                day, month = month, day
            if not month or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            year = match["year"]
            return f"{year}-{month:02d}-{day:02d}" if day else f"{year}-{month:02d}"
    return None


# -- Outcomes: flattened "Name Time Method" rows ----------------------------------------------

# Decimals take "." only: "1,5" read as a decimal or as a list would make the patterns
# below backtrack exponentially on long runs of numbers.
_COUNT = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|eighteen|twenty|thirty|sixty|ninety)"
)
_TIME_UNIT = r"(?:years?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|yrs?)\b"
_AMOUNT = rf"{_COUNT}(?:\s*(?:-|–|to|and|or|,)\s*{_COUNT}){{0,12}}[\s-]*{_TIME_UNIT}"
_POINT = rf"(?:[Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear|[Vv]isit)\s*{_COUNT}\b"
_TIME_CORE = (
    rf"(?:{_AMOUNT}|{_POINT})(?:\s*(?:,|and|to|through|-|–)\s*(?:{_AMOUNT}|{_POINT})){{0,8}}"
)
_TIME_LEAD = (
    r"(?:(?:[Bb]aseline|[Ss]creening|[Pp]re-?treatment)\s*(?:,|and|to|through|until|-|–)?\s*"
    r"|(?:[Uu]p to|[Tt]hrough|[Ww]ithin|[Ff]rom baseline (?:to|through|until)|[Uu]ntil|[Aa]t)\s+)"
    r"{0,3}"
)
_TIME_FRAME = re.compile(
    rf"{_TIME_LEAD}{_TIME_CORE}"
    r"|(?:[Tt]hrough|[Uu]ntil|[Uu]p to) (?:the )?"
    r"(?:study completion|end of (?:the )?(?:study|treatment|follow-up))"
    rf"(?:,? (?:an average of|approximately|about) {_AMOUNT})?"
)
_LOWER_WORD = re.compile(r"\s+(?=[a-z(])[^\s]+")
_DANGLING = re.compile(
    r"\b(?:at|to|of|from|within|after|by|for|until|over|during|in|on|between|than|the|and|or)$",
    re.IGNORECASE,
)
_OUTCOME_HEADER = re.compile(
    r"^\s*(?:Name\s+Time\s+Method|Outcome\s+Measure\s+Measure\s+Description\s+Time\s+Frame)\s*",
    re.IGNORECASE,
)
_INLINE_TIME = re.compile(r"[;,.]?\s*(?:Time ?frame|Time ?points?|Timepoints?)\s*:\s*", re.I)


def split_time_frame(row: str) -> tuple[str, str, str] | None:
    """(measure, time frame, description) of one flattened outcome row, or None.

    The time frame is the first time phrase ("1 year", "Baseline, 6 months", "Day 28",
    "12 months after surgery") that has a measure before it (not ending in "at", "of"...)
    and, after it, either nothing or a new capitalised cell.
    """
    for match in _TIME_FRAME.finditer(row):
        measure = row[: match.start()].strip(" ,;:-")
        end = match.end()
        while (word := _LOWER_WORD.match(row, end)) and not re.match(r"\s+\d", word.group(0)):
            end = word.end()
        rest = row[end:].strip(" ,;:-")
        if not measure or _DANGLING.search(measure):
            continue
        if rest and (rest[0].islower() or rest[0].isdigit()):
            continue
        return measure, row[match.start() : end].strip(" ,;"), rest
    return None


def outcome_of(row: str) -> tuple[ParsedOutcome, bool]:
    """One outcome from a row: (outcome, whether the row split cleanly into its cells)."""
    row = strip_marker(_OUTCOME_HEADER.sub("", row))
    cells = [clean(cell) for cell in row.split("\t") if cell.strip()]
    row = clean(row)
    if len(cells) > 1:
        time_cells = [cell for cell in cells if _TIME_FRAME.match(cell)]
        time = time_cells[-1] if time_cells else ""
        others = [cell for cell in cells if cell != time] or [time]
        return ParsedOutcome(others[0], time, " ".join(others[1:])), bool(time)
    parts = _INLINE_TIME.split(row, maxsplit=1)
    if len(parts) == 2:
        time, _sep, description = parts[1].partition(";")
        return ParsedOutcome(parts[0].strip(" ;,"), time.strip(" ;,."), description.strip()), True
    split = split_time_frame(row)
    if split is None:
        return ParsedOutcome(row), False
    return ParsedOutcome(*split), True


def outcomes_of(lines: Sequence[str]) -> tuple[list[ParsedOutcome], list[str]]:
    """Outcomes from table rows (one per line); also the rows that did not split."""
    outcomes, doubtful = [], []
    for line in lines:
        if not clean(_OUTCOME_HEADER.sub("", line)):
            continue
        outcome, split = outcome_of(line)
        if outcome.measure:
            outcomes.append(outcome)
            if not split:
                doubtful.append(outcome.measure)
    return outcomes, doubtful


# -- Arms: flattened "Group Intervention Description" tables ----------------------------------

_ARM_HEADER = re.compile(
    r"^\s*(?:Participant\s+)?(?:Group|Arm)(?:\s*/\s*(?:Arm|Cohort))?\s+"
    r"Interventions?(?:\s*/\s*Treatments?)?\s+Description\s*",
    re.IGNORECASE,
)
_MAX_ROWS_SEARCHED = 13  # 2**12 groupings of table rows at most


def _anchors(table: str, names: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where each intervention name (perhaps typed: "Drug: X") occurs as a whole cell (exact
    case first), in order."""
    for flags in (0, re.IGNORECASE):
        spans: list[tuple[int, int, str]] = []
        for name in sorted(unique(names), key=len, reverse=True):
            pattern = re.compile(
                rf"(?<!\w)(?:{_TYPE_PREFIX})?{re.escape(clean(name))}(?!\w)", flags
            )
            for match in pattern.finditer(table):
                if not any(match.start() < end and start < match.end() for start, end, _ in spans):
                    spans.append((match.start(), match.end(), name))
        if spans:
            return sorted(spans)
    return []


def _solve_groups(
    gaps: Sequence[str], pattern: Sequence[bool]
) -> tuple[list[str | None], list[str | None], int] | None:
    """Labels and descriptions of row groups for one grouping of the rows, or None.

    ``pattern[i]`` says whether row i+1 starts a new group. Gap 0 is the first label, the
    last gap the last description, and every gap between two intervention cells is
    "description of the row before" + "label of the row after"; rows of one group repeat
    both. Returns (labels, descriptions, number of gaps left unsplit) or None on conflict.
    """
    group = [0]
    for new in pattern:
        group.append(group[-1] + new)
    labels: list[str | None] = [None] * (group[-1] + 1)
    descriptions: list[str | None] = [None] * (group[-1] + 1)
    labels[0], descriptions[-1] = gaps[0], gaps[-1]
    equations = [(gaps[i], group[i - 1], group[i]) for i in range(1, len(gaps) - 1)]
    changed = True
    while changed:
        changed = False
        for gap, d, g in equations:
            description, label = descriptions[d], labels[g]
            if description is not None and label is not None:
                if gap != f"{description} {label}".strip():
                    return None
            elif description is not None:
                if not (gap.startswith(description + " ") or not description):
                    return None
                labels[g], changed = gap[len(description) :].strip(), True
            elif label is not None:
                if not (gap.endswith(" " + label) or gap == label):
                    return None
                descriptions[d], changed = gap[: len(gap) - len(label)].strip(), True
    if any(label == "" for label in labels):
        return None
    unsplit = sum(1 for _, d, g in equations if descriptions[d] is None and labels[g] is None)
    return labels, descriptions, unsplit


def _guess_split(gap: str) -> tuple[str, str]:
    """Description and next label of a gap nothing else explains: split at a sentence end,
    else before the last capitalised word."""
    sentence = list(re.finditer(r"[.!?]\s+(?=[A-Z])", gap))
    if sentence:
        return gap[: sentence[-1].start() + 1], gap[sentence[-1].end() :]
    capital = list(re.finditer(r"(?<=[a-z0-9)])\s+(?=[A-Z])", gap))
    if capital:
        return gap[: capital[-1].start()], gap[capital[-1].end() :]
    return "", gap


def arms_from_table(table: str, names: Sequence[str]) -> tuple[list[ParsedArm], bool]:
    """Arms from a flattened "Group Intervention Description" table, one row per
    (group, intervention) pair, using the known intervention names as anchors.

    Returns (arms, doubtful); ``doubtful`` is True when the rows could not be split in
    exactly one consistent way (a curator should check the arms). When a name also occurs
    inside a description, the reading without that occurrence is tried too.
    """
    table = clean(_ARM_HEADER.sub("", clean(table)))
    anchors = _anchors(table, names)
    if not table or not anchors:
        return [], bool(table)
    best = _grouping(table, anchors)
    tie = False
    if (best is None or best[0] != (0, False)) and len(anchors) <= _MAX_ROWS_SEARCHED:
        # A name met again inside a description: try without each such occurrence, the
        # later ones first (descriptions follow their intervention cell).
        repeated = [a for a in anchors if sum(b[2] == a[2] for b in anchors) > 1]
        for dropped in reversed(repeated):
            other = _grouping(table, [a for a in anchors if a != dropped])
            if other and best and other[0] == best[0]:
                tie = True
            elif other and (best is None or other[0] < best[0]):
                best, tie = other, False
    if best is None:
        return [], True
    (unsplit, ambiguous), arms = best
    return arms, bool(unsplit) or ambiguous or tie


def _grouping(
    table: str, anchors: list[tuple[int, int, str]]
) -> tuple[tuple[int, bool], list[ParsedArm]] | None:
    """The best reading of the table with these anchors: ((unsplit gaps, tie), arms)."""
    gaps = [table[: anchors[0][0]].strip()]
    gaps += [table[a[1] : b[0]].strip() for a, b in zip(anchors, anchors[1:], strict=False)]
    gaps.append(table[anchors[-1][1] :].strip())
    rows = len(anchors)
    if rows > _MAX_ROWS_SEARCHED:
        patterns: Iterable[tuple[bool, ...]] = [(True,) * (rows - 1)]
    else:
        patterns = product((False, True), repeat=rows - 1)
    solutions = []
    for pattern in patterns:
        if solved := _solve_groups(gaps, pattern):
            solutions.append(((solved[2], len(solved[0])), pattern, solved))
    if not solutions:
        return None
    solutions.sort(key=lambda solution: solution[0])
    score, pattern, (labels, descriptions, unsplit) = solutions[0]
    tie = len(solutions) > 1 and solutions[1][0] == score
    group = [0]
    for new in pattern:
        group.append(group[-1] + new)
    for i in range(1, rows):
        if descriptions[group[i - 1]] is None and labels[group[i]] is None:
            descriptions[group[i - 1]], labels[group[i]] = _guess_split(gaps[i])
    arms: dict[int, ParsedArm] = {}
    for row, (_start, _end, name) in enumerate(anchors):
        g = group[row]
        arm = arms.get(g) or ParsedArm(labels[g] or "", description=descriptions[g] or "")
        arms[g] = replace(arm, interventions=unique((*arm.interventions, name)))
    return (unsplit, tie), [arm for arm in arms.values() if arm.label]


# -- Locations and contacts -------------------------------------------------------------------

_INSTITUTION = re.compile(
    r"hospital|universit|institut|clinic|cent(?:er|re)|ospedale|h[oô]pital|klinik|foundation"
    r"|fondazione|medical|research|college|school|department|faculty|laborator",
    re.IGNORECASE,
)
_LOCATION_NOISE = re.compile(
    r"^(?:locations?\s*(?:\(\d+\))?|\d+|loading\.*|show (?:more|less)|see all.*|recruiting"
    r"|not yet recruiting|completed|active, not recruiting|withdrawn|terminated|site)$",
    re.IGNORECASE,
)


def location_of(line: str, facility: str = "") -> ParsedLocation | None:
    """A site from "Minsk, Belarus", "🇧🇾Minsk, Belarus", "Institute X🇧🇾Minsk, Belarus" or
    "Hospital Clinic, Barcelona, Spain"; None when the line names no country."""
    before, flag, _after = split_at_flag(line)
    if flag:
        facility = clean(before) or facility
    parsed = split_city_country(line if not flag else line[len(before) :])
    if parsed is None:
        return None
    city, country = parsed
    parts = [part.strip() for part in line.split(",")]
    if not flag and not facility and len(parts) >= 3 and _INSTITUTION.search(parts[0]):
        facility, city = parts[0], parts[1]
    return ParsedLocation(clean(facility), clean(city), country)


def locations_of(lines: Sequence[str]) -> list[ParsedLocation]:
    """Sites from a locations block: facility lines each followed by a "City, Country" line
    (or both on one line); a site listed twice is kept once."""
    found: list[ParsedLocation] = []
    pending = ""
    for raw in lines:
        line = clean(strip_marker(raw))
        if not line or _LOCATION_NOISE.match(line):
            continue
        location = location_of(line, pending)
        if location is None:
            pending = line
            continue
        found.append(location)
        pending = ""
    return list(unique(found, key=_location_key))


def _location_key(location: ParsedLocation) -> tuple[str, str, str]:
    return text_key(location.facility), text_key(location.city), location.country


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b)\d[\d ().-]{6,}\d(?:\s*(?:ext\.?|x)\s*\d+)?")
_CONTACT_NOISE = re.compile(
    r"^(?:contact(?:s)?|e-?mail|phone|telephone|tel|loading\.*|show (?:more|less)|\d+"
    r"|central (?:trial )?contacts?|study contact(?: backup)?)\s*:?$"
    r"|^(?:address|affiliation|zip(?: code)?|postal code|city|country|fax|department"
    r"|organi[sz]ation|position)\s*:",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"^(?:contact(?: person)?|name|e-?mail(?: address)?|(?:tele)?phone(?: number)?|tel|mobile"
    r"|fax)\s*:\s*",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r",?\s*\b(principal investigator|study director|study chair|sub-?investigator"
    r"|scientific contact|public contact|study contact(?: backup)?)\b\s*$",
    re.IGNORECASE,
)


def contacts_of(lines: Sequence[str]) -> list[ParsedContact]:
    """Contacts from a contact block: a name line, then its e-mail / phone lines."""
    contacts: list[ParsedContact] = []
    for raw in lines:
        line = clean(strip_marker(raw))
        if not line or _CONTACT_NOISE.match(line):
            continue
        email = _EMAIL.search(line)
        phone = _PHONE.search(_EMAIL.sub(" ", line))
        name = clean(_PHONE.sub(" ", _EMAIL.sub(" ", _CONTACT_LABEL.sub("", line))))
        name = name.strip(" ,;:")
        if (email or phone) and contacts and (not name or len(name) < 3):
            last = contacts[-1]
            contacts[-1] = replace(
                last,
                email=last.email or (email.group(0) if email else ""),
                phone=last.phone or (phone.group(0).strip() if phone else ""),
            )
            continue
        if not name or len(name.split()) > 10:
            continue
        role = _ROLE.search(name)
        contacts.append(
            ParsedContact(
                name=_ROLE.sub("", name).strip(" ,") or name,
                role=role.group(1) if role else "",
                email=email.group(0) if email else "",
                phone=phone.group(0).strip() if phone else "",
            )
        )
    return contacts


# -- Labelled sections ------------------------------------------------------------------------


_AMPERSANDS = re.compile(r"&+")


# Documents repeat the same few hundred labels: each line is tried as a label.
@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A label as matched: like a vocabulary key, "&" read as "and" ("Study & Design")."""
    return vocabulary_key(_AMPERSANDS.sub(" and ", text) if "&" in text else text)


# Label wordings (as label keys) -> section keys, shared by the label-driven parsers.
# Keys starting with "@" are group headings ("Recruitment & Eligibility"); "ignore" sections
# are known page furniture whose lines are dropped.
LABELS: dict[str, str] = {
    label_key(wording): key
    for key, wordings in {
        "title": ("Brief Title", "Public Title", "Title", "Study Title", "Trial Title"),
        "official_title": ("Official Title", "Scientific Title", "Full Title"),
        "acronym": ("Acronym", "Study Acronym"),
        "conditions": ("Conditions", "Condition", "Health Condition(s) or Problem(s) studied",
                       "Health Condition or Problem studied", "Conditions studied",
                       "Condition studied", "Disease", "Diseases"),
        "interventions": ("Interventions", "Intervention", "Intervention / Treatment",
                          "Intervention/Treatment", "Intervention(s)", "Treatments",
                          "Intervention Type"),
        "registry_ids": ("Registration Number", "Registration Numbers", "Registry ID",
                         "NCT Number", "NCT ID", "ClinicalTrials.gov ID", "Main ID", "Trial ID",
                         "Study ID", "EU CT number", "EudraCT Number", "Registry Number"),
        "other_ids": ("Other Study ID Numbers", "Other IDs", "Secondary IDs", "Secondary ID(s)",
                      "Secondary ID", "Identifiers", "Other Identifiers", "Protocol Number",
                      "Sponsor Protocol Number", "Org Study ID"),
        "brief_summary": ("Brief Summary", "Summary", "Brief description", "Lay Summary",
                          "Plain Language Summary"),
        "detailed_description": ("Detailed Description", "Description of the study"),
        "status": ("Status", "Recruitment Status", "Overall Status", "Trial Status",
                   "Study Status", "Recruitment"),
        "sex": ("Sex", "Gender", "Sexes Eligible for Study", "Sexes Eligible", "Sex/Gender"),
        "enrollment": ("Target Recruitment", "Enrollment", "Enrolment", "Target Enrollment",
                       "Target sample size", "Sample Size", "Number of participants",
                       "Planned enrollment", "Actual Enrollment", "Estimated Enrollment"),
        "ages": ("Ages", "Age", "Age Range", "Eligible Ages", "Ages Eligible for Study",
                 "Age Eligible", "Age Group"),
        "min_age": ("Minimum Age", "Age minimum", "Inclusion age min", "Min Age"),
        "max_age": ("Maximum Age", "Age maximum", "Inclusion age max", "Max Age"),
        "healthy_volunteers": ("Healthy Volunteers", "Accepts Healthy Volunteers",
                               "Accepts Healthy Volunteers?", "Volunteers"),
        "inclusion": ("Inclusion Criteria", "Key Inclusion Criteria", "Inclusion criteria"),
        "exclusion": ("Exclusion Criteria", "Key Exclusion Criteria"),
        "criteria": ("Eligibility Criteria", "Criteria", "Key inclusion & exclusion criteria",
                     "Inclusion & Exclusion Criteria", "Inclusion and Exclusion Criteria"),
        "study_type": ("Study Type", "Type of Study", "Study type"),
        "design": ("Study Design", "Design", "Design Details", "Study Design Info"),
        "allocation": ("Allocation",),
        "masking": ("Masking", "Blinding", "Masking (Blinding)"),
        "intervention_model": ("Intervention Model", "Interventional Model",
                               "Intervention Model Description"),
        "primary_purpose": ("Primary Purpose", "Purpose"),
        "phases": ("Phase", "Phases", "Study Phase", "Trial Phase"),
        "arms": ("Arm && Interventions", "Arms & Interventions", "Arm & Interventions",
                 "Arms and Interventions", "Arm Groups", "Arms"),
        "primary_outcomes": ("Primary Outcome Measures", "Primary Outcome Measure",
                             "Primary Outcome", "Primary Outcomes", "Primary Outcome(s)",
                             "Primary Endpoint", "Primary Endpoints", "Primary end point(s)"),
        "secondary_outcomes": ("Secondary Outcome Measures", "Secondary Outcome Measure",
                               "Secondary Outcome", "Secondary Outcomes",
                               "Secondary Outcome(s)", "Secondary Endpoints",
                               "Secondary end point(s)"),
        "locations": ("Locations", "Location", "Study Locations", "Sites", "Study Sites",
                      "Trial Sites", "Contacts and Locations"),
        "countries": ("Countries", "Countries of recruitment", "Location Countries",
                      "Country", "Recruitment Countries"),
        "sponsor": ("Lead Sponsor", "Sponsor", "Primary Sponsor", "Sponsor/Collaborators",
                    "Responsible Party"),
        "collaborators": ("Collaborators", "Collaborator", "Secondary Sponsor(s)",
                          "Secondary Sponsor", "Source(s) of Monetary Support"),
        "contacts": ("Central Contact", "Central Contacts", "Contacts",
                     "Central Contact Person", "Study Contact", "Contact Information"),
        "start": ("Start Date", "Study Start", "Study Start Date", "Date of first enrolment",
                  "Actual Study Start Date", "Trial start date"),
        "primary_completion": ("Primary Completion Date", "Primary Completion",
                               "Actual Primary Completion Date"),
        "completion": ("Completion Date", "Study Completion", "Study Completion Date",
                       "Actual Study Completion Date", "Trial end date"),
        "first_posted": ("First Posted", "First Posted Date", "Date of registration",
                         "Registration Date", "Study First Posted", "Date registered"),
        "last_update": ("Last Update Posted", "Last Updated", "Last Update Posted Date",
                        "Last Refreshed on", "Last Update", "Record Last Updated"),
        "@recruitment": ("Recruitment & Eligibility", "Recruitment and Eligibility",
                         "Eligibility", "Participation Criteria"),
        "@design": ("Study & Design", "Study and Design", "Study Plan"),
        "@locations": ("Trial Locations",),
        "ignore": ("Collaborators and Investigators", "Study Record Dates", "Study Overview",
                   "Information provided by", "More Information", "Publications",
                   "Resource links provided by the National Library of Medicine",
                   "Ethics review", "Results", "Results information", "Glossary",
                   "References", "Citations", "Documents"),
    }.items()
    for wording in wordings
}  # fmt: skip

# Fields that hold one value: further lines under such a label are not its value.
SINGLE_VALUED = frozenset(
    {"title", "official_title", "acronym", "status", "sex", "enrollment", "ages", "min_age",
     "max_age", "healthy_volunteers", "study_type", "allocation", "masking",
     "intervention_model", "primary_purpose", "sponsor", "start", "primary_completion",
     "completion", "first_posted", "last_update"}
)  # fmt: skip

_LABEL_WHOLE = re.compile(r"^(?P<label>[^:\t]{1,80}?)\s*(?:\((?P<q>[^()]{0,40})\))?\s*[:：]?$")
_LABEL_INLINE = re.compile(
    r"^(?P<label>[^:\t]{1,60}?)\s*(?:\((?P<q>[^()]{0,40})\))?\s*(?:[:：]|\t)\s*(?P<value>.+)$"
)
_HEADING_MARKUP = re.compile(r"^#{1,6}\s+|^\*\*|\*\*$")


@dataclass
class Section:
    """The lines under one label; ``qualifier`` is its bracket ("Enrollment (Estimated)")."""

    key: str
    label: str
    qualifier: str = ""
    lines: list[str] = field(default_factory=list)
    group: str = ""

    @property
    def value(self) -> str:
        return first_value(self.lines)

    @property
    def text(self) -> str:
        return clean_block("\n".join(strip_marker(line) for line in self.lines))

    def extra_lines(self) -> list[str]:
        """Lines after the value of a one-value field (criteria of the aggregator pages)."""
        lines = [line for line in self.lines if clean_item(line)]
        return lines[1:] if self.key in SINGLE_VALUED else []


def match_label(line: str, labels: Mapping[str, str]) -> tuple[str, str, str, str] | None:
    """(key, label, qualifier, inline value) when ``line`` is a label, else None.

    A bulleted line is a label only as a whole ("- Status"); "Label: value" and
    "Label<TAB>value" count on unbulleted lines.
    """
    if not line or line.isspace():
        return None
    bulleted = has_marker(line)
    body = _HEADING_MARKUP.sub("", strip_marker(line)).strip()
    patterns = []
    if 0 < len(body) <= 90:
        patterns.append(_LABEL_WHOLE)
    separator = min((body.find(mark) for mark in ":：\t" if mark in body), default=-1)
    if not bulleted and 0 < separator <= 70:
        patterns.append(_LABEL_INLINE)
    for pattern in patterns:
        match = pattern.match(body)
        if not match:
            continue
        label, qualifier = match["label"].strip(), match["q"] or ""
        keys = (
            (label_key(f"{label} ({qualifier})"), label_key(label))
            if qualifier
            else (label_key(label),)
        )
        for key in keys:
            if key in labels:
                value = match.groupdict().get("value") or ""
                return labels[key], label, qualifier, value
    return None


def read_sections(
    lines: Sequence[str],
    labels: Mapping[str, str],
    *,
    patterns: Sequence[tuple[re.Pattern[str], str]] = (),
    closed_by: Mapping[str, frozenset[str]] | None = None,
) -> tuple[list[str], list[Section]]:
    """Cut lines into labelled sections; returns (lines before the first label, sections).

    ``patterns`` are extra label lines matched by regex (the line becomes the qualifier);
    ``closed_by`` lists, for a section key, the only keys that may end it (labels met
    inside such a section stay its lines).
    """
    preamble: list[str] = []
    sections: list[Section] = []
    group = ""
    for line in lines:
        found = match_label(line, labels)
        if found is None:
            stripped = clean(line)
            for pattern, key in patterns:
                if pattern.search(stripped):
                    found = (key, stripped, stripped, "")
                    break
        current = sections[-1] if sections else None
        if found and current and closed_by and current.key in closed_by:
            if found[0] not in closed_by[current.key]:
                found = None
        if found is None:
            (current.lines if current else preamble).append(line)
            continue
        key, label, qualifier, inline = found
        if key.startswith("@"):
            group = key
        sections.append(Section(key, label, qualifier, [inline] if inline else [], group))
    return preamble, sections


# -- Building the ParsedTrial -----------------------------------------------------------------

_DATE_FIELDS = ("start", "primary_completion", "completion", "first_posted", "last_update")
_LOOKUP_FIELDS = ("study_type", "allocation", "masking", "intervention_model", "primary_purpose")
_DESIGN_FIELDS = ("allocation", "intervention_model", "masking", "primary_purpose")
_TERMINAL = re.compile(r"[.!?:;)\]\"'»%0-9]$|https?://\S+$")


class Draft:
    """The fields of a ParsedTrial while a parser collects them.

    The first stated value of a field wins (``put``); lists accumulate (``add``); doubts are
    review flags (``flag``). ``finish`` applies the rules every format shares.
    """

    def __init__(self, format: str) -> None:
        self.format = format
        self.values: dict[str, Any] = {}
        self.flags: list[ReviewFlag] = []

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "", ())

    def put(self, name: str, value: Any) -> None:
        if value not in (None, "", ()) and not self.has(name):
            self.values[name] = value

    def add(self, name: str, items: Iterable[Any]) -> None:
        self.values[name] = (*self.values.get(name, ()), *items)

    def flag(self, code: str, message: str) -> None:
        self.flags.append(ReviewFlag(code, message))

    def put_status(self, wording: str, where: str = "") -> None:
        """Status from a source wording; a second, different status is a review flag."""
        wording = clean_item(wording)
        if not wording:
            return
        status = lookup("status", wording)
        if status is None:
            self.flag("status_unrecognised", f"status wording not recognised: '{wording}'")
            return
        if not self.has("status"):
            self.values["status"], self.values["status_raw"] = status, wording
            return
        if status != self.values["status"]:
            kept = self.values["status_raw"]
            self.flag(
                "status_conflict",
                f"status differs within the document ({kept} / {wording}"
                f"{' in ' + where if where else ''}); kept '{kept}'",
            )

    def put_phases(self, text: str) -> None:
        if phases := phases_of(text):
            self.put("phases", phases)

    def put_design(self, text: str) -> bool:
        """A design wording into whichever design field knows it; False if none does."""
        for name in _DESIGN_FIELDS:
            if value := lookup(name, text):
                self.put(name, value)
                return True
        return False

    def intervention_names(self) -> list[str]:
        return [intervention.name for intervention in self.values.get("interventions", ())]

    def add_arms_table(self, lines: Sequence[str]) -> None:
        """Arms from a flattened "Group Intervention Description" table (flagged if unsure)."""
        arms, doubtful = arms_from_table(" ".join(lines), self.intervention_names())
        self.add("arms", arms)
        if doubtful:
            self.flag(
                "arms_ambiguous",
                "the arms table could not be split into groups with certainty; check the arms",
            )

    def put_ages(self, low: float | None, high: float | None) -> None:
        self.put("min_age_years", low)
        self.put("max_age_years", high)

    def finish(self, text: str, *, complete: bool | None = None) -> ParsedTrial:
        """The ParsedTrial, after the rules every format shares.

        Registry ids anywhere in ``text`` join the stated ones (primary first); countries
        include the sites' countries; criteria nobody labelled and ages read from a
        criterion are flagged; ``complete`` False (or, when None, a last line cut mid-
        sentence) flags a truncated copy. Raises ParseError without title and registry id.
        """
        v = self.values
        ids = ordered_ids([*v.get("registry_ids", ()), *registry_ids_in(text)])
        title = clean(v.get("title", ""))
        if not title and not ids:
            raise ParseError("no trial found: the text has neither a title nor a registry id")
        if title and title[0].islower() and not re.match(r"[a-z]{1,2}[A-Z]", title):
            self.flag("damaged_start", f"the title starts in lower case: '{title[:40]}...'")
        locations = unique(v.get("locations", ()), key=_location_key)
        countries = unique([*v.get("countries", ()), *(lo.country for lo in locations)])
        self._ages_from_criteria()
        if v.get("unclassified_criteria"):
            self.flag(
                "criteria_unlabelled",
                f"{len(v['unclassified_criteria'])} criteria are not labelled inclusion or "
                "exclusion; sort them",
            )
        if complete is False or (complete is None and _cut_off(text)):
            self.flag("truncated", "the document seems cut off before its end")
        interventions = unique(v.get("interventions", ()), key=lambda i: text_key(i.name))
        return ParsedTrial(
            format=self.format,
            title=title,
            acronym=clean(v.get("acronym", "")),
            registry_ids=ids,
            status=v.get("status"),
            status_raw=v.get("status_raw", ""),
            phases=tuple(v.get("phases", ())),
            study_type=v.get("study_type"),
            dates=TrialDates(**{name: v.get(f"date_{name}") for name in _DATE_FIELDS}),
            brief_summary=clean_block(v.get("brief_summary", "")),
            detailed_description=clean_block(v.get("detailed_description", "")),
            conditions=unique(c for c in v.get("conditions", ()) if c),
            interventions=interventions,
            arms=tuple(v.get("arms", ())),
            enrollment=v.get("enrollment"),
            enrollment_type=v.get("enrollment_type"),
            sex=v.get("sex"),
            min_age_years=v.get("min_age_years"),
            max_age_years=v.get("max_age_years"),
            healthy_volunteers=v.get("healthy_volunteers"),
            inclusion_criteria=tuple(v.get("inclusion_criteria", ())),
            exclusion_criteria=tuple(v.get("exclusion_criteria", ())),
            unclassified_criteria=tuple(v.get("unclassified_criteria", ())),
            allocation=v.get("allocation"),
            intervention_model=v.get("intervention_model"),
            masking=v.get("masking"),
            primary_purpose=v.get("primary_purpose"),
            primary_outcomes=tuple(v.get("primary_outcomes", ())),
            secondary_outcomes=tuple(v.get("secondary_outcomes", ())),
            sponsor=clean(v.get("sponsor", "")),
            collaborators=unique(clean(c) for c in v.get("collaborators", ()) if c),
            locations=locations,
            countries=countries,
            contacts=unique(v.get("contacts", ()), key=lambda c: text_key(c.name)),
            review_flags=unique(self.flags, key=lambda flag: (flag.code, flag.message)),
        )

    def _ages_from_criteria(self) -> None:
        if self.has("min_age_years") or self.has("max_age_years"):
            return
        v = self.values
        for criterion in (*v.get("inclusion_criteria", ()), *v.get("unclassified_criteria", ())):
            low, high = age_bounds(criterion, need_context=True)
            if low is not None or high is not None:
                self.put_ages(low, high)
                self.flag("age_from_criterion", f"age bounds taken from a criterion: '{criterion}'")
                return


def _cut_off(text: str) -> bool:
    """Whether the last line looks cut mid-sentence (a long line without closing mark)."""
    lines = [line for line in (clean(line) for line in text.splitlines()) if line]
    if not lines:
        return False
    last = lines[-1]
    return len(last.split()) >= 6 and not _TERMINAL.search(last)


def criteria_items(lines: Iterable[str]) -> list[str]:
    """Criteria, one per line (or per "1. ..." of a line holding a numbered run)."""
    items: list[str] = []
    for line in lines:
        stripped = clean(line)
        parts = re.split(r"(?:^|(?<=[.;:])\s+)(?=\d{1,2}[.)]\s)", stripped)
        items.extend(item for item in (clean_item(part) for part in parts) if item)
    return items


def apply_sections(draft: Draft, sections: Iterable[Section]) -> list[Section]:
    """Read every section whose meaning all label-driven formats share into ``draft``.

    Returns the sections left for the format's own rules (arms, titles, groups...).
    """
    rest: list[Section] = []
    for section in sections:
        key, value = section.key, section.value
        if key in _LOOKUP_FIELDS:
            draft.put(key, lookup(key, value))
        elif key in _DATE_FIELDS:
            draft.put(f"date_{key}", date_of(section.text))
        elif key == "status":
            draft.put_status(value)
        elif key == "sex":
            draft.put("sex", lookup("sex", value))
        elif key == "phases":
            draft.put_phases(section.text)
        elif key == "design":
            for line in section.lines:
                for part in re.split(r"[,;.]\s+|[,;]", clean_item(line)):
                    draft.put_design(part.rpartition(":")[2])
        elif key == "enrollment":
            count, kind = enrollment_of(value, section.qualifier)
            draft.put("enrollment", count)
            draft.put("enrollment_type", kind)
        elif key == "ages":
            draft.put_ages(*age_bounds(value))
        elif key in ("min_age", "max_age"):
            draft.put(f"{key}_years", age_value(value))
        elif key == "healthy_volunteers":
            draft.put("healthy_volunteers", yes_no(value))
        elif key in ("brief_summary", "detailed_description"):
            draft.put(key, section.text)
        elif key == "conditions":
            draft.add("conditions", split_run_together("\n".join(section.lines)))
        elif key == "interventions":
            draft.add("interventions", interventions_of("\n".join(section.lines)))
        elif key in ("registry_ids", "other_ids"):
            for line in section.lines:
                draft.add("registry_ids", identifiers_in_line(line))
        elif key in ("inclusion", "exclusion", "criteria"):
            field_name = {"criteria": "unclassified"}.get(key, key) + "_criteria"
            draft.add(field_name, criteria_items(section.lines))
        elif key in ("primary_outcomes", "secondary_outcomes"):
            outcomes, doubtful = outcomes_of(section.lines)
            draft.add(key, outcomes)
            for measure in doubtful:
                draft.flag("outcome_unsplit", f"no time frame found in the outcome '{measure}'")
        elif key == "locations":
            draft.add("locations", locations_of(section.lines))
        elif key == "countries":
            for line in section.lines:
                draft.add("countries", _countries_of_line(line))
        elif key == "sponsor":
            draft.put("sponsor", value)
        elif key == "collaborators":
            draft.add("collaborators", non_empty(strip_marker(line) for line in section.lines))
        elif key == "contacts":
            draft.add("contacts", contacts_of(section.lines))
        elif key in ("acronym", "title", "official_title"):
            draft.put(key, value)
        else:
            rest.append(section)
    return rest


def _countries_of_line(line: str) -> list[str]:
    item = clean_item(line)
    code = country_code(item)
    return [code] if code else list(countries_in_run(item))


# -- Detection --------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _signal_text(text: str) -> str:
    return " ".join(text.casefold().split())


def signals_in(text: str, signals: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The (phrase, weight) signals of a layout that ``text`` contains (case-insensitive)."""
    key = _signal_text(text)
    return [(phrase, weight) for phrase, weight in signals if phrase.casefold() in key]


def signal_score(text: str, signals: Sequence[tuple[str, float]]) -> float:
    return min(1.0, sum(weight for _, weight in signals_in(text, signals)))


# -- Arms listed as blocks --------------------------------------------------------------------

_ARM_TYPE_LINE = re.compile(
    r"^(?P<type>Experimental|Active Comparator|Placebo Comparator|Sham Comparator"
    r"|No Intervention|Other)(?:\s+(?:group|arm))?\s*(?::\s*(?P<label>.*))?$",
    re.IGNORECASE,
)
_DESCRIPTION_MARK = re.compile(r"^Description\s*:?\s*", re.IGNORECASE)
_TREATMENT_MARK = re.compile(r"^(?:Treatments?|Interventions?)\s*:?\s*$", re.IGNORECASE)


def arms_from_blocks(lines: Sequence[str], names: Sequence[str]) -> list[ParsedArm]:
    """Arms listed one block each: "Experimental: Label" (ClinicalTrials.gov) or a label line
    followed by "Experimental group" (Veeva), then "Description:" lines and "Treatment:"
    lines of typed interventions ("Biological: X")."""
    known = {text_key(name): name for name in names}
    rows = non_empty(lines)
    arms: list[ParsedArm] = []
    description: list[str] = []

    def close() -> None:
        if arms and description:
            arms[-1] = replace(arms[-1], description=clean(" ".join(description)))
        description.clear()

    for index, line in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else ""
        typed = _ARM_TYPE_LINE.match(line)
        next_typed = _ARM_TYPE_LINE.match(following)
        other_is_intervention = (
            typed and typed["type"].lower() == "other" and text_key(typed["label"] or "") in known
        )
        if typed and typed["label"] and not other_is_intervention:
            close()
            arms.append(ParsedArm(clean_item(typed["label"]), lookup("arm_type", typed["type"])))
        elif not typed and (
            (next_typed and not next_typed["label"]) or _DESCRIPTION_MARK.fullmatch(following)
        ):
            close()
            arm_type = lookup("arm_type", next_typed["type"]) if next_typed else None
            arms.append(ParsedArm(clean_item(line), arm_type))
        elif not arms or (typed and not other_is_intervention) or _TREATMENT_MARK.match(line):
            continue  # before the first arm, an "Experimental group" line, "Treatment:"
        elif items := [(kind, name) for kind, name in typed_items(line) if kind]:
            found = [known.get(text_key(name), name) for _, name in items]
            arms[-1] = replace(arms[-1], interventions=unique((*arms[-1].interventions, *found)))
        elif text_key(clean_item(line)) in known:
            name = known[text_key(clean_item(line))]
            arms[-1] = replace(arms[-1], interventions=unique((*arms[-1].interventions, name)))
        elif text := _DESCRIPTION_MARK.sub("", line):
            description.append(text)
    close()
    return arms
