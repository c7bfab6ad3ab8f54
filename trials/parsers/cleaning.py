"""Text as the parsers read it: preparation, list markers, items, lists run together.

Everything here is pure: text in, values out. Every other parser module builds on it.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from trials.parsers.record import ParsedIntervention
from trials.text import clean_line, search_key
from trials.vocab.fields import lookup

# -- Text preparation -------------------------------------------------------------------------

# A backslash before ASCII punctuation is a markdown escape left by the copy ("\*", "\_");
# a backslash before anything else is the source's own ("> 1\2" keeps it).
_MARKDOWN_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~\\])")
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f]")
_LIST_MARKER = re.compile(
    r"^\s*(?:(?:[-–—*?>]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z]\)|\([a-z]\)|\[[A-Z]\])\s*(?<=\s|\])"
    r"|[•·▪◦●○■□►➢①-⑳]\s*)"
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


# ANZCTR's copies of ClinicalTrials.gov records write "Treatment: Devices - X".
_TYPED_PREFIX = re.compile(
    r"(?:Treatment:\s*)?"
    r"(?P<type>Biological/Vaccine|Procedure/Surgery|Biological|Drugs?|Devices?|Procedure|Surgery|Genetic"
    r"|Radiation|Behaviou?ral|Dietary Supplement|Combination Product|Diagnostic Test"
    r"|Other interventions?|Other)"
    r"(?:\s*:\s*|\s+-\s+(?=\S))",
    re.IGNORECASE,
)


TYPE_PREFIX = _TYPED_PREFIX.pattern.replace("?P<type>", "?:")


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
