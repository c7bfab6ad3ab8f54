"""From documents to trials: the one path the import command and the admin's uploads share.

``import_document`` turns one text into a trial: a text already imported is ``unchanged``
and an older copy of a document a newer copy replaced is ``stale``, neither parsed; otherwise
the parsers detect its format and parse it, and ``upsert.upsert`` writes the parsed record.
``import_safely`` adds the failure policy: a document that cannot be read, holds no trial or
fails inside the upsert is reported by name (its transaction rolled back, nothing left
behind) and never stops the others. ``import_files`` runs that over files, in worker
processes when asked.
"""

import glob
import multiprocessing
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

from trials.importing.documents import UnreadableDocument, decode_document, text_sha256
from trials.importing.lookups import Lookups
from trials.importing.sql import known_document
from trials.importing.upsert import Action, Document, ImportResult, upsert
from trials.parsers import detect, parse_document
from trials.parsers.record import ParseError


def import_document(
    text: str,
    *,
    filename: str,
    now: datetime,
    format: str | None = None,
    publish: bool = False,
    lookups: Lookups | None = None,
) -> ImportResult:
    """Parse one document and upsert its trial. Raises ParseError for a text with no trial."""
    sha = text_sha256(text)
    if (row := known_document(sha)) is not None:
        public_id, known_format, newer = row
        if newer:
            # An older copy of a document that a newer one replaced: applying it would revert
            # the trial (say, a re-run of scripts/serve after a curator's upload).
            why = f"an older copy of {newer}, which a newer copy replaced; not applied"
            return ImportResult(filename, Action.STALE, public_id, known_format, [why])
        return ImportResult(filename, Action.UNCHANGED, public_id, known_format)
    if format is None:
        detection = detect(text)
        format, reason = detection.format, detection.reason
    else:
        reason = "format given by the user"
    parsed = parse_document(text, format=format)
    document = Document(text=text, filename=filename, detection_reason=reason, sha256=sha)
    return upsert(parsed, document, now=now, publish=publish, lookups=lookups)


def failure_message(error: Exception) -> str:
    """How a failed document's error is reported: our own errors in words, others typed."""
    if isinstance(error, OSError | UnreadableDocument | ParseError):
        return str(error) or type(error).__name__
    return f"{type(error).__name__}: {error}"


def import_safely(text: str, *, name: str, filename: str, **options) -> ImportResult:
    """``import_document`` that reports a failure in its result instead of raising it."""
    try:
        return import_document(text, filename=filename, **options)
    except Exception as error:  # one bad document must not stop the others
        return ImportResult(name, Action.FAILED, error=failure_message(error))


def import_file(
    path: Path,
    *,
    now: datetime,
    format: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
    lookups: Lookups | None = None,
) -> ImportResult:
    """Import one file in its own transaction; any failure is returned, never raised.

    A dry run imports inside an outer transaction that is rolled back.
    """
    name = str(path)
    try:
        text = decode_document(path.read_bytes(), max_bytes=settings.IMPORT_MAX_BYTES)
    except (OSError, UnreadableDocument) as error:
        return ImportResult(name, Action.FAILED, error=failure_message(error))
    # The upsert runs in a transaction of its own; an outer one only for a dry run (nested,
    # the upsert's would cost two savepoint round trips).
    with transaction.atomic() if dry_run else nullcontext():
        result = import_safely(
            text, name=name, filename=path.name, now=now, format=format, publish=publish,
            lookups=lookups,
        )  # fmt: skip
        if dry_run:
            transaction.set_rollback(True)
    result.filename = name
    return result


def collect_files(paths: list[str], pattern: str) -> list[Path]:
    """Files named, files under directories (recursively) and glob matches, in sorted order.

    A path that matches nothing is kept, so that the import reports it like any unreadable
    document.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            matches = sorted(p for p in path.rglob(pattern) if p.is_file())
        elif path.exists():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            matches = matches or [path]
        for match in matches:
            found.setdefault(match, None)
    return list(found)


def import_files(
    files: list[Path],
    *,
    now: datetime,
    format: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
    jobs: int = 1,
) -> Iterator[ImportResult]:
    """The result of importing each file, in file order, with ``jobs`` worker processes.

    Each document's import time is the run's plus its position in microseconds: the sources
    of one trial are merged in file order whichever worker imports them.
    """
    tasks = [
        (path, now + timedelta(microseconds=index), format, publish, dry_run)
        for index, path in enumerate(files)
    ]
    if jobs > 1 and len(files) > 1:
        connections.close_all()  # the workers open their own connections
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(files)), initializer=_start_worker) as pool:
            yield from pool.imap(_import_task, tasks, chunksize=4)
    else:
        _start_worker()
        yield from map(_import_task, tasks)


_lookups = Lookups()  # one per process: names seen by one document are not looked up again


def _start_worker() -> None:
    global _lookups
    _lookups = Lookups()


def _import_task(task) -> ImportResult:
    path, now, format, publish, dry_run = task
    return import_file(
        path, now=now, format=format, publish=publish, dry_run=dry_run, lookups=_lookups
    )
