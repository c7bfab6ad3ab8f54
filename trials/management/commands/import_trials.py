"""``manage.py import_trials PATH...``: files in, a line per document and a summary out."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from trials import search_index
from trials.catalogue import search_words
from trials.importing.files import collect_files, import_files
from trials.importing.upsert import Action, ImportResult
from trials.parsers import FORMATS

PROGRESS_THRESHOLD = 30
WRITES = (Action.CREATED, Action.UPDATED, Action.MERGED)


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
        show_progress = len(files) > PROGRESS_THRESHOLD and options["verbosity"] > 0
        imports = import_files(
            files, now=timezone.now(), format=format, publish=publish, dry_run=dry_run, jobs=jobs
        )
        results = list(
            tqdm(imports, total=len(files), unit="doc", file=self.stderr, disable=not show_progress)
        )
        self.report(results, dry_run=dry_run)
        if not dry_run and any(result.action == Action.CREATED for result in results):
            search_index.refresh_statistics()
        if not dry_run and any(result.action in WRITES for result in results):
            search_words.refresh()
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
        if counts[Action.STALE]:
            summary += f", {counts[Action.STALE]} stale (older copies, not applied)"
        summary += f", {counts[Action.FAILED]} failed"
        flagged = sum(1 for result in results if result.flags)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(results)} document(s): {summary}; {flagged} with review flags."
            )
        )
