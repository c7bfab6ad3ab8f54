"""A lossless backup of the catalogue, and its restore into an empty database.

The backup holds every row of the ``trials`` app (drafts, review flags, curator locks, source
documents with their raw text, the change history) with primary keys and timestamps to the
microsecond, as JSON Lines: a header line, then one Django-serialised row per line, in
dependency order. Users (curators named by review flags and history) are referred to by
username; a restore creates any that are missing as inactive accounts without a password.
Exporting, restoring into an empty database and exporting again gives the same file.
"""

import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import IO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from trials.catalogue import facet_keys
from trials.db.batch import forget_spare_keys

FORMAT = "regentrials-backup"
VERSION = 1
CHUNK = 500
# Kept up to date from search_document by a database trigger (PostgreSQL).
# facet_keys are derived again once everything is restored.
DERIVED_FIELDS = {"trials.trial": {"search_vector", "title_vector", "facet_keys"}}
# Built again from the trials whenever they are served (catalogue/stored_records.py), and
# the words "Did you mean" offers, at its first suggestion (catalogue/search_words.py).
DERIVED_MODELS = {"trials.storedrecord", "trials.searchword"}


class BackupError(Exception):
    pass


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder rounds datetimes to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def backup_models() -> list:
    """Every concrete model of the trials app whose table Django manages, each after the
    models it refers to (an unmanaged model is a view of other tables, such as SQLite's
    full-text index, which its triggers refill as the rows are restored)."""
    app_models = [
        model for model in apps.get_app_config("trials").get_models() if model._meta.managed
    ]
    ordered = serializers.sort_dependencies([(apps.get_app_config("trials"), app_models)])
    return [
        model
        for model in ordered
        if not model._meta.proxy and model._meta.label_lower not in DERIVED_MODELS
    ]


def _fields(model) -> list[str]:
    derived = DERIVED_FIELDS.get(model._meta.label_lower, set())
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [f.name for f in fields if not f.primary_key and f.name not in derived]


def _referenced_usernames() -> list[str]:
    user_model = get_user_model()
    ids = set()
    for model in backup_models():
        for field in model._meta.local_fields:
            if field.is_relation and field.related_model is user_model:
                ids |= set(
                    model.objects.exclude(**{f"{field.name}__isnull": True}).values_list(
                        field.attname, flat=True
                    )
                )
    return sorted(
        user_model.objects.filter(pk__in=ids).values_list(user_model.USERNAME_FIELD, flat=True)
    )


def write_backup(stream: IO[str]) -> Counter:
    """Write the whole catalogue to ``stream``; returns the number of rows per model."""
    header = {"format": FORMAT, "version": VERSION, "users": _referenced_usernames()}
    stream.write(json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n")
    counts = Counter()
    for model in backup_models():
        rows = model._default_manager.order_by("pk")
        if model._meta.local_many_to_many:
            rows = rows.prefetch_related(*(f.name for f in model._meta.local_many_to_many))
        serializers.serialize(
            "jsonl",
            _counted(rows.iterator(chunk_size=CHUNK), counts, model._meta.label),
            stream=stream,
            fields=_fields(model),
            use_natural_foreign_keys=True,
            cls=_ExactEncoder,
            sort_keys=True,
        )
    return counts


def _counted(rows: Iterable, counts: Counter, label: str):
    for row in rows:
        counts[label] += 1
        yield row


def restore_backup(stream: IO[str]) -> Counter:
    """Load a backup into an empty catalogue, all or nothing; returns rows per model."""
    try:
        header = json.loads(stream.readline() or "null")
    except json.JSONDecodeError as error:
        raise BackupError(f"Not a RegenTrials backup: {error}") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("Not a RegenTrials backup (the first line is not its header).")
    if header.get("version") != VERSION:
        raise BackupError(f"Backup version {header.get('version')} is not supported.")
    models = backup_models()
    occupied = [model._meta.label for model in models if model._default_manager.exists()]
    if occupied:
        raise BackupError(
            "The catalogue is not empty (" + ", ".join(occupied) + "); restore into an empty "
            "database (after `manage.py migrate`)."
        )
    counts = Counter()
    with transaction.atomic(), facet_keys.suspended():
        _ensure_users(header.get("users") or [])
        try:
            for item in serializers.deserialize("jsonl", stream, handle_forward_references=True):
                item.save()
                counts[item.object._meta.label] += 1
        except serializers.base.DeserializationError as error:
            raise BackupError(f"The backup is damaged: {error}") from error
        _reset_sequences(models)
        facet_keys.refresh_all()  # rows restored raw sent no signals: every trial, on exit
    return counts


def _ensure_users(usernames: list[str]) -> None:
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": usernames}).values_list(
            user_model.USERNAME_FIELD, flat=True
        )
    )
    for username in sorted(set(usernames) - existing):
        user = user_model(**{user_model.USERNAME_FIELD: username}, is_active=False)
        user.set_unusable_password()
        user.save()


def _reset_sequences(models) -> None:
    """After rows were inserted with their own keys, new rows must get keys after them
    (and keys an import drew before may be taken now)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    forget_spare_keys()
