"""Send every due e-mail alert (run from cron or a systemd timer; see README)."""

from django.core.management.base import BaseCommand

from trials.alerts.sending import send_alerts


class Command(BaseCommand):
    help = "Mail each confirmed alert the trials newly matching its search and what changed."

    def handle(self, *args, **options):
        summary = send_alerts()
        if summary.skipped:
            self.stdout.write(self.style.WARNING("Another run is sending; nothing done."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.messages} alert mail(s) sent to {summary.subscriptions} due "
                f"subscription(s) ({summary.distinct_searches} distinct searches, "
                f"{summary.changed_trials} changed trials up to "
                f"{summary.until:%Y-%m-%d %H:%M:%S} UTC)."
            )
        )
