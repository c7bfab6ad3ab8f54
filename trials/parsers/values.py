"""One-value fields read from their wording: ages, enrollment, yes/no, dates, outcomes."""

import re
from collections.abc import Sequence
from dataclasses import replace

from trials.parsers.cleaning import clean, strip_marker
from trials.parsers.record import ParsedOutcome
from trials.vocab.fields import lookup, vocabulary_key

# -- Numbers: ages, enrollment, dates, yes/no -------------------------------------------------

_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 7 / 365.25, "d": 1 / 365.25, "h": 1 / 8766}
_AGE_UNIT = r"(?:years?|yrs?|y\.?o\.?|months?|mos?|weeks?|wks?|days?)\b"
_NUMBER = r"\d{1,3}(?:[.,]\d+)?"
_AGE_RANGE = re.compile(
    rf"(?:≥|>=|=>)?\s*(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?\s*(?:-|–|—|to|and|until)\s*"
    rf"(?:≤|<=|=<)?\s*(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?",
    re.IGNORECASE,
)
_AGE_MIN = re.compile(
    rf"(?:(?:≥|>=|=>|>|=|at least|older than|over|above|min(?:imum)?(?: age)?(?: of)?|from)\s*"
    rf"(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?)"
    rf"|(?:(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?(?:\s*of age)?\s*"
    r"(?:\+|(?:and|or) (?:older|over|above|more)))",
    re.IGNORECASE,
)
_AGE_MAX = re.compile(
    rf"(?:(?:≤|<=|=<|<|under|younger than|below|up to|max(?:imum)?(?: age)?(?: of)?)\s*"
    rf"(?P<a>{_NUMBER})\s*(?P<ua>{_AGE_UNIT})?)"
    rf"|(?:(?P<b>{_NUMBER})\s*(?P<ub>{_AGE_UNIT})?\s*(?:and|or) (?:younger|under|below|less))",
    re.IGNORECASE,
)
_AGE_CONTEXT = re.compile(
    r"\bage[ds]?\b|\b(?:years?|yrs?) old\b|\by\.?o\.?\b"
    r"|\b(?:patients|subjects|participants|men|women|males|females|adults|children|persons"
    r"|people|individuals|volunteers)\s+(?:of|from|between)\s+\d",
    re.IGNORECASE,
)


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


# Ages an exclusion criterion rules out: "older than 75 years old or less than 18 years old".
_EXCLUDED_OLDER = re.compile(
    r"(?:older\s+than|over|above|more\s+than|greater\s+than|>|≥)\s*(?P<n>\d{1,3})\s*"
    r"(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_EXCLUDED_YOUNGER = re.compile(
    r"(?:younger\s+than|under|below|less\s+than|<|≤)\s*(?P<n>\d{1,3})\s*(?:years?|yrs?)\b",
    re.IGNORECASE,
)


def excluded_age_bounds(text: str) -> tuple[float | None, float | None]:
    """(min, max) in years of the people an exclusion criterion leaves in: one excluding those
    "less than 18 years old" sets the minimum, "older than 75 years" the maximum. Only a
    criterion that speaks of age counts."""
    if not _AGE_CONTEXT.search(text):
        return None, None
    older, younger = _EXCLUDED_OLDER.search(text), _EXCLUDED_YOUNGER.search(text)
    high = float(older["n"]) if older else None
    low = float(younger["n"]) if younger else None
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


_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_CJK_DATE = re.compile(
    r"(?P<era>令和|平成|昭和)?(?P<year>\d{1,4}|(?<=[和成])元)年(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})日)?"
)


def date_of(text: str) -> str | None:
    """A date as ISO (or YYYY-MM); see ``_date_of``; Japanese "令和2年2月7日" and
    "2020年2月7日" too."""
    if "年" in text and (match := _CJK_DATE.search(text)):
        year = int(match["year"].replace("元", "1")) + _ERAS.get(match["era"] or "", 0)  # 元年
        month, day = int(match["month"]), match["day"]
        if 1900 < year < 2100 and 1 <= month <= 12:
            return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
    return _date_of(text)


def _date_of(text: str) -> str | None:
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
    r"(?:\d+(?:\.\d+)?|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|eighteen|twenty|thirty|sixty|ninety))"
)
_TIME_UNIT = r"(?i:years?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|yrs?)\b"
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
    r"^\s*(?:Name\s*Time\s*Method|Outcome\s*TimePoints?|Outcome\s+Measure\s+Measure\s+Description\s+Time\s+Frame)\s*",
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


# "Measure [ Time Frame: 60 Weeks ]", the description the page shows below it run on after "]"
_BRACKETED_TIME = re.compile(
    r"^(?P<measure>.*?)\s*\[\s*Time\s*Frame\s*:\s*(?P<time>[^\]]*)(?:\](?P<description>.*))?$",
    re.I,
)
# "Changes in Motor Performance. [6 months]": a mirror that dropped the "Time Frame:" label.
_TRAILING_TIME = re.compile(r"^(?P<measure>.*?\S)[\s.]*\[\s*(?P<time>[^\[\]]{1,60}?)\s*\]$")
_METHOD = re.compile(
    r"[\s.;,]*\b(?:Method of measurement|Measured (?:by|using|with)|Assessed (?:by|using|with)"
    r"|Measurement method|Method)\s*:.*$|[\s.;,]*\bMethod of measurement\b.*$",
    re.IGNORECASE,
)


def clean_time_frame(text: str) -> str:
    """A time frame without what follows it in the cell ("Method of measurement: ...")."""
    return clean(_METHOD.sub("", clean(text))).strip(" ;,.")


def outcome_of(row: str) -> tuple[ParsedOutcome, bool]:
    """One outcome from a row: (outcome, whether the row split cleanly into its cells)."""
    row = strip_marker(_OUTCOME_HEADER.sub("", row))
    if match := _BRACKETED_TIME.match(clean(row)):
        description = clean(match["description"] or "")
        return ParsedOutcome(match["measure"], clean_time_frame(match["time"]), description), True
    if (match := _TRAILING_TIME.match(clean(row))) and _TIME_FRAME.match(match["time"]):
        return ParsedOutcome(match["measure"], clean_time_frame(match["time"])), True
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
        return ParsedOutcome(
            parts[0].strip(" ;,"), clean_time_frame(time), description.strip()
        ), True
    split = split_time_frame(row)
    if split is None:
        return ParsedOutcome(row), False
    measure, time, description = split
    return ParsedOutcome(measure, clean_time_frame(time), description), True


_ROW_SEPARATOR = re.compile(r"(?<=[.)])\s*;\s*(?=[A-Z])")  # ".;" joins IRCT outcomes


def outcomes_of(lines: Sequence[str]) -> tuple[list[ParsedOutcome], list[str]]:
    """Outcomes from table rows (one per line); also the rows that did not split."""
    outcomes, doubtful = [], []
    rows = [row for line in lines for row in _ROW_SEPARATOR.split(line)]
    for line in rows:
        if not clean(_OUTCOME_HEADER.sub("", line)):
            continue
        outcome, split = outcome_of(line)
        if not split and outcomes and _describes(outcomes[-1], line):
            # the lower-case line a page prints under a measure is its description
            outcomes[-1] = replace(outcomes[-1], description=clean(line))
            continue
        if outcome.measure:
            outcomes.append(outcome)
            if not split:
                doubtful.append(outcome.measure)
    return outcomes, doubtful


def _describes(previous: ParsedOutcome, line: str) -> bool:
    text = clean(line)
    return not previous.description and text[:1].islower()
