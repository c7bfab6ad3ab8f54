"""Secondary sources: journal abstracts and news items that name a trial's registration number
(PubMed pages, press releases, news wires). What they say of the trial is read (title, registry
id, phase, condition, design, a labelled field where the item quotes one); the record is
flagged as a secondary source for a curator to confirm against the registry."""

import re

from trials.parsers.identifiers import registry_ids_in
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "secondary"
_HINTS = ("abstract", "doi:", "pmid", "et al.", "ahead of print", "registry received",
          "press release", "newswire", "(nct", "trial registration")  # fmt: skip
_MARKERS = re.compile(
    r"^\s*Abstract\s*$|^\s*doi:\s*10\.|\bPMID:?\s*\d|\bet al\.|online ahead of print"
    r"|registry received information|press release|\bnewswire\b|\(NCT\d{8}\)|trial registration:",
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
    flags=(
        (
            "secondary_source",
            "read from an abstract or news item, not from a registry record; confirm the values "
            "with the registry",
        ),
    ),
)
