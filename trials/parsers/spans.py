"""Where in a document each parsed value stands: spans, (start, end) offsets into the text.

A parser's values are cleaned copies of the document's words (whitespace collapsed,
look-alike letters folded, markers dropped), so each value is found again in the text it came
from, ignoring exactly those differences, and its offsets are kept. Items of a list are found
in order, and a place another value already holds is passed over (the exclusion "HIV" is not
the inclusion "HIV negative"). Numbers are found by the label before them, dates in the
usual ways pages write them ("July 2013", "30/04/2013"). A value the document does not hold
as such (a term from a vocabulary, a classification) gets no span.

    spans = locate(parsed, text)       # {"title": ((0, 113),), "enrollment": ((640, 642),)}
    text[slice(*spans["title"][0])]    # the title as the document writes it
    for_display(text, spans)           # offsets as a browser counts them in <pre>{{ text }}

Pure: no ORM, no I/O.
"""

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping

from trials.parsers.record import ParsedTrial
from trials.text import LOOKALIKES

Span = tuple[int, int]
Spans = dict[str, tuple[Span, ...]]

# Long values are found by their first and last words, which a parser keeps as they are;
# what lies between may have been reflowed (lines joined, bullets dropped).
_ENDS_CHARS = 60
_LONGEST_STRETCH = 3  # a value's span is at most this many times its length
_ENROLLMENT_WORDS = re.compile(
    r"enrol|recruit|participant|subject|patient|sample size|number of|target|accrual",
    re.IGNORECASE,
)
_LABEL_REACH = 120  # characters before a number where its label may stand
_PLACES_TRIED = 20  # places of one value tried before taking its first (a text of repeats)
# Items of one list given spans: a 2 MB listing parsed into thousands of items would cost a
# search of the whole text each; curators work on the first ones.
_ITEMS_LOCATED = 100
_WHITESPACE = re.compile(r"\s+")
_LONG_GAP = re.compile(r"\s{2,}")
_FOLDABLE = re.compile("[" + "".join(map(chr, LOOKALIKES)) + "]")


def _texts(parsed: ParsedTrial) -> Mapping[str, Iterable[str]]:
    """The record's text values by field, in document order within each field."""
    return {
        "title": (parsed.title,),
        "official_title": (parsed.official_title,),
        "acronym": (parsed.acronym,),
        "status_raw": (parsed.status_raw,),
        "recruitment_status": (parsed.recruitment_status,),
        "brief_summary": (parsed.brief_summary,),
        "detailed_description": (parsed.detailed_description,),
        "sponsor": (parsed.sponsor,),
        "collaborators": parsed.collaborators,
        "registry_ids": (identifier.value for identifier in parsed.registry_ids),
        "conditions": parsed.conditions,
        "interventions": (intervention.name for intervention in parsed.interventions),
        "arms": (arm.label for arm in parsed.arms),
        "inclusion_criteria": parsed.inclusion_criteria,
        "exclusion_criteria": parsed.exclusion_criteria,
        "unclassified_criteria": parsed.unclassified_criteria,
        "primary_outcomes": (outcome.measure for outcome in parsed.primary_outcomes),
        "secondary_outcomes": (outcome.measure for outcome in parsed.secondary_outcomes),
        "locations": (location.facility for location in parsed.locations),
        "contacts": (contact.name for contact in parsed.contacts),
    }


def _folded(text: str) -> str:
    if text.isascii():
        return text.lower()
    return (text.translate(LOOKALIKES) if _FOLDABLE.search(text) else text).casefold()


