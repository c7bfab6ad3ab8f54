"""Secondary sources: journal abstracts and news items that name a trial's registration number
(PubMed pages, press releases, news wires). What they say of the trial is read (title, registry
id, phase, condition, design, a labelled field where the item quotes one); the record is
flagged as a secondary source for a curator to confirm against the registry."""

import re

from trials.parsers.draft import Draft
from trials.parsers.furniture import looks_like_title, title_of
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.layouts import Layout, head_lines
from trials.parsers.sections import LABELS, Section, label_table

NAME = "secondary"
_HINTS = ("abstract", "doi:", "pmid", "et al.", "ahead of print", "registry received",
          "press release", "newswire", "(nct", "trial registration")  # fmt: skip
_MARKERS = re.compile(
    r"^\s*Abstract\s*$|^\s*doi:\s*10\.|\bPMID:?\s*\d|\bet al\.|online ahead of print"
    r"|registry received information|press release|\bnewswire\b|\(NCT\d{8}\)|trial registration\b"
    r"|^\s*(?:Background|Methods|Results|Conclusions?)\s*$|\bopen access\b",
    re.IGNORECASE | re.MULTILINE,
)


def sniff(text: str) -> float:
    """Sure only of a page that names a registration number and reads like an abstract or a
    news item; a registry page (many labels) is some other layout's."""
    head = text[:20_000]
    key = head.casefold()
    if not any(hint in key for hint in _HINTS) or not registry_ids_in(head):
        return 0.0
    markers = len(_MARKERS.findall(head))
    return min(0.6, 0.2 * markers) if markers else 0.0


_TRIAL_WORDS = re.compile(
    r"\b(?:trial|study|phase|randomi[sz]ed|versus|vs|efficacy|safety|feasibility)\b",
    re.IGNORECASE,
)


def _title(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """An abstract's page shows the journal, the citation and the article title: of the first
    few title-like lines, the one that speaks of a trial (else the longest) is the title."""
    if draft.has("title"):
        return
    candidates = [
        title_of(line) for line in head_lines(preamble, sections) if looks_like_title(line)
    ]
    candidates = candidates[:4]
    if not candidates:
        return
    about = [line for line in candidates if _TRIAL_WORDS.search(line)]
    title = about[0] if about else max(candidates, key=len)
    draft.put("title", title)
    draft.flag("title_guessed", f"no labelled title; the heading '{title[:60]}' is used")


LAYOUT = Layout(
    name=NAME,
    signals=(
        ("Abstract", 0.2),
        ("et al.", 0.2),
        ("doi:", 0.2),
        ("registry received information", 0.4),
        ("Trial registration", 0.2),
        ("PMID", 0.2),
    ),
    labels=label_table(
        LABELS,
        {
            "brief_summary": ("Abstract", "Background", "Summary"),
            "ignore": (
                "Keywords",
                "Conflict of interest statement",
                "Figures",
                "References",
                "Copyright",
                "Methods",
                "Results",
                "Conclusions",
                "Comments",
                "Related articles",
            ),
        },
    ),  # fmt: skip
    sniffer=sniff,
    hook=_title,
    flags=(
        (
            "secondary_source",
            "read from an abstract or news item, not from a registry record; confirm the values "
            "with the registry",
        ),
    ),
)
