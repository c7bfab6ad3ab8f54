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
_BRAND = re.compile(
    r"clinicaltrials\.gov|clinicaltrials\.veeva|\banzctr\b|\bisrctn\b|\bjrct\b|umin-ctr"
    r"|\bchictr\b|中国临床试验注册中心|\bctri\b|clinical trials register|clinicaltrialsregister"
    r"|\bctis\b|clinical trials information system|euclinicaltrials|\bictrp\b"
    r"|international clinical trials registry platform|\bmedpath\b|meddatax|curemydisease"
    r"|pubmed|\bncbi\b|臨床研究等提出|公開システム|ロゴ|臨床試験登録|\bdrks\b|\blogo\b",
    re.IGNORECASE,
)
# Banners, notices, menus and navigation; a line holding one of these is never data.
_NOTICE = re.compile(
    r"website will be unavailable|technical difficulties|maintenance|apologies for any"
    r"|inconvenience|cookies?\b|javascript|\blog ?(?:in|out)\b|\bsign ?(?:in|up)\b"
    r"|create account|skip to|official website of|\.gov means|\bsite is secure|https?://"
    r"|scientific validity of this study|listing a study does not mean|read our disclaimer"
    r"|federal government|download (?:to )?pdf|back to search|table of contents"
    r"|copy function is not enabled|please note|menu\b|homepage|main navigation"
    r"|access keys|free article|\bdisclaimer\b|terms of use|get notified|subscribe"
    r"|information for consumers|talk to your health care provider|share this|print this",
    re.IGNORECASE,
)
_VERSION = re.compile(
    r"^(?:version\b|v\d+(?:\.\d+)*\b|版本|last (?:updated|update|refreshed|modified)\b"
    r"|first (?:seen|posted|submitted)\b|updated \d+ times?|record last updated|page \d+)"
    r"|·\s*updated\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:[\w,.]+\s+){0,3}(?:\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}日?|(?:19|20)\d{2}|"
    r"(?:令和|平成|昭和)\d{1,2}年.*)[\w\s,:.]*$"
)
_MENU = re.compile(r"^[A-Z][A-Z &/-]{1,30}$")  # LOGIN, MY TRIALS, FAQs...
_CITATION = re.compile(r"^\.|^doi:|^pmid:|^pmcid:|\bet al\.|^epub\b|online ahead of print", re.I)
_TITLE_PREFIX = re.compile(r"^(?:clinical\s+trial|clinical\s+study|study|trial)\s*:\s*", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def is_furniture(line: str) -> bool:
    """Whether a line is page furniture rather than the trial's data."""
    text = clean(line).strip(" |")
    if not text or set(text) <= set("-|:!()[] "):
        return True
    words = len(text.split())
    if _NOTICE.search(text) or _VERSION.search(text) or _CITATION.search(text):
        return True
    if _BRAND.search(text) and (words <= 8 or len(text) <= 60):
        return True
    return bool(_MENU.match(text) and words <= 3)


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
    return _TITLE_PREFIX.sub("", clean_item(line)).strip(" '\"‘’“”")


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
        if (match := _LABEL_CELL.match(stripped)) and stripped.count("|") <= 2:
            out.append(f"{match['label'].strip()}: {match['value']}")
        else:
            out.append(re.sub(r"\s*\|\s*$", "", stripped))
        index += 1
    return out


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip()]