class Folded:
    """A text folded for matching (case, look-alike letters, runs of white space as one
    space), with the offset in the original text of each folded character."""

    def __init__(self, text: str):
        whole = _folded(text)
        # The offset of folded character i is i + _shifts[k] for the last _breaks[k] <= i: a
        # step function that changes only where white space collapses or a letter folds into
        # several, instead of one list entry per character (a page's worth of them cost more
        # than all the searches in it).
        self._breaks = [0]
        self._shifts = [0]
        # Folding never makes or unmakes white space (tests/parsers/test_spans.py), so when it
        # keeps one character for one, the gaps stand where they stood.
        if len(whole) == len(text):  # nearly always
            self.text = _WHITESPACE.sub(" ", whole)
            removed = 0
            for gap in _LONG_GAP.finditer(text):
                removed += gap.end() - gap.start() - 1
                self._breaks.append(gap.end() - removed)
                self._shifts.append(removed)
        else:
            self.text = self._fold_by_letter(text)
        ends = [*self._breaks[1:], len(self.text)]
        self._last_origins = [
            end - 1 + shift for end, shift in zip(ends, self._shifts, strict=True)
        ]

    def _fold_by_letter(self, text: str) -> str:
        parts: list[str] = []
        origins: list[int] = []
        position = 0
        for gap in _WHITESPACE.finditer(text):
            self._add_word(text, position, gap.start(), parts, origins)
            parts.append(" ")
            origins.append(gap.start())
            position = gap.end()
        self._add_word(text, position, len(text), parts, origins)
        for index, origin in enumerate(origins):
            if origin - index != self._shifts[-1]:
                self._breaks.append(index)
                self._shifts.append(origin - index)
        return "".join(parts)

    @staticmethod
    def _add_word(text: str, start: int, end: int, parts: list[str], origins: list[int]):
        for index in range(start, end):  # "ß" -> "ss", "İ" -> "i̇"
            for piece in _folded(text[index]):
                parts.append(piece)
                origins.append(index)

    def origin(self, index: int) -> int:
        """The original offset of folded character ``index``."""
        return index + self._shifts[bisect.bisect_right(self._breaks, index) - 1]

    def span(self, start: int, end: int) -> Span:
        """The original offsets of folded characters ``start`` to ``end`` (exclusive)."""
        return self.origin(start), self.origin(end - 1) + 1

    def position(self, offset: int) -> int:
        """The folded index of an original offset (the first folded character at or after)."""
        # The first stretch reaching the offset; in it, offsets rise one by one.
        stretch = bisect.bisect_left(self._last_origins, offset)
        if stretch == len(self._breaks):
            return len(self.text)
        return min(max(self._breaks[stretch], offset - self._shifts[stretch]), len(self.text))


def fold(value: str) -> str:
    folded = _folded(value)
    if len(folded) == len(value):  # as Folded does, without the offsets
        return _WHITESPACE.sub(" ", folded).strip()
    return Folded(value).text.strip()


def find(document: Folded, value: str, start: int = 0) -> Span | None:
    """The span of ``value`` in the document at or after original offset ``start``."""
    needle = fold(value)
    if len(needle) < 2:
        return None
    begin = document.position(start)
    found = document.text.find(needle, begin)
    if found >= 0:
        return document.span(found, found + len(needle))
    if len(needle) <= 2 * _ENDS_CHARS:
        return None
    head, tail = needle[:_ENDS_CHARS].rstrip(), needle[-_ENDS_CHARS:].lstrip()
    first = document.text.find(head, begin)
    if first < 0:
        return None
    last = document.text.find(tail, first + len(head))
    if last < 0 or last + len(tail) - first > _LONGEST_STRETCH * len(needle):
        return None
    return document.span(first, last + len(tail))


