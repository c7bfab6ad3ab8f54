"""Time the full exports (CSV, JSON, RIS) of every published trial: seconds, size,
queries and the peak memory a download takes while it streams.

Requests go through Django's test client in this process, as ``benchmark`` does. Memory is
measured in a second pass with ``tracemalloc`` (which slows the code it traces): flat
means the peak does not grow with the number of trials.
"""

import time
import tracemalloc

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from trials.models import Trial


class Counter:
    """A database execute wrapper that counts statements and the seconds they took."""

    def __init__(self):
        self.total = 0
        self.seconds = 0.0

    def count(self, execute, sql, params, many, context):
        self.total += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


EXPORTS = ("/trials/export.csv", "/trials/export.json", "/trials/export.ris")


class Command(BaseCommand):
    help = "Benchmark the full CSV, JSON and RIS exports of the published catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="Timed runs of each export.")

    def handle(self, *args, repeat, **options):
        if settings.DEBUG:
            raise CommandError("Run with DJANGO_DEBUG off: debug mode distorts the timings.")
        total = Trial.objects.published().count()
        if not total:
            raise CommandError("No published trials: run generate_trials first.")
        client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
        lines = [
            f"### Full exports on {connection.vendor} - {total:,} published trials",
            "",
            "| export | best s | median s | MB | queries | peak memory MB |",
            "|---|---|---|---|---|---|",
        ]
        for url in EXPORTS:
            seconds, queries = [], Counter()
            for _ in range(repeat):
                with connection.execute_wrapper(queries.count):
                    started = time.perf_counter()
                    size = self.download(client, url)
                    seconds.append(time.perf_counter() - started)
            tracemalloc.start()
            self.download(client, url)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            seconds.sort()
            lines.append(
                f"| `{url}` | {seconds[0]:.2f} | {seconds[len(seconds) // 2]:.2f} "
                f"| {size / 1e6:.1f} | {queries.total // repeat} | {peak / 1e6:.1f} |"
            )
        self.stdout.write("\n".join(lines) + "\n")

    @staticmethod
    def download(client: Client, url: str) -> int:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return sum(len(chunk) for chunk in response.streaming_content)
