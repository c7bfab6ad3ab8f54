"""Registry identifiers: the id shape of each registry, scanning a text for them, ordering."""

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from trials.parsers.cleaning import clean_item, unique
from trials.parsers.record import RegistryIdentifier
from trials.registries import primary_rank

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
    # jRCT pages name their documents after the plan: "委員会意見書_20220916_jRCTb030190134.pdf"
    ("jprn", "jprn",
     r"(?<![A-Za-z0-9])(?P<jprn>UMIN\d{9}|jRCT[a-z]?\d{9,10}|JapicCTI-\d{6})(?!\d)"),
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
    return [identifier for _, identifier in registry_id_mentions(text)]


def registry_id_mentions(text: str) -> tuple[tuple[int, RegistryIdentifier], ...]:
    """Every registry id in ``text`` with the offset where it is written, in text order."""
    if len(text) < _REMEMBERED_LENGTH:
        return _scan_registry_ids(text)
    return _remembered_registry_ids(text)


def _scan_registry_ids(text: str) -> tuple[tuple[int, RegistryIdentifier], ...]:
    found: list[tuple[int, RegistryIdentifier]] = []
    # Spans taken by earlier shapes, sorted and disjoint, so their ends are sorted too: a
    # bisection finds the one span a match could overlap (a long list of ids stays linear).
    starts: list[int] = []
    ends: list[int] = []
    for name, registry, pattern in _REGISTRY_PATTERNS:
        hints = _REGISTRY_HINTS[name]
        if isinstance(hints, re.Pattern):
            if not hints.search(text):
                continue
        elif not any(hint in text for hint in hints):
            continue
        spans = []
        for match in pattern.finditer(text):
            start, end = match.span()
            before = bisect_left(starts, end)
            if before and ends[before - 1] > start:
                continue
            spans.append((start, end))
            found.append((start, RegistryIdentifier(registry, re.sub(r"\s", "", match[name]))))
        if spans:
            merged = sorted([*zip(starts, ends, strict=True), *spans])
            starts = [start for start, _ in merged]
            ends = [end for _, end in merged]
    return tuple(sorted(found, key=lambda pair: pair[0]))


# Detection and parsing both read a whole document's ids: the second reading is
# remembered, for the last few documents only (one may weigh megabytes).
_REMEMBERED_LENGTH = 1_000
_remembered_registry_ids = lru_cache(maxsize=4)(_scan_registry_ids)


# Sponsors' protocol codes may hold "#" ("GCP#05.01.020").
_OTHER_ID = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][\w./:#\-]{1,38}[A-Za-z0-9]$")
# Labelled protocol ids may hold spaces ("MSC OA 01") or no digit ("STELLAR-KIDS").
_LABELLED_ID = re.compile(r"^[A-Za-z0-9][\w./:#\- ]{1,38}[A-Za-z0-9]$")
_ID_LABEL = re.compile(r"^[^:]{0,40}:\s*|\s*\([^)]*\)\s*$")
_NOT_AN_ID = re.compile(
    r"^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:\s.*)?|\d{1,2}:\d{2}(?::\d{2})?|\d{1,7}"
    r"|nil(?: known)?|none|n/?a|not applicable|not provided.*|unknown|no|yes|pending)$",
    re.IGNORECASE,
)
_NCT_LIKE = re.compile(r"^NCT[\s-]?\d+$", re.IGNORECASE)


def identifiers_in_line(line: str) -> list[RegistryIdentifier]:
    """Ids on one line of an identifier list; an unknown id-shaped token is registry "other".

    Dates, times, bare numbers (registries' internal codes) and "Nil" are no ids; a line that
    is one labelled protocol id may hold spaces or no digit ("MSC OA 01", "STELLAR-KIDS").
    """
    text = clean_item(line)
    known = registry_ids_in(text)
    rest = text
    for identifier in known:
        rest = rest.replace(identifier.value, " ")
    rest = _ID_LABEL.sub("", rest.strip(" ,;")).strip(" ,;")
    if known or not rest or _NOT_AN_ID.match(rest):
        return known
    if _OTHER_ID.match(rest) or (_LABELLED_ID.match(rest) and _protocol_like(rest)):
        return [RegistryIdentifier("other", rest)]
    return []


def _protocol_like(text: str) -> bool:
    """A token without digits (or with spaces) is an id only when written like one: few
    words, mostly capitals ("MSB DN 001", "STELLAR-KIDS"), never a sentence."""
    words = text.split()
    letters = [ch for ch in text if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    return len(words) <= 3 and bool(letters) and capitals / len(letters) >= 0.6


def malformed_nct(identifier: RegistryIdentifier) -> bool:
    """An NCT-like id of the wrong shape ("NCT0123456"): kept as "other", flagged."""
    return identifier.registry == "other" and bool(_NCT_LIKE.match(identifier.value))


def ordered_ids(identifiers: Iterable[RegistryIdentifier]) -> tuple[RegistryIdentifier, ...]:
    """Unique ids, the primary first: by registry priority (NCT first), a registry's own id
    shape before a free-form protocol id (ReBEC's "RBR-65trt53" before its UTN code), then
    document order."""
    kept = unique(identifiers, key=lambda i: (i.registry, i.value.upper()))
    return tuple(
        sorted(kept, key=lambda i: (primary_rank(i.registry), not registry_ids_in(i.value)))
    )
