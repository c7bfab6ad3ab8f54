"""Trial history: who changed a trial, when, why and what (django-simple-history).

Every save of a Trial (a curator's edit, an import, a lock release, a publication action)
writes one historical record: the user of the request (none for ``manage.py import_trials``),
the time, a change reason ("import of 001.txt", "edited in the admin: enrollment") and a copy
of the trial's columns. ``related_snapshot`` adds the trial's related rows (conditions,
criteria, locations...) as the importer compares them, so the history page can show what
changed there too; it is null where no snapshot was taken (bulk publication actions).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from simple_history.models import HistoricalRecords

# Trial columns the history leaves out: derived from the rest, or bookkeeping.
# Derived columns, and who is assigned to review the trial (not a change to the trial).
EXCLUDED_FIELDS = [
    "search_document", "search_vector", "title_vector", "facet_keys", "updated_at", "assigned_to",
]  # fmt: skip


class TrialHistoryBase(models.Model):
    """Extra columns of the historical trial model."""

    related_snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The trial's related rows at this point, by collection name.",
    )

    class Meta:
        abstract = True


class TrialHistoricalRecords(HistoricalRecords):
    """Historical records whose change reason may come from ``change_reason()``."""

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        return reason or getattr(self.context, "change_reason", None)


@contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Give every historical record written inside the block this change reason."""
    context = HistoricalRecords.context
    previous = getattr(context, "change_reason", None)
    context.change_reason = reason
    try:
        yield
    finally:
        context.change_reason = previous


def snapshot_item_changes(
    old: dict | None, new: dict | None
) -> list[tuple[str, list[str], list[str]]]:
    """(collection, items before, items after) for each collection that differs between two
    snapshots, each item as readable text."""
    if old is None or new is None:
        return []
    changes = []
    for name in sorted(set(old) | set(new)):
        before, after = snapshot_items(name, old.get(name)), snapshot_items(name, new.get(name))
        if before != after:
            changes.append((name, before, after))
    return changes


def snapshot_items(name: str, value) -> list[str]:
    """A snapshot value (or a collection's value as the importer compares it) as a flat list
    of readable items."""
    if not value:
        return []
    if name == "interventions":  # [interventions, arms]
        value = [*value[0], *value[1]]
    return [_text(item) for item in value]


def _text(item) -> str:
    if isinstance(item, list | tuple):
        return " / ".join(_text(part) for part in item if part not in ("", None, [], ()))
    return str(item)
