"""RIS, the exchange format of reference managers (Zotero, EndNote, Mendeley, RefWorks).

One record per trial, typed CTRIAL (clinical trial): its title, acronym, registry id,
sponsor, dates, conditions and cell types as keywords, summary and address here. Lines are
``TAG  - value`` with CRLF endings; a value is one line (line breaks become spaces).
"""

from collections.abc import Iterable

# The trial columns a record needs beyond those every export reads.
RIS_COLUMNS = ("acronym", "brief_summary", "start_date", "first_posted_date")
SITE_NAME = "RegenTrials"


def _line(tag: str, value: object) -> str:
    text = " ".join(str(value).split())
    return f"{tag}  - {text}\r\n" if text else ""


def _ris_date(iso: str) -> str:
    """ "2021-03" -> "2021/03//" (RIS dates are year/month/day/other, parts may be empty)."""
    parts = (iso.split("-") + ["", ""])[:3]
    return "/".join(parts) + "/"


def ris_record(trial: dict, many: dict, url: str) -> str:
    date = trial["first_posted_date"] or trial["start_date"]
    keywords = [*many["conditions"], *many["cell_types"], *many["product_types"]]
    notes = [
        f"Status: {trial['status']}",
        f"Phases: {', '.join(many['phases'])}" if many["phases"] else "",
        f"Enrollment: {trial['enrollment']}" if trial["enrollment"] is not None else "",
        f"Registry ids: {', '.join(many['registry_ids'])}" if many["registry_ids"] else "",
    ]
    lines = [
        _line("TY", "CTRIAL"),
        _line("TI", trial["title"]),
        _line("ST", trial["acronym"]),
        _line("AN", many["registry_ids"][0] if many["registry_ids"] else trial["public_id"]),
        _line("PB", trial["sponsor__name"] or ""),
        _line("PY", date[:4]),
        _line("DA", _ris_date(date) if date else ""),
        *(_line("KW", keyword) for keyword in dict.fromkeys(keywords)),
        _line("AB", trial["brief_summary"]),
        _line("N1", "; ".join(note for note in notes if note)),
        _line("UR", url),
        _line("DB", SITE_NAME),
        "ER  - \r\n\r\n",  # the end of the record: a download cut short lacks it
    ]
    return "".join(lines)


def ris_records(rows: Iterable[tuple[dict, dict, str]]) -> Iterable[str]:
    """The RIS text of ``exports.trial_rows``' rows, a record at a time."""
    for trial, many, url in rows:
        yield ris_record(trial, many, url)
