"""Page furniture: what a copied web page holds around the trial (brand lines, banners, menus,
version and government lines, pipe-table borders), and the title chosen past it.

A title must be the trial's title or nothing: a line is a title candidate only when it is no
furniture, no label, no id or date line, and reads like a title (a few words, no sentence).
"""

import re
from collections.abc import Iterable, Sequence

from trials.parsers.cleaning import clean, clean_item
from trials.parsers.identifiers import registry_ids_in

# Brands and systems of registries and their mirrors: a short line naming one is a header.
# Plain substrings of the case-folded line (fast), then the names that need word bounds.
_BRAND_TEXT = (
    "clinicaltrials.gov", "clinicaltrials.veeva", "umin-ctr", "中国临床试验注册中心",
    "clinical trials register", "clinicaltrialsregister", "clinical trials information system",
    "euclinicaltrials", "international clinical trials registry platform", "meddatax",
    "curemydisease", "pubmed", "臨床研究等提出", "公開システム", "ロゴ", "臨床試験登録",
)  # fmt: skip
_BRAND = re.compile(r"\b(?:anzctr|isrctn|jrct|chictr|ctri|ctis|ictrp|medpath|ncbi|drks|logo)\b")
# Banners, notices, menus and navigation; a line holding one of these is never data.
_NOTICE_TEXT = (
    "website will be unavailable", "technical difficulties", "for maintenance",
    "scheduled maintenance", "apologies for any", "any inconvenience", "cookies", "javascript",
    "create account", "skip to", "official website of",
    ".gov means", "site is secure", "http://", "https://", "scientific validity of this study",
    "listing a study does not mean", "read our disclaimer", "federal government",
    "download pdf", "download to pdf", "back to search", "table of contents",
    "copy function is not enabled", "please note", "homepage", "main navigation",
    "access keys", "free article", "read our disclaimer", "disclaimer read more",
    "terms of use", "get notified", "subscribe to",
    "information for consumers", "talk to your health care provider", "share this",
    "print this", "tell us what you think", "we're building a better",
    # ClinicalTrials.gov before 2017: a news banner, the search result's place
    "now available: final rule", "nih policy on clinical trial reporting",
    # the EU Clinical Trials Register's header, above every one of its pages
    "allows you to search for protocol", "approved in the european union",
    "conducted outside the eu/eea", "publicly accessible through the",
    "register currently displays", "are not publicly available",
    # meddatax's lead-ins under its section headings
    "get a concise snapshot", "review the sponsor-provided", "dive into the extended",
    "see the medical conditions", "explore important study keywords",
    "understand how the trial is structured", "review each arm or cohort",
    "learn about the drugs, procedures", "check back later",
)  # fmt: skip
_NOTICE = re.compile(
    r"\blog ?(?:in|out)\b|\bsign ?(?:in|up)\b|\bmenu\b|^(?:trial|study) record \d+ of \d+\b"
    r"|^clinical trial details\b"  # a mirror's page heading over the status it repeats
)
_VERSION = re.compile(
    r"^(?:version\b|v\d+(?:\.\d+)*\b|版本|last (?:updated|update|refreshed|modified)\b"
    r"|first (?:seen|posted|submitted)\b|updated \d+ times?|record last updated|page \d+)"
    r"|·\s*updated\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:[\w,.]+\s+){0,3}(?:\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}日?|(?:19|20)\d{2}|"
    r"(?:令和|平成|昭和)(?:\d{1,2}|元)年.*)[\w\s,:.]*$"
)
_MENU = re.compile(r"^[A-Z][A-Z &/-]{1,30}$")  # LOGIN, MY TRIALS, FAQs...
_CITATION = re.compile(r"^(?:\.|doi:|pmid:|pmcid:|epub\b)")
_CITATION_TEXT = ("et al.", "online ahead of print")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:clinical\s+trial|clinical\s+study|study|trial)\s*:\s*"
    r"|trial\s+outcomes\s*&\s*findings\s+for\s+)",
    re.I,
)
# A mirror's heading ends with the id it shows: "... Patients (NCT NCT04355728)".
_TITLE_ID_SUFFIX = re.compile(r"\s*\((?:NCT\s+)?NCT\d{8}\)$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def is_furniture(line: str, *, menus: bool = True) -> bool:
    """Whether a line is page furniture rather than the trial's data; ``menus`` False for a
    labelled value (a short title in capitals is no menu item there)."""
    text = clean(line).strip(" |")
    if not text or set(text) <= set("-|:!()[] "):
        return True
    words = len(text.split())
    key = text.casefold()
    if any(notice in key for notice in _NOTICE_TEXT) or _NOTICE.search(key):
        return True
    if _VERSION.search(text) or _CITATION.match(key) or any(c in key for c in _CITATION_TEXT):
        return True
    if (words <= 8 or len(text) <= 60) and (
        any(brand in key for brand in _BRAND_TEXT) or _BRAND.search(key)
    ):
        return True
    if text.casefold() in ("disclaimer", "menu", "search", "home", "top", "english"):
        return True
    return menus and bool(_MENU.match(text) and words <= 3)


def title_words(line: str) -> int:
    """A line's length in words; a CJK character counts as half a word."""
    cjk = len(_CJK.findall(line))
    return len(line.split()) + cjk // 2


def looks_like_title(line: str) -> bool:
    """A title candidate: 4 to 60 words, not a sentence of prose, not an id or date line."""
    text = clean_item(line)
    if not text or is_furniture(text) or _DATE_LINE.match(text):
        return False
    if not 4 <= title_words(text) <= 60:
        return False
    ids = registry_ids_in(text)
    if ids and len(text) - sum(len(i.value) for i in ids) < 25:
        return False  # an id line ("NCT ID NCT03383081")
    if text.endswith((".", "。")) and not text.endswith(("et al.", "etc.")):
        return False  # a sentence, a notice
    return not text.endswith((":", "："))


def title_of(line: str) -> str:
    """A title line without what the page put before it ("Clinical Trial: ...")."""
    title = _TITLE_PREFIX.sub("", clean_item(line))
    return _TITLE_ID_SUFFIX.sub("", title).strip(" '\"‘’“”")


def heading_title(lines: Iterable[str]) -> str:
    """The first line that can be a title, or ""."""
    return next((title_of(line) for line in lines if looks_like_title(line)), "")


_PIPE_RULE = re.compile(
    r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?(?:[ \t]*\|[ \t]*:?-{3,}:?)*[ \t]*\|?[ \t]*$"
)
_LABEL_CELL = re.compile(
    r"^(?P<label>[^|:]{1,80}?)[ \t]*(?::[ \t]*)?\|[ \t]*(?P<value>[^|]+?)[ \t]*\|?$"
)


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def unpipe(lines: Sequence[str]) -> list[str]:
    """Lines of a page copied with its table borders, as label and value lines.

    "Study Type : | Interventional |" -> "Study Type: Interventional"; a header row
    ("Condition or disease | Intervention/treatment | Phase |") above a "---|---|" rule and one
    row of as many cells gives each header its cell; lone "|" and image cells go.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "|" in line and "---" in following and _PIPE_RULE.match(following):
            header = _cells(line)
            if line.lstrip().startswith("|") and len(header) == 2:
                # "| ISRCTN | ISRCTN52892553 |" over "|---|---|": a two-column table of
                # labels and values (ISRCTN's), its first row drawn as the header.
                out.append(f"{header[0]}: {header[1]}")
                index += 2
                continue
            row = _cells(lines[index + 2]) if index + 2 < len(lines) else []
            if header and len(row) == len(header):
                for name, cell in zip(header, row, strict=True):
                    out += [name, cell]
                index += 3
                continue
            out.append(" ".join(header))  # a table whose rows span lines: its heading
            index += 2
            continue
        if "|" not in line and "---" not in line:
            out.append(line)
            index += 1
            continue
        if _PIPE_RULE.match(line):
            index += 1
            continue
        stripped = _IMAGE.sub("", line).rstrip()
        if stripped.strip() == "|":
            index += 1
            continue
        if stripped.lstrip().startswith("|") and len(cells := _cells(stripped)) <= 2:
            out.append(": ".join(cells))  # "| Sponsor | Department of Health (UK) |"
        elif (match := _LABEL_CELL.match(stripped)) and stripped.count("|") <= 2:
            out.append(f"{match['label'].strip()}: {match['value']}")
        else:
            out.append(re.sub(r"\s*\|\s*$", "", stripped))
        index += 1
    return out


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip()]


# A site's glossary printed with the page ("Hide glossary", "GLOSSARY", then each term over
# its definition): the terms look like field labels ("Allocation", "Accepts healthy
# volunteers") and the page's own heading comes after it.
_GLOSSARY_HEADING = re.compile(r"^(?:(?:hide|show)\s+)?glossary$", re.IGNORECASE)
_DEFINITION = re.compile(r"^(?:\S+\s+){7,}\S+[.:]$")
# A term's definition may come a few lines down (after a short list: "Child (birth-17)").
_DEFINITION_REACH = 4


def without_glossary(lines: Sequence[str]) -> list[str]:
    """``lines`` without a glossary block: from its heading while a definition sentence
    follows within a few lines, up to the first line after which none does."""
    start = next((i for i, line in enumerate(lines) if _GLOSSARY_HEADING.match(clean(line))), None)
    if start is None:
        return list(lines)
    end = start + 1
    while end < len(lines) and (
        _GLOSSARY_HEADING.match(clean(lines[end]))
        or any(_DEFINITION.match(clean(line)) for line in lines[end : end + _DEFINITION_REACH])
    ):
        end += 1
    return [*lines[:start], *lines[end:]]
