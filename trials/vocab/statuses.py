"""The visitors' status: one recruitment vocabulary whatever the registry.

Registries' wordings map to the record schema's terms (``fields.STATUS``). Three of those
terms are EU regulatory stages, not recruitment states: "authorised" (a regulator allowed
the trial; CTIS shows it before any site has started), "ongoing" (started somewhere; the
register says nothing about recruitment) and "ended". Visitors never read those: a
recruitment wording the same page states ("Recruitment status: Recruiting", "In
arruolamento") decides, and without one the stage is read as below (docs/statuses.md).
"""

from trials.vocab.fields import lookup

# The record schema's terms that state a regulatory stage rather than recruitment.
STAGE_FOR_VISITORS = {
    "authorised": "not_yet_recruiting",
    "ongoing": "unknown",
    "ended": "completed",
}

VISITOR_STATUSES = (
    "not_yet_recruiting",
    "recruiting",
    "enrolling_by_invitation",
    "active_not_recruiting",
    "suspended",
    "terminated",
    "completed",
    "withdrawn",
    "unknown",
)


def is_stage(term: str | None) -> bool:
    return term in STAGE_FOR_VISITORS


def recruitment_term(wording: str) -> str | None:
    """The visitors' term a recruitment wording states, or None when it states none (an
    unknown wording, or a regulatory stage)."""
    term = lookup("status", wording) if wording else None
    return None if term is None or is_stage(term) else term


def visitor_status(term: str | None, recruitment_wording: str = "") -> str:
    """The visitors' status of a record whose status is the schema ``term`` and whose page
    states ``recruitment_wording`` apart from it ("" when it does not)."""
    if recruitment := recruitment_term(recruitment_wording):
        return recruitment
    if term is None:
        return "unknown"
    return STAGE_FOR_VISITORS.get(term, term)


def record_status(status: str, status_raw: str, recruitment_wording: str = "") -> str:
    """The published record's ``status`` (the record schema's term for what the registry
    states): the registry's own stage ("authorised") while the visitors' ``status`` is no more
    than the reading of it, else the visitors' status (a recruitment wording, a curator's)."""
    term = lookup("status", status_raw) if status_raw else None
    if is_stage(term) and visitor_status(term, recruitment_wording) == status:
        return term
    return status
