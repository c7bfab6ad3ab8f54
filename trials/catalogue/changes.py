"""What changed in a trial at its latest recorded version, from the history (trials/history.py).

The feed says, for each trial, how its latest historical record differs from the one before:
its columns (labels and choice labels, long texts only named) and its related rows (the
snapshots' collections). Read for a page of trials in one query.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from trials.history import snapshot_item_changes
from trials.models import Trial

# Columns whose change is not news to a reader (bookkeeping, or said by the snapshots).
NOT_SHOWN = {"locked_fields", "created_at", "related_snapshot", "sponsor"}
LONG_TEXT = 80


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
    ranked = (
        historical.objects.filter(id__in=list(trial_ids))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(rank__lte=2)
        .order_by("id", "rank")
    )
    versions: dict[int, list] = {}
    for record in ranked:
        versions.setdefault(record.id, []).append(record)
    return {pk: _change(*records) for pk, records in versions.items()}


def _change(new, old=None) -> Change:
    if old is None:
        return Change(new.history_date, True, ())
    delta = new.diff_against(old, excluded_fields=NOT_SHOWN)
    items = [_column_change(change) for change in delta.changes]
    items += [
        _collection_change(name, before, after)
        for name, before, after in snapshot_item_changes(old.related_snapshot, new.related_snapshot)
    ]
    return Change(new.history_date, False, tuple(items))


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
    label = str(field.verbose_name).capitalize()
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
    return str(value)
