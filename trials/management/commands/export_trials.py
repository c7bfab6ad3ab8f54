import json
import sys

from django.core.management.base import BaseCommand, CommandError

from trials.backup import write_backup
from trials.catalogue.records import trial_record
from trials.models import Trial

CHUNK = 500


class Command(BaseCommand):
    help = (
        "Export trials as a JSON array of records (shared/trial-record.schema.json), or "
        "with --format backup everything, losslessly, for restore_trials."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "backup"], default="json")
        parser.add_argument("--output", help="File to write (default: standard output).")
        parser.add_argument("--published-only", action="store_true")

    def handle(self, *args, output, published_only, **options):
        if options["format"] == "backup":
            if published_only:
                raise CommandError("A backup holds every trial; drop --published-only.")
            return self.backup(output)
        trials = Trial.objects.all()
        if published_only:
            trials = trials.published()
        trials = trials.for_detail().order_by("public_id")
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout
        count = 0
        try:
            stream.write("[")
            for trial in trials.iterator(chunk_size=CHUNK):
                stream.write(",\n" if count else "\n")
                stream.write(json.dumps(trial_record(trial), ensure_ascii=False, indent=2))
                count += 1
            stream.write("\n]\n")
        finally:
            if output:
                stream.close()
        if output:
            self.stdout.write(self.style.SUCCESS(f"Wrote {count} trial(s) to {output}."))

    def backup(self, output) -> None:
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as stream:
                counts = write_backup(stream)
        else:
            counts = write_backup(sys.stdout)
        rows = sum(counts.values())
        trials = counts["trials.Trial"]
        if output:
            self.stdout.write(
                self.style.SUCCESS(f"Backed up {trials} trial(s), {rows} rows, to {output}.")
            )
