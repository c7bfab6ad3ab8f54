"""Time one ``send_alerts`` run: N subscriptions over the generated catalogue, M trials
changed in the window; prints seconds, queries and messages. The scenario is committed (each
mail's mark is committed, as in a real run) and taken away afterwards, also when the run
fails; a killed benchmark's leftovers are taken away by the next one. Run it on a copy of a
catalogue without real subscriptions (run ``generate_trials`` first for the catalogue)."""

import cProfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from trials.alerts import benchmark
from trials.alerts.sending import send_alerts
from trials.management.commands.benchmark_exports import Counter
from trials.models import Trial


class Command(BaseCommand):
    help = "Benchmark the alerts' digest run (issue 19: 10,000 subscriptions, 1,000 changes)."

    def add_arguments(self, parser):
        parser.add_argument("--subscriptions", type=int, default=10_000)
        parser.add_argument("--changed", type=int, default=1_000)
        parser.add_argument("--searches", type=int, default=500, help="Distinct saved searches.")
        parser.add_argument("--seed", type=int, default=19)
        parser.add_argument("--profile", help="Write the run's cProfile statistics to this file.")

    def handle(self, *args, subscriptions, changed, searches, seed, profile, **options):
        total = Trial.objects.published().count()
        if not total:
            raise CommandError("No published trials: run generate_trials first.")
        if benchmark.others_subscribed():
            raise CommandError("This catalogue has real alert subscriptions: use a copy.")
        benchmark.clean()
        now = timezone.now()
        try:
            started = time.perf_counter()
            with transaction.atomic():
                scenario = benchmark.build(now=now, changed=changed, subscriptions=subscriptions,
                                           searches_count=searches, seed=seed)  # fmt: skip
            built = time.perf_counter() - started
            backend, queries = benchmark.MeasuringBackend(), Counter()
            profiler = cProfile.Profile() if profile else None
            with connection.execute_wrapper(queries.count):
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                summary = send_alerts(now=now + timezone.timedelta(minutes=5), connection=backend)
                seconds = time.perf_counter() - started
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
        finally:
            benchmark.clean()
        self.stdout.write(
            "\n".join(
                [
                    f"### send_alerts on {connection.vendor}: {total:,} published trials",
                    "",
                    "| subscriptions | distinct searches | changed trials | mails | MB | "
                    "queries | seconds | setup s |",
                    "|---|---|---|---|---|---|---|---|",
                    f"| {summary.subscriptions:,} | {scenario.searches:,} | "
                    f"{summary.changed_trials:,} | {backend.count:,} | "
                    f"{backend.bytes / 1e6:.1f} | {queries.total:,} | {seconds:.1f} | "
                    f"{built:.1f} |",
                    "",
                    f"Connections opened: {backend.opened}. Of the run's seconds: database "
                    f"statements {queries.seconds:.1f}, writing the messages' bytes (SMTP "
                    f"policy) {backend.seconds:.1f}.",
                ]
            )
        )
