"""Eligibility criteria: the items of a criteria block, and the kind an unlabelled one suggests.

Pages break criteria in many ways: hard-wrapped lines, sub-items under a parent ("... defined
as:" then "- ANC ≥ 1500"), lead-in sentences ("Patients must meet all of the following:"),
EudraCT's age-group lines, paragraphs joined with ". ,", numbered runs on one line.
"""

import re
from collections.abc import Iterable

from trials.parsers.cleaning import clean, clean_item, has_marker

# "1. ... 2. ..." or "① ...; ② ..." (circled numbers) run together on one line.
_NUMBERED_RUN = re.compile(r"(?:^|(?<=[.;:])\s+)(?=\d{1,2}[.)]\s)|\s*(?=[①-⑳])")
_FIRST_NUMBER = re.compile(r"^\s*1[.)]\s")
_ITEM_NUMBER = re.compile(r"(?<=\s)(\d{1,2})[.)]\s+(?=\S)")
_PARAGRAPHS = re.compile(r"(?<=[.;])\s*,\s+(?=[A-Z])")
_LEAD_IN = re.compile(
    r"(?:following|below|criteria|all of|any of|each of|must|are eligible|will be excluded"
    r"|include|includes|meet|met)\b[^.]{0,40}[:：]$",
    re.IGNORECASE,
)
# EudraCT's age groups ("Adults (18-64 years)") say which ages, they are no criteria.
_AGE_GROUP = re.compile(
    r"^(?:in utero|preterm newborn infants?.*|newborns?\b.*|infants and toddlers.*"
    r"|children \(\d.*|adolescents \(\d.*|adults \(\d.*|elderly \(.*|under 18"
    r"|trial has subjects under 18|number of subjects for this age range.*)$",
    re.IGNORECASE,
)
# A heading over a group of numbered criteria ("Knee Osteoarthritis Subjects", "Part B
# cohort"): it names whom the items below concern and is no criterion itself.
_GROUP_HEADING = re.compile(
    r"^[A-Z][^.;:!?\d<>≤≥=]{0,60}\b(?:subjects|patients|participants|volunteers|cohorts?"
    r"|groups?|arms?|part [A-Z0-9]+)$",
    re.IGNORECASE,
)
_LEAD_IN_SENTENCE = re.compile(
    r"\b(?:criteria|conditions|requirements)\s+(?:listed|given|stated|set out)\s+below\b"
    r"|\b(?:all|any|each|one) of the following (?:criteria|conditions)\b",
    re.IGNORECASE,
)
_EDITORIAL_NOTE = re.compile(r"^\s*(?:please note\b|note\s*:|n\.\s?b\.)", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?)]$")
# An item must say something: a bare "1" (a list cut right after its first number) is none.
_WORDED = re.compile(r"[^\W\d_]")
# A sentence end inside one paragraph, not after an abbreviation ("e.g.", "vs.", "Dr.") or a
# number's point ("1.5"): WHO ICTRP prints a registry's criteria as one paragraph of sentences.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bDr)(?<!\bno)(?<!\bNo)(?<!\bapprox)(?<!\betc)"
    r"(?<=[a-z0-9)%\]])[.;]\s+(?=[A-Z])"
)
# Each sentence of such a paragraph is a criterion when it is this long (not "Age 18.").
SENTENCE_CRITERION_WORDS = 4
_INDENT = re.compile(r"^(\s*)")


def criteria_items(lines: Iterable[str]) -> list[str]:
    """Criteria, one per item: wrapped lines joined, sub-items folded into their parent,
    lead-in sentences, group headings and age-group lines left out, numbered runs and ". ,"
    paragraphs split."""
    rows = [line.rstrip() for line in lines if line.strip()]
    if len(rows) == 1:
        rows = _numbered_sequence(rows[0]) or rows
    if len(rows) == 1 and not has_marker(rows[0]):
        rows = _semicolon_list(rows[0]) or _sentences(rows[0]) or rows
    items: list[str] = []
    parent_indent: int | None = None  # indentation of the item that took sub-items
    bulleted = sum(has_marker(line) for line in rows)
    for index, line in enumerate(rows):
        text = clean(line)
        indent = len(_INDENT.match(line.replace("\t", "    ")).group(1))
        marked = has_marker(line)
        following = rows[index + 1] if index + 1 < len(rows) else ""
        if _AGE_GROUP.match(clean_item(text)):
            continue
        if not marked and bulleted and _LEAD_IN.search(text) and has_marker(following):
            continue  # "Patients must meet all of the following:"
        if not marked and bulleted and _EDITORIAL_NOTE.match(text):
            continue  # "Please note that this revision clarifies the criteria ..."
        heading = clean_item(text).rstrip(" :：")
        if not marked and bulleted and has_marker(following) and len(heading.split()) <= 6:
            if _GROUP_HEADING.match(heading.rstrip(" :：")):  # "CONTROL GROUP ARM :"
                continue
        if items and parent_indent is not None and marked and indent > parent_indent:
            items[-1] = f"{items[-1].rstrip(':;, ')}: {clean_item(text)}".replace("::", ":")
            items[-1] = items[-1].replace(": :", ":")
            continue
        if items and not marked and bulleted and _continues(items[-1], text):
            items[-1] = f"{items[-1]} {text}"  # a hard-wrapped line
            continue
        parent_indent = indent if text.endswith((":", "：")) and marked else None
        for part in _NUMBERED_RUN.split(text):
            for piece in _PARAGRAPHS.split(part):
                if (item := clean_item(piece)) and _WORDED.search(item):
                    items.append(item)
    # "Among patients with ..., those who meet all the criteria listed below ... will be
    # included.": a lead-in written as a sentence (and bulleted) introduces the items after it
    return [
        item
        for i, item in enumerate(items)
        if i == len(items) - 1 or not _LEAD_IN_SENTENCE.search(item)
    ]


