"""What changed in a trial at its latest recorded version, from the history (trials/history.py).

The feed says, for each trial, how its latest historical record differs from the one before:
its columns (labels and choice labels, long texts only named) and its related rows (the
snapshots' collections). Read for a page of trials in one query.

The same wording serves the alert mails and each trial's public change log: ``news_items``
says, in words, the changes a reader follows (status, phases, countries, sites, eligibility,
contacts); ``describe`` adds every other change for the feed.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django_countries import countries

from trials.history import snapshot_item_changes
from trials.models import Phase, Publication, Trial

# Columns whose change is not news to a reader (bookkeeping, or said by the snapshots).
NOT_SHOWN = {"locked_fields", "created_at", "related_snapshot", "sponsor"}
LONG_TEXT = 80
# Columns and snapshot collections whose changes a reader following a trial is told of.
NEWS_COLUMNS = ("status", "min_age_years", "max_age_years", "sex", "healthy_volunteers",
                "primary_completion_date", "completion_date")  # fmt: skip
LABELS = {"min_age_years": "Minimum age (years)", "max_age_years": "Maximum age (years)",
          "status_raw": "Status in the registry's words"}  # fmt: skip
NEWS_COLLECTIONS = ("phases", "countries", "locations", "criteria", "contacts")


@dataclass(frozen=True)
class Change:
    date: datetime
    first: bool  # the trial's first recorded version: nothing before it to compare
    items: tuple[str, ...]  # "Status: Recruiting → Completed", "conditions: removed …; added …"

    @property
    def text(self) -> str:
        if self.first:
            return "First version in the catalogue."
        if not self.items:
            return "Saved again without a change to its published fields."
        return "Changed: " + "; ".join(self.items) + "."


def latest_changes(trial_ids) -> dict[int, Change]:
    """Each trial's latest change, by trial id (trials without history are left out)."""
    historical = Trial.history.model
    ranked = latest_records(historical.objects.filter(id__in=list(trial_ids)), 2)
    versions: dict[int, list] = {}
    for record in ranked:
        versions.setdefault(record.id, []).append(record)
    return {pk: _change(*records) for pk, records in versions.items()}


def latest_records(records, count: int):
    """The ``count`` latest of ``records`` (historical trials) of each trial, newest first."""
    return (
        records.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(rank__lte=count)
        .order_by("id", "rank")
    )


def _change(new, old=None) -> Change:
    if old is None:
        return Change(new.history_date, True, ())
    return Change(new.history_date, False, describe(new, old))


def describe(new, old) -> tuple[str, ...]:
    """Every change between two historical records of a trial: the reader's news first."""
    others = new.diff_against(old, excluded_fields=[*NOT_SHOWN, *NEWS_COLUMNS]).changes
    if new.status != old.status:
        # The registry's wording changed with the status already said in the reader's words.
        others = [change for change in others if change.field != "status_raw"]
    items = [*news_items(new, old), *(_column_change(change) for change in others)]
    items += [
        _collection_change(name, before, after)
        for name, before, after in snapshot_item_changes(old.related_snapshot, new.related_snapshot)
        if name not in NEWS_COLLECTIONS
    ]
    return tuple(items)


def news_items(new, old) -> tuple[str, ...]:
    """The changes a reader follows, in words: "Status: Not yet recruiting → Recruiting",
    "New site: Milan, Italy", "New inclusion criterion: …"."""
    delta = new.diff_against(old, included_fields=list(NEWS_COLUMNS))
    changed = {change.field: change for change in delta.changes}
    items = [_column_change(changed[name]) for name in NEWS_COLUMNS if name in changed]
    before, after = _snapshot(old), _snapshot(new)
    if before is None or after is None:
        return tuple(items)  # a bulk action saved no rows: nothing to compare them by
    for name in NEWS_COLLECTIONS:
        old_rows, new_rows = before.get(name) or [], after.get(name) or []
        if old_rows != new_rows:
            items += NEWS_WORDING[name](old_rows, new_rows)
    return tuple(items)


def _snapshot(record) -> dict | None:
    snapshot = record.related_snapshot
    # Read through db/bundle.py on SQLite, the JSON column arrives as its text.
    return json.loads(snapshot) if isinstance(snapshot, str) else snapshot


