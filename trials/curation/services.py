"""What curators do to trials, as services the admin calls.

Locks: ``release_locks`` hands fields back to the sources. Review: ``resolve_flags``,
``update_trials`` (publication, reviewed) with one historical record per trial. Browser
imports: ``read_upload`` -> ``preview_uploads`` (everything rolled back) -> ``import_uploads``,
through the same ``importing.files`` path and errors as ``manage.py import_trials``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from simple_history.utils import bulk_update_with_history

from trials.catalogue.records import trial_record
from trials.curation import diffs
from trials.history import change_reason, snapshot_items
from trials.importing import collections, upsert
from trials.importing.documents import UnreadableDocument, decode_document
from trials.importing.files import failure_message, import_document, import_safely
from trials.importing.lookups import Lookups
from trials.importing.upsert import Action, ImportResult
from trials.models import ReviewFlag, Trial
from trials.parsers import parse_document

BATCH_SIZE = 500


# --- locks -----------------------------------------------------------------------------------


def release_locks(trial: Trial, names: Iterable[str]) -> list[str]:
    """Unlock fields and take their values from the sources again; returns the released names.

    One historical record: the re-synchronised trial, or the lock change alone when the
    sources agree with the curator's values.
    """
    wanted = set(names)
    released = [name for name in trial.locked_fields if name in wanted]
    if not released:
        return []
    trial.locked_fields = [name for name in trial.locked_fields if name not in wanted]
    with transaction.atomic(), change_reason(f"lock released: {', '.join(released)}"):
        saved_at = trial.updated_at
        if trial.sources.exists():
            upsert.synchronise(trial)  # saves the trial when a value changes
        if trial.updated_at == saved_at:
            trial.save()
    return released


def lock_conflict_field(flag) -> str | None:
    """The locked field a ``curator_lock`` flag is about (its message starts with the field's
    name in words), or None for any other flag."""
    if flag.code != "curator_lock":
        return None
    return next(
        (
            name
            for name in collections.lockable_fields()
            if flag.message.startswith(name.replace("_", " ") + ":")
        ),
        None,
    )


def lock_conflict_diff(flag) -> SafeString:
    """A curator_lock flag's two values, word by word: the curator's (deleted words) and the
    sources' (inserted words); for a list, every item that differs. "" for other flags."""
    name = lock_conflict_field(flag)
    trial = Trial.objects.get(pk=flag.trial_id)
    merged = upsert.merged_sources(trial) if name else None
    if merged is None:
        return SafeString("")
    if name in collections.SCALAR_FIELDS:
        imported = collections.SCALAR_FIELDS[name](merged)
        return diffs.word_diff(_as_text(getattr(trial, name)), _as_text(imported))
    imported = collections.trial_collections()[name].wanted(merged)
    current = collections.collection_values(trial)[name]
    changes = diffs.list_diff(snapshot_items(name, current), snapshot_items(name, imported))
    return diffs.render_list_diff("yours → the sources'", changes)


def _as_text(value) -> str:
    return "" if value in (None, "") else str(value)


def settle_lock_conflict(flag, user, *, accept_imported: bool) -> str:
    """One click on a curator_lock flag: take the sources' value (release the lock) or keep
    the curator's; the flag is resolved either way. Returns the field's name."""
    name = lock_conflict_field(flag)
    if name is None:
        raise ValueError(f"flag {flag.pk} is not a conflict with a curator's edit")
    with transaction.atomic():
        resolve_flags(ReviewFlag.objects.filter(pk=flag.pk), user)
        if accept_imported:
            release_locks(Trial.objects.get(pk=flag.trial_id), [name])
    return name


# --- review and publication ------------------------------------------------------------------


def resolve_flags(flags: QuerySet, user, *, now: datetime | None = None) -> int:
    """Mark open review flags resolved by ``user``; returns how many were open."""
    return flags.filter(resolved_at=None).update(
        resolved_at=now or timezone.now(), resolved_by=user
    )


