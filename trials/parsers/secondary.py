"""Secondary sources: journal abstracts and news items about a trial (PubMed pages, protocol
abstracts, press releases, news wires), with or without the trial's registration number.
What they say of the trial is read (title, registry id, phase, condition, design, size, a
labelled field where the item quotes one); the record is flagged as a secondary source for a
curator to confirm against the registry."""

import re

from trials.parsers.cleaning import clean, clean_item
from trials.parsers.draft import Draft
from trials.parsers.furniture import looks_like_title, title_of
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.inference import (
    condition_in_prose,
    condition_in_title,
    count_in_words,
    design_in,
    status_in_news,
    trial_size_in,
)
from trials.parsers.layouts import Layout, head_lines
from trials.parsers.sections import LABELS, Section, label_table

NAME = "secondary"
_HINTS = ("abstract", "doi:", "pmid", "et al.", "ahead of print", "registry received",
          "press release", "newswire", "(nct", "trial registration", "published in",
          "registered as", "registered with", "registered at", "announced", "news |")  # fmt: skip
_MARKERS = re.compile(
    r"^\s*Abstract\s*$|^\s*doi:\s*10\.|\bPMID:?\s*\d|\bet al\.|online ahead of print"
    r"|registry received information|press release|\bnewswire\b|\(NCT\d{8}\)|trial registration\b"
    r"|^\s*(?:Background|Methods|Results|Conclusions?)\s*$|\bopen access\b"
    r"|Published in:|\b(?:has been|was|is|were)\s+registered\s+(?:as|at|with|in)\b"
    r"|\b(?:today\s+announced|announced\s+today)\b|^\s*News\s*\|",
    re.IGNORECASE | re.MULTILINE,
)
# A news item's dateline: "Sydney, Jan 12, 2016 - (ABN Newswire) -", "February 11, 2009 - ".
_DATELINE = re.compile(
    r"^(?:[A-Z][\w .'-]{1,30},\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2},\s+\d{4}\s*[-–—]",
    re.MULTILINE,
)
_ABOUT_A_TRIAL = re.compile(r"\btrials?\b|\bclinical\s+stud(?:y|ies)\b", re.IGNORECASE)
# Without a registration number, a page must show this many markers of an article or a news
# item (and speak of a clinical trial) to be read as one.
NEWS_MARKERS = 2


def sniff(text: str) -> float:
    """Sure only of a page that reads like an abstract or a news item and names a
    registration number, or, without one, shows two such markers and speaks of a clinical
    trial; a registry page (many labels) is some other layout's."""
    head = text[:20_000]
    key = head.casefold()
    if not any(hint in key for hint in _HINTS):
        return 0.0
    markers = len(_MARKERS.findall(head)) + len(_DATELINE.findall(head[:3000]))
    if not registry_ids_in(head) and (markers < NEWS_MARKERS or not _ABOUT_A_TRIAL.search(head)):
        return 0.0
    return min(0.6, 0.2 * markers) if markers else 0.0


_TRIAL_WORDS = re.compile(
    r"\b(?:trial|study|phase|randomi[sz]ed|versus|vs|efficacy|safety|feasibility)\b",
    re.IGNORECASE,
)
# "The trial is entitled, “A Phase 1 randomised ... study ...”": the trial's own title, quoted.
_QUOTED_TITLE = re.compile(
    r"\b(?:entitled|titled|called|named)\s*[,:]?\s*"
    r"(?:[“\"](?P<double>[^”\"]{20,400})[”\"]|[‘'](?P<single>[^’']{20,400})[’'])",
    re.IGNORECASE,
)
# Paragraphs of prose (an unlabelled abstract, a news item's body) are at least this long.
PROSE_WORDS = 25


def _read_item(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """The title, then what the prose says of the trial: its size, where it stands (a news
    item's wording), and the disease it treats when the title names none."""
    _title(draft, preamble, sections)
    _prose(draft, preamble)
    where = "the text of the article or news item"
    prose = [draft.values.get(name, "") for name in ("brief_summary", "detailed_description")]
    prose = [text for text in [*prose, *draft.values.get("notes", ())] if text]
    for field_name, value in design_in(draft.values.get("detailed_description", "")).items():
        draft.put_implied(field_name, value, "the methods of the abstract")
    sizes = [trial_size_in(text) for text in prose] + [count_in_words(text) for text in prose]
    draft.put_implied("enrollment", next(filter(None, sizes), None), where)
    if not draft.has("status") and (status := status_in_news(" ".join(prose))):
        draft.put_implied("status", status, where)
    title = draft.values.get("title", "")
    if not draft.has("conditions") and not condition_in_title(title):
        condition = next(filter(None, map(condition_in_prose, prose)), "")
        draft.put_implied("conditions", (condition,) if condition else (), where)


def _title(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """The trial's title quoted in the text, else of the first few title-like lines (an
    article's title may end with a full stop) the one that speaks of a trial, else the
    longest: an abstract's page shows the journal, the citation and the article title."""
    if draft.has("title"):
        return
    lines = head_lines(preamble, sections)
    if quoted := _QUOTED_TITLE.search("\n".join(lines)):
        draft.put("title", clean(quoted["double"] or quoted["single"]).rstrip(". "))
        draft.flag("title_guessed", "no labelled title; the trial title the text quotes is used")
        return
    candidates = [title_of(line) for line in lines if _title_like(line)][:4]
    if not candidates:
        return
    about = [line for line in candidates if _TRIAL_WORDS.search(line)]
    title = about[0] if about else max(candidates, key=len)
    draft.put("title", title)
    draft.flag("title_guessed", f"no labelled title; the heading '{title[:60]}' is used")


def _title_like(line: str) -> bool:
    """A title line; an article's title may end with a full stop, but holds no other."""
    text = clean_item(line)
    if looks_like_title(text):
        return True
    return text.endswith(".") and ". " not in text and looks_like_title(text.removesuffix("."))


def _prose(draft: Draft, preamble: list[str]) -> None:
    """An abstract printed without its headings, a news item's body: the long paragraphs
    (lines between blank lines, as a copy may wrap them)."""
    if draft.has("brief_summary"):
        return
    blocks = " ".join(line.strip() or "\n" for line in preamble).split("\n")
    paragraphs = [clean(block) for block in blocks if len(block.split()) >= PROSE_WORDS]
    draft.put("brief_summary", "\n\n".join(paragraphs))


LAYOUT = Layout(
    name=NAME,
    signals=(
        ("Abstract", 0.2),
        ("et al.", 0.2),
        ("doi:", 0.2),
        ("registry received information", 0.4),
        ("Trial registration", 0.2),
        ("PMID", 0.2),
        ("Newswire", 0.2),
        ("Published in", 0.2),
    ),
    labels=label_table(
        LABELS,
        {
            "brief_summary": ("Abstract", "Background", "Summary"),
            # An abstract's methods state the trial's design, phase, size and route.
            "detailed_description": (
                "Methods",
                "Methods/design",
                "Methods and analysis",
                "Design",
                "Materials and methods",
                "Patients and methods",
            ),
            "ignore": (
                "Keywords",
                "Keyphrases",
                "Conflict of interest statement",
                "Figures",
                "References",
                "Copyright",
                "Results",
                "Conclusions",
                "Conclusion",
                "Comments",
                "Related articles",
                "Related Content",
            ),
        },
    ),  # fmt: skip
    sniffer=sniff,
    hook=_read_item,
    flags=(
        (
            "secondary_source",
            "read from an abstract or news item, not from a registry record; confirm the values "
            "with the registry",
        ),
    ),
)