def _phases(old_rows, new_rows) -> list[str]:
    def shown(rows):
        return ", ".join(str(dict(Phase.choices).get(p, p)) for p in rows) or "—"

    return [f"Phase: {shown(old_rows)} → {shown(new_rows)}"]


def _country_name(code: str) -> str:
    return str(countries.name(code) or code)


def _countries(old_rows, new_rows) -> list[str]:
    return [
        *(f"New country: {_country_name(c)}" for c in new_rows if c not in old_rows),
        *(f"Country no longer listed: {_country_name(c)}" for c in old_rows if c not in new_rows),
    ]


def _site(row) -> str:
    facility, city, country = (list(row) + ["", "", ""])[:3]
    return ", ".join(part for part in (facility, city, _country_name(country) if country else "")
                     if part)  # fmt: skip


def _sites(old_rows, new_rows) -> list[str]:
    old_sites, new_sites = [_site(r) for r in old_rows], [_site(r) for r in new_rows]
    return _added_removed(old_sites, new_sites, "New site", "Site no longer listed")


def _criterion(row) -> str:
    kind, _position, text = (list(row) + ["", "", ""])[:3]
    label = {"inclusion": "inclusion criterion", "exclusion": "exclusion criterion"}.get(
        kind, "eligibility criterion"
    )
    return f"{label}: {_short(text)}"


def _criteria(old_rows, new_rows) -> list[str]:
    old_texts, new_texts = [_criterion(r) for r in old_rows], [_criterion(r) for r in new_rows]
    added = [text for text in new_texts if text not in old_texts]
    removed = [text for text in old_texts if text not in new_texts]
    return [f"New {text}" for text in added] + [f"Removed {text}" for text in removed]


def _contacts(old_rows, new_rows) -> list[str]:
    def shown(row):
        name, role = (list(row) + ["", ""])[:2]
        return f"{name} ({role})" if role else str(name)

    old_names, new_names = [shown(r) for r in old_rows], [shown(r) for r in new_rows]
    items = _added_removed(old_names, new_names, "New contact", "Contact no longer listed")
    return items or ["Contact details changed"]


def _added_removed(old_items, new_items, added_label: str, removed_label: str) -> list[str]:
    return [
        *(f"{added_label}: {item}" for item in new_items if item not in old_items),
        *(f"{removed_label}: {item}" for item in old_items if item not in new_items),
    ]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


NEWS_WORDING = {
    "phases": _phases,
    "countries": _countries,
    "locations": _sites,
    "criteria": _criteria,
    "contacts": _contacts,
}


def _collection_change(name: str, before: list[str], after: list[str]) -> str:
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    if not removed and not added:
        return f"{name}: reordered"
    return f"{name}: removed {_summary(removed)}; added {_summary(added)}"


def _summary(items: list[str], limit: int = 5) -> str:
    if not items:
        return "—"
    shown = "; ".join(item if len(item) <= 120 else item[:119] + "…" for item in items[:limit])
    more = len(items) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


def _column_change(change) -> str:
    field = Trial._meta.get_field(change.field)
    label = LABELS.get(change.field) or str(field.verbose_name).capitalize()
    old, new = _shown(field, change.old), _shown(field, change.new)
    if len(old) > LONG_TEXT or len(new) > LONG_TEXT:
        return f"{label}: rewritten"
    return f"{label}: {old} → {new}"


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class LogEntry:
    date: datetime
    items: tuple[str, ...]
    by_curators: bool  # a correction made by the catalogue's curators (who is not said)


def change_log(records) -> list[LogEntry]:
    """A trial's public change log, newest first, from its historical records (oldest
    first): when it was published, then each published version's news for readers. Drafts,
    curators' names and their notes stay out."""
    entries, previous, published_before = [], None, False
    for record in records:
        if record.publication == Publication.PUBLISHED:
            if not published_before:
                entries.append(LogEntry(record.history_date, ("Published in the catalogue",),
                                        False))  # fmt: skip
                published_before = True
            elif previous is not None and (items := news_items(record, previous)):
                by_curators = record.history_user_id is not None
                entries.append(LogEntry(record.history_date, items, by_curators))
        previous = record
    return entries[::-1]