def update_trials(trials: QuerySet, *, user, reason: str, **values) -> int:
    """Set column values on trials with one historical record each; returns the count.

    Trials that already hold the values are left alone.
    """
    now = timezone.now()
    pks = list(trials.exclude(**values).values_list("pk", flat=True)) if values else []
    for start in range(0, len(pks), BATCH_SIZE):
        batch = list(Trial.objects.filter(pk__in=pks[start : start + BATCH_SIZE]))
        for trial in batch:
            for name, value in values.items():
                setattr(trial, name, value)
            trial.updated_at = now
        bulk_update_with_history(
            batch,
            Trial,
            [*values, "updated_at"],
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
    return len(pks)


# --- browser imports -------------------------------------------------------------------------


@dataclass
class Upload:
    """One uploaded document: its text, or why it cannot be read."""

    name: str
    text: str = ""
    error: str = ""


def read_upload(upload: UploadedFile) -> Upload:
    """Decode an uploaded file as the import command decodes a file on disk."""
    name = upload.name or "(unnamed)"
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        # Same words as decode_document, without reading a huge upload into memory.
        return Upload(name, error=f"the file is {upload.size:,} bytes, over the {limit:,} limit")
    try:
        return Upload(name, text=decode_document(upload.read(), max_bytes=limit))
    except UnreadableDocument as error:
        return Upload(name, error=str(error))


@dataclass
class Preview:
    """What importing one upload would do."""

    name: str
    error: str = ""
    result: ImportResult | None = None
    trial_pk: int | None = None
    record: dict | None = None  # the trial after the import
    before: dict | None = None  # the trial before it, when it existed
    rows: list[tuple[str, str]] = field(default_factory=list)
    diff: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return not self.error and self.result.action not in (Action.UNCHANGED, Action.STALE)


def preview_uploads(
    uploads: list[Upload], *, format: str | None = None, publish: bool = False
) -> list[Preview]:
    """Import the uploads in one transaction, describe the outcome, and roll it all back."""
    now = timezone.now()
    previews = []
    with transaction.atomic():
        for upload in uploads:
            previews.append(_preview(upload, format=format, publish=publish, now=now))
        transaction.set_rollback(True)
    return previews


def _preview(upload: Upload, *, format, publish, now) -> Preview:
    if upload.error:
        return Preview(upload.name, error=upload.error)
    try:
        with transaction.atomic():
            existing = upsert.existing_trial(parse_document(upload.text, format=format))
            before = _record(existing.pk) if existing is not None else None
            result = import_document(
                upload.text, filename=upload.name, now=now, format=format, publish=publish
            )
            trial = Trial.objects.get(public_id=result.trial_id)
            record = _record(trial.pk)
    except Exception as error:
        return Preview(upload.name, error=failure_message(error))
    preview = Preview(upload.name, result=result, trial_pk=trial.pk, record=record, before=before)
    preview.rows = record_rows(record)
    if before is not None:
        preview.diff = record_diff(before, record)
    return preview


def import_uploads(
    uploads: list[Upload], *, format: str | None = None, publish: bool = False
) -> list[ImportResult]:
    """Import each upload in its own transaction; a failure names the file and stops nothing."""
    now = timezone.now()
    results = []
    lookups = Lookups()
    for upload in uploads:
        if upload.error:
            results.append(ImportResult(upload.name, Action.FAILED, error=upload.error))
            continue
        results.append(
            import_safely(
                upload.text,
                name=upload.name,
                filename=upload.name,
                now=now,
                format=format,
                publish=publish,
                lookups=lookups,
            )
        )
    return results


# --- records, for previews -------------------------------------------------------------------

# Record keys a preview does not show: they always change or say nothing to a curator.
_NOT_SHOWN = {"url", "updated_at", "sources"}


def _record(pk: int) -> dict:
    return trial_record(Trial.objects.for_detail().get(pk=pk))


def _flat(record: dict) -> dict[str, object]:
    """The record with nested objects (dates, regen) spread out: "dates: start"."""
    flat = {}
    for key, value in record.items():
        if key in _NOT_SHOWN:
            continue
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key}: {inner}"] = inner_value
        else:
            flat[key] = value
    return flat


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def show(value: object) -> str:
    """A record value as one line of text for a curator."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(show(item) for item in value)
    if isinstance(value, dict):
        return " / ".join(show(item) for item in value.values() if item not in (None, "", []))
    return str(value)


def record_rows(record: dict) -> list[tuple[str, str]]:
    return [(_label(key), show(value)) for key, value in _flat(record).items()]


def record_diff(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field the import changes."""
    old, new = _flat(before), _flat(after)
    return [
        (_label(key), show(old.get(key)), show(value))
        for key, value in new.items()
        if old.get(key) != value
    ]