def _number_span(document: Folded, text: str, number: int) -> Span | None:
    """A number as a whole token, the first one with an enrollment word shortly before it
    (else the first one at all)."""
    spans = [m.span() for m in re.finditer(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", text)]
    for start, end in spans:
        if _ENROLLMENT_WORDS.search(text, max(0, start - _LABEL_REACH), start):
            return start, end
    return spans[0] if spans else None


def _unclaimed(document: Folded, value: str, start: int, claimed: list[Span]) -> Span | None:
    """The first place of ``value`` at or after ``start`` that no other value holds (the
    exclusion criterion "HIV" is not the inclusion criterion "HIV negative"); else its
    first place at all."""
    first = span = find(document, value, start)
    for _ in range(_PLACES_TRIED):
        if not span or not any(s < span[1] and span[0] < e for s, e in claimed):
            return span or first
        span = find(document, value, span[0] + 1)
    return first


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DATE_FIELDS = ("start", "primary_completion", "completion", "first_posted", "last_update")


def date_wordings(value: str) -> list[str]:
    """How a page may write a record date ("2020-05-02" or month-precise "2020-05")."""
    parts = value.split("-")
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
        return [value]
    year, month = parts[0], int(parts[1])
    if not 1 <= month <= 12:
        return [value]
    names = (_MONTHS[month - 1], _MONTHS[month - 1][:3], _MONTHS[month - 1][:4])
    if len(parts) == 2:
        return [value, *(f"{name} {year}" for name in names), f"{month:02d}/{year}"]
    day = int(parts[2])
    wordings = [value, f"{year}/{month:02d}/{day:02d}", f"{day:02d}/{month:02d}/{year}",
                f"{month:02d}/{day:02d}/{year}", f"{day:02d}.{month:02d}.{year}",
                f"{day}/{month:02d}/{year}", f"{day}/{month}/{year}"]  # fmt: skip
    for name in names:
        wordings += [f"{name} {day}, {year}", f"{day} {name} {year}", f"{name} {day:02d}, {year}",
                     f"{day:02d} {name} {year}", f"{day}-{name}-{year}"]  # fmt: skip
    return wordings


def _date_span(document: Folded, value: str, claimed: list[Span]) -> Span | None:
    for wording in date_wordings(value):
        if span := _unclaimed(document, wording, 0, claimed):
            return span
    return None


def locate(parsed: ParsedTrial, text: str) -> Spans:
    """The spans of every value of ``parsed`` found in ``text`` (the text it was parsed
    from), by record field; fields with no value found are left out."""
    document = Folded(text)
    spans: Spans = {}
    claimed: list[Span] = []
    for name, values in _texts(parsed).items():
        found: list[Span] = []
        cursor = 0
        for value in itertools.islice(values, _ITEMS_LOCATED):
            if not value:
                continue
            span = _unclaimed(document, value, cursor, claimed)
            if span is None and cursor:
                span = _unclaimed(document, value, 0, claimed)
            if span:
                found.append(span)
                claimed.append(span)
                cursor = max(cursor, span[1])
        if found:
            spans[name] = tuple(found)
    if parsed.enrollment is not None and (span := _number_span(document, text, parsed.enrollment)):
        spans["enrollment"] = (span,)
    for name in _DATE_FIELDS:
        value = getattr(parsed.dates, name)
        if value and (span := _date_span(document, value, claimed)):
            spans[f"{name}_date"] = (span,)
            claimed.append(span)
    return spans


def from_json(data: object) -> Spans:
    """Spans as stored (JSON lists), checked: anything malformed is dropped."""
    if not isinstance(data, dict):
        return {}
    spans: Spans = {}
    for name, pairs in data.items():
        if not isinstance(name, str) or not isinstance(pairs, list | tuple):
            continue
        kept = tuple(
            (pair[0], pair[1])
            for pair in pairs
            if isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            and 0 <= pair[0] < pair[1]
        )
        if kept:
            spans[name] = kept
    return spans


def for_display(text: str, spans: Spans) -> Spans:
    """Offsets as a browser counts them in the text shown in HTML: line breaks "\\r\\n" and
    "\\r" read as one "\\n", and characters beyond the Basic Multilingual Plane as two UTF-16
    units. Spans past the end of ``text`` are dropped."""
    if text.isascii() and "\r" not in text:
        return {name: tuple(s for s in found if s[1] <= len(text)) for name, found in spans.items()}
    shifted = _display_offsets(text)
    return {
        name: tuple((shifted[start], shifted[end]) for start, end in found if end <= len(text))
        for name, found in spans.items()
    }


def _display_offsets(text: str) -> list[int]:
    """For each offset 0..len(text), the same place counted as a browser counts."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, char in enumerate(text):
        offsets[index] = position
        if char == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
            continue  # "\r\n" is one "\n"
        position += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets
