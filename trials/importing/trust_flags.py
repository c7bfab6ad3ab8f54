"""Review flags that protect visitors, raised from a trial's merged record at each import:
``pay_to_participate`` when the text mentions patients paying, ``stale_status`` when a
recruiting status looks out of date. Curators confirm or clear them (a cleared flag stays
resolved: see ``upsert._write_flags``)."""

import datetime
import re

from trials.catalogue.trust import stale_reason
from trials.models import FlagCode, Status
from trials.parsers.record import ParsedTrial
from trials.parsers.record import ReviewFlag as ParsedFlag
from trials.vocab.statuses import visitor_status

_PERSON = r"(?:the )?(?:patient|participant|subject)s?"
_PAYING = re.compile(
    "|".join(
        [
            r"\b(?:patient|self|privately)[- ]fund(?:ed|ing)\b",
            r"\bself[- ]pay(?:ing)?\b|\bout[- ]of[- ]pocket\b|\bfee[- ]for[- ]service\b",
            r"\b(?:treatment|participation|procedure|enrol(?:l)?ment|program(?:me)?)"
            r" (?:fee|cost|charge)s?\b",
            rf"\b{_PERSON}(?:['’]s?)? (?:will |must |shall |are to )?(?:pay|be charged)\b",
            rf"\bpaid (?:for )?by {_PERSON}\b",
            rf"\bat {_PERSON}['’]?s? (?:own )?(?:expense|cost)\b",
            rf"\bcosts? (?:(?:will|are to) be |are |is )?(?:borne|covered|paid) by {_PERSON}\b",
        ]
    ),
    re.IGNORECASE,
)
# "at no cost to participants", "participants will not pay": said to reassure, not to charge.
_DENIED = re.compile(r"\b(?:no|not|never|free|without|waived?|nor)\b[^.;]{0,40}$", re.IGNORECASE)


def pay_mentions(text: str) -> list[str]:
    """The phrases of ``text`` that say participants pay (not those denying it)."""
    found = []
    for match in _PAYING.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        if not _DENIED.search(before):
            found.append(match.group(0))
    return found


def _texts(merged: ParsedTrial) -> list[str]:
    return [
        merged.title,
        merged.brief_summary,
        merged.detailed_description,
        *merged.inclusion_criteria,
        *merged.exclusion_criteria,
        *merged.unclassified_criteria,
        *(i.description for i in merged.interventions),
        *(a.description for a in merged.arms),
    ]


def trust_flags(merged: ParsedTrial, today: datetime.date) -> list[ParsedFlag]:
    flags = []
    mentions = list(dict.fromkeys(m for text in _texts(merged) for m in pay_mentions(text or "")))
    if mentions:
        quoted = "; ".join(f"“{m}”" for m in mentions[:3])
        flags.append(
            ParsedFlag(
                FlagCode.PAY_TO_PARTICIPATE,
                f"participants may be asked to pay ({quoted}); confirm or clear it in"
                " 'Participants asked to pay'",
            )
        )
    dates = merged.dates
    status = visitor_status(merged.status, merged.recruitment_status)
    reason = stale_reason(
        status,
        Status.label_of(status),
        [dates.completion, dates.primary_completion],
        dates.last_update,
        today,
    )
    if reason:
        flags.append(ParsedFlag(FlagCode.STALE_STATUS, f"status may be out of date: {reason}"))
    return flags
