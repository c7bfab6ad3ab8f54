import glob
import multiprocessing
from collections import Counter
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone
from tqdm import tqdm

from trials.importing.documents import UnreadableDocument, decode_document
from trials.importing.upsert import Action, ImportResult, Lookups, import_text
from trials.parsers import FORMATS
from trials.parsers.record import ParseError

PROGRESS_THRESHOLD = 30


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = "Import trial source documents (files, directories or globs) into the catalogue."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, directories (recursive) or globs.")
        parser.add_argument("--pattern", default="*.txt", help="File pattern in directories.")
        parser.add_argument("--format", choices=sorted(FORMATS), help="Force one parser.")
        parser.add_argument("--publish", action="store_true", help="Publish new trials.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Worker processes (PostgreSQL; SQLite admits one writer at a time).",
        )

    def handle(self, *args, paths, pattern, format, publish, dry_run, jobs, **options):
        files = collect_files(paths, pattern)
        if not files:
            raise CommandError(f"No documents found in {', '.join(paths)} (pattern {pattern}).")
        now = timezone.now()
        # Each document's import time is the run's plus its position in microseconds: the
        # sources of one trial are merged in file order whichever worker imports them.
        tasks = [
            (path, now + timedelta(microseconds=index), format, publish, dry_run)
            for index, path in enumerate(files)
        ]
        show_progress = len(files) > PROGRESS_THRESHOLD and options["verbosity"] > 0
        progress = {"disable": not show_progress, "unit": "doc", "file": self.stderr}
        if jobs > 1 and len(files) > 1:
            connections.close_all()  # the workers open their own connections
            context = multiprocessing.get_context("fork")
            with context.Pool(min(jobs, len(files)), initializer=_start_worker) as pool:
                results = list(
                    tqdm(pool.imap(_import_task, tasks, chunksize=4), total=len(tasks),
                         **progress)
                )  # fmt: skip
        else:
            _start_worker()
            results = [_import_task(task) for task in tqdm(tasks, **progress)]
        self.report(results, dry_run=dry_run)
        if any(result.action == Action.FAILED for result in results):
            raise CommandError("Some documents failed to import (see above).", returncode=1)

    def report(self, results: list[ImportResult], *, dry_run: bool) -> None:
        verb = "would be " if dry_run else ""
        for result in results:
            if result.action == Action.FAILED:
                self.stderr.write(self.style.ERROR(f"FAILED {result.filename}: {result.error}"))
                continue
            line = f"{result.action:9} {result.trial_id}  {result.filename} [{result.format}]"
            self.stdout.write(line)
            for flag in result.flags:
                self.stdout.write(self.style.WARNING(f"          review: {flag}"))
        counts = Counter(result.action for result in results)
        summary = ", ".join(
            f"{counts[action]} {verb}{action}"
            for action in (Action.CREATED, Action.UPDATED, Action.UNCHANGED, Action.MERGED)
        )
        summary += f", {counts[Action.FAILED]} failed"
        flagged = sum(1 for result in results if result.flags)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(results)} document(s): {summary}; {flagged} with review flags."
            )
        )


_lookups = Lookups()  # one per process: names seen by one document are not looked up again


def _start_worker() -> None:
    global _lookups
    _lookups = Lookups()


def _import_task(task) -> ImportResult:
    path, now, format, publish, dry_run = task
    return import_file(
        path, now=now, format=format, publish=publish, dry_run=dry_run, lookups=_lookups
    )


def import_file(
    path: Path, *, now, format, publish, dry_run, lookups: Lookups | None = None
) -> ImportResult:
    """Import one file in its own transaction; any failure is returned, never raised."""
    name = str(path)
    try:
        text = decode_document(path.read_bytes(), max_bytes=settings.IMPORT_MAX_BYTES)
        # import_text runs in a transaction of its own; an outer one only for a dry run,
        # which rolls back (nested, import_text's would cost two savepoint round trips).
        with transaction.atomic() if dry_run else nullcontext():
            result = import_text(
                text, filename=path.name, now=now, format=format, publish=publish,
                lookups=lookups,
            )  # fmt: skip
            if dry_run:
                transaction.set_rollback(True)
    except (OSError, UnreadableDocument, ParseError) as error:
        return ImportResult(name, Action.FAILED, error=str(error) or type(error).__name__)
    except Exception as error:  # one bad document must not stop the batch
        return ImportResult(name, Action.FAILED, error=f"{type(error).__name__}: {error}")
    result.filename = name
    return result


def collect_files(paths: list[str], pattern: str) -> list[Path]:
    """Files named, files under directories (recursively) and glob matches, in sorted order."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            matches = sorted(p for p in path.rglob(pattern) if p.is_file())
        elif path.exists():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not matches:
                # Reported by the import like any unreadable document.
                matches = [path]
        for match in matches:
            found.setdefault(match, None)
    return list(found)
