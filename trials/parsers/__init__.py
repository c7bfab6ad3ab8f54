"""Source formats: detection and parsing of a trial document into a ParsedTrial.

Each format module has ``sniff(text) -> float`` (confidence 0..1) and
``parse(text) -> ParsedTrial``; ``FORMATS`` lists them, most specific first.
"""

from dataclasses import dataclass, replace
from typing import Protocol

from trials.parsers import (
    aggregator,
    anzctr,
    chictr,
    cris,
    ctgov,
    ctri,
    eu_register,
    eu_summary,
    generic,
    hpscreg,
    ictrp,
    inclinicaltrials,
    isrctn,
    japan,
    pactr,
    rebec,
    secondary,
    spans,
    trialsco,
    veeva,
)
from trials.parsers.classify import classify_with_flags
from trials.parsers.record import ParsedTrial, ParseError
from trials.parsers.sections import signals_in


class Format(Protocol):
    """A source format: a module with these functions, or a registry ``Layout``."""

    def sniff(self, text: str) -> float: ...

    def parse(self, text: str) -> ParsedTrial: ...


# Most specific first: on a tie the first wins. Registry layouts are label tables read by
# one shared reader (trials.parsers.layouts); secondary sources before the generic parser.
FORMATS: dict[str, Format] = {
    aggregator.NAME: aggregator,
    veeva.NAME: veeva,
    trialsco.NAME: trialsco.LAYOUT,
    inclinicaltrials.NAME: inclinicaltrials.LAYOUT,
    eu_summary.NAME: eu_summary,
    ctgov.NAME: ctgov.LAYOUT,
    anzctr.NAME: anzctr.LAYOUT,
    isrctn.NAME: isrctn.LAYOUT,
    hpscreg.NAME: hpscreg.LAYOUT,
    ictrp.NAME: ictrp.LAYOUT,
    japan.JRCT.name: japan.JRCT,
    japan.UMIN.name: japan.UMIN,
    chictr.NAME: chictr.LAYOUT,
    ctri.NAME: ctri.LAYOUT,
    cris.NAME: cris.LAYOUT,
    pactr.NAME: pactr.LAYOUT,
    rebec.NAME: rebec.LAYOUT,
    eu_register.EUCTR.name: eu_register.EUCTR,
    eu_register.CTIS.name: eu_register.CTIS,
    secondary.NAME: secondary.LAYOUT,
    generic.NAME: generic,
}


@dataclass(frozen=True)
class Detection:
    """Which format a text is in, how sure detection is (0..1), and why, in words."""

    format: str
    confidence: float
    reason: str


# A layout must show at least this much of itself to win over the generic parser.
MIN_CONFIDENCE = 0.3


def detect(text: str) -> Detection:
    """The format that recognises ``text`` best, and in words why (generic when none does)."""
    scores: dict[str, float] = {}
    for name, module in FORMATS.items():
        scores[name] = module.sniff(text)
        if scores[name] >= 1.0:
            break  # sure: no later format can win (on a tie the first wins)
    scores = {
        name: score
        for name, score in scores.items()
        if score >= MIN_CONFIDENCE or name == generic.NAME
    }
    scores.setdefault(generic.NAME, 0.0)
    best = max(scores, key=lambda name: scores[name])  # ties: the first, most specific format
    module = FORMATS[best]
    found = [phrase for phrase, _ in signals_in(text, getattr(module, "SIGNALS", ()))]
    if found:
        quoted = [f"'{phrase}'" for phrase in found[:3]]
        listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        reason = f"{listed} found ({best} layout)"
    else:
        reason = "no known layout recognised; read by its labels (generic parser)"
    return Detection(best, scores[best], reason)


def parse_document(text: str, format: str | None = None) -> ParsedTrial:
    """Detect (unless ``format`` names one), parse and classify one document.

    Raises ValueError for an unknown format name and ParseError when the text holds no trial
    (neither a title nor a registry id).
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known formats: {', '.join(FORMATS)}")
    name = format or detect(text).format
    parsed = FORMATS[name].parse(text)
    if not parsed.title and not parsed.registry_ids:
        raise ParseError("no trial found: the text has neither a title nor a registry id")
    regen, flags = classify_with_flags(parsed)
    parsed = replace(parsed, regen=regen, review_flags=(*parsed.review_flags, *flags))
    return replace(parsed, spans=spans.locate(parsed, text))