def _numbered_sequence(paragraph: str) -> list[str]:
    """The items of "1. ... 2. ... 3. ..." written as one paragraph without punctuation
    before the numbers, when the numbers run 1, 2, 3 in order; else []."""
    if not _FIRST_NUMBER.match(paragraph):
        return []
    cuts, expected = [0], 2
    for match in _ITEM_NUMBER.finditer(paragraph):
        if int(match[1]) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return []
    return [paragraph[a:b].strip() for a, b in zip(cuts, [*cuts[1:], None], strict=True)]


def _semicolon_list(paragraph: str) -> list[str]:
    """The items of a paragraph that lists three or more criteria apart by semicolons
    (IRCT's "age <18 and >75 years; presence of any infection; neoplasia; ..."); else []."""
    if paragraph.count(";") < 2:
        return []
    parts, depth, start = [], 0, 0
    for index, char in enumerate(paragraph):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth <= 0:
            parts.append(paragraph[start:index].strip())
            start = index + 1
    parts.append(paragraph[start:].strip())
    parts = [part for part in parts if part]
    return parts if len(parts) >= 3 else []


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences when each is long enough to be a criterion; else []."""
    ends = [match.end() for match in _SENTENCE_END.finditer(paragraph)]
    sentences = [
        paragraph[start:end].strip() for start, end in zip([0, *ends], [*ends, None], strict=True)
    ]
    long_enough = all(len(s.split()) >= SENTENCE_CRITERION_WORDS for s in sentences)
    return sentences if len(sentences) > 1 and long_enough else []


def _continues(previous: str, text: str) -> bool:
    """Whether an unbulleted line carries on the item before it (a wrapped line)."""
    return not _TERMINAL.search(previous) and (text[:1].islower() or text[:1].isdigit())


_EXCLUSION = re.compile(
    r"\b(?:pregnan\w*|breast[- ]?feeding|lactat\w*|nursing|hiv|hepatitis|hbv|hcv|syphilis"
    r"|infections?|allerg\w*|hypersensitiv\w*|contraindicat\w*|malignan\w*|abuse|addiction"
    r"|alcoholism|history of|prior|previous(?:ly)?|concurrent|concomitant|participation in"
    r"|unable|inability|unwilling|not willing|refus\w*|severe|uncontrolled|active|known"
    r"|childbearing potential|investigational|other clinical trial|excluded)\b"
    r"|妊娠|授乳|感染|既往|合并|除外|排除",
    re.IGNORECASE,
)
_INCLUSION = re.compile(
    r"\b(?:aged?\b|ages|years? old|diagnos\w*|confirmed|willing|able to|informed consent"
    r"|signed|consent|meet\w*|fulfil\w*|must have|eligible|candidates? for|scheduled for"
    r"|indicated for|presenting with|suffering from)|\b\d{1,2}\s*(?:-|to|–)\s*\d{1,3}\s*years"
    r"|≥\s*\d|年齢|診断|同意",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"^(?:no|not|without|absence of|free of|never)\b", re.IGNORECASE)


def criterion_kind(text: str) -> str | None:
    """ "inclusion" or "exclusion" as an unlabelled criterion's wording suggests, else None.

    "Pregnancy", "HIV infection", "History of ..." read as exclusions; "aged 18-50",
    "diagnosis of ...", "signed informed consent" as inclusions; a negated exclusion
    wording ("No history of ...") is an inclusion; both or neither: None.
    """
    excluding = bool(_EXCLUSION.search(text))
    including = bool(_INCLUSION.search(text))
    if excluding and _NEGATED.match(text.strip()):
        return "inclusion"
    if excluding == including:
        return None
    return "exclusion" if excluding else "inclusion"
