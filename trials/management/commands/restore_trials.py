from django.core.management.base import BaseCommand, CommandError

from trials.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `export_trials --format backup` into an empty catalogue."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as stream:
                counts = restore_backup(stream)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {counts['trials.Trial']} trial(s), {sum(counts.values())} rows, "
                f"from {path}."
            )
        )
