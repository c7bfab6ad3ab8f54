from django.core.management.base import BaseCommand

from trials.curation.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the 'curator' and 'editor-in-chief' groups and their permissions."

    def handle(self, *args, **options):
        for name, (created, count) in setup_roles().items():
            verb = "created" if created else "updated"
            self.stdout.write(f"{name}: {verb}, {count} permission(s)")
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
