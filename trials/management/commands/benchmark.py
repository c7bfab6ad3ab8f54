"""Measure server time of the catalogue's pages on the configured database.

Requests go through Django's test client in this process (no network), after one warm-up
request per URL, with DEBUG off. Prints p50/p95 per URL and SQL queries per page as a
Markdown table (``--output`` also writes it to a file).
"""

import random
import statistics
import time
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from trials.cold_benchmark import percentile
from trials.models import Trial, TrialCondition, TrialCountry
from trials.views.pages import MAX_RESULTS

BENCHMARK_USER = "benchmark-admin"
EXPORT = "CSV export (about 10,000 rows)"
HEAVY = (EXPORT,)  # timed three times, outside the random mix


class Command(BaseCommand):
    help = "Benchmark p50/p95 server time and queries of 20+ realistic URLs."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", help="Also write the Markdown table to this file.")
        parser.add_argument("--label", default="", help="A title line for the table.")

    def handle(self, *args, requests, seed, output, label, **options):
        if settings.DEBUG:
            raise CommandError("Run with DJANGO_DEBUG off: debug mode distorts the timings.")
        trials = Trial.objects.published()
        total = trials.count()
        if not total:
            raise CommandError("No published trials: run generate_trials first.")
        urls = self.urls(trials, total, random.Random(seed))
        client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
        self.log_in(client)
        times: dict[str, list[float]] = defaultdict(list)
        queries: dict[str, int] = {}
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                self.fetch(client, url)  # warm-up, and the query count
            queries[name] = len(captured)
        rng = random.Random(seed)
        names = [name for name in urls if name not in HEAVY]
        for name in HEAVY:
            times[name] = [self.fetch(client, urls[name]) for _ in range(3)]
        for _ in range(requests):
            name = rng.choice(names)
            times[name].append(self.fetch(client, urls[name]))
        for name in names:  # every URL at least five times
            while len(times[name]) < 5:
                times[name].append(self.fetch(client, urls[name]))
        table = self.table(urls, times, queries, total, label)
        self.stdout.write(table)
        if output:
            with open(output, "a", encoding="utf-8") as file:
                file.write(table + "\n")

    def fetch(self, client: Client, url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return elapsed

    def log_in(self, client: Client) -> None:
        """Log in as the admin's form does after a right code (the admin wants a device)."""
        user = self.admin_user()
        client.force_login(user)
        device, _ = StaticDevice.objects.get_or_create(user=user, name=BENCHMARK_USER)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def admin_user(self):
        user, _ = get_user_model().objects.get_or_create(
            username=BENCHMARK_USER, defaults={"is_staff": True, "is_superuser": True}
        )
        user.last_login = timezone.now()
        return user

    def urls(self, trials, total: int, rng: random.Random) -> dict[str, str]:
        common_country = (
            TrialCountry.objects.values("country").annotate(n=Count("id")).order_by("-n")[0]
        )["country"]
        condition = (
            TrialCondition.objects.values("condition__key")
            .annotate(n=Count("id"))
            .order_by("-n")[0]["condition__key"]
        )
        ids = list(
            trials.order_by("id").values_list("public_id", flat=True)[:: max(1, total // 50)]
        )
        shown = min(total, MAX_RESULTS)  # the list pages through the first MAX_RESULTS only
        last_page = max(1, (shown + settings.TRIALS_PER_PAGE - 1) // settings.TRIALS_PER_PAGE)
        detail = [rng.choice(ids) for _ in range(3)]
        by_status = trials.values("status").annotate(n=Count("id"))
        export_status = min(by_status, key=lambda row: abs(row["n"] - 10_000))["status"]
        return {
            "home": "/",
            "list": "/trials/",
            "list, 1 filter": "/trials/?status=recruiting",
            "list, 2 filters": f"/trials/?status=recruiting&country={common_country}",
            "list, 3 filters": f"/trials/?status=recruiting&country={common_country}&phase=2",
            "list, 4 filters": (
                f"/trials/?status=recruiting&status=completed&country={common_country}"
                "&phase=2&donor=allogeneic"
            ),
            "list, condition": f"/trials/?condition={condition}",
            "search": "/trials/?q=mesenchymal",
            "search, phrase": '/trials/?q="knee osteoarthritis"',
            "search + 1 filter": "/trials/?q=mesenchymal&status=completed",
            "search + 2 filters": f"/trials/?q=cells&country={common_country}&phase=2",
            "list page 1": "/trials/?page=1",
            "list page 10": "/trials/?page=10",
            "list last page": f"/trials/?page={last_page}",
            "detail A": f"/trials/{detail[0]}/",
            "detail B": f"/trials/{detail[1]}/",
            "detail C": f"/trials/{detail[2]}/",
            "API list": "/api/trials/",
            "API page of 50": "/api/trials/?page_size=50&status=completed",
            "feed": "/trials/feed/?status=recruiting",
            EXPORT: f"/trials/export.csv?status={export_status}",
            "admin list": "/admin/trials/trial/",
            "admin list, filter": "/admin/trials/trial/?status__exact=recruiting",
            "admin list, filter + search": "/admin/trials/trial/?status__exact=recruiting&q=knee",
            "landscape": "/landscape/",
            "landscape, 2 filters": f"/landscape/?country={common_country}&phase=2",
            "landscape CSV": "/landscape/start_year.csv?status=recruiting",
        }  # fmt: skip

    def table(self, urls, times, queries, total, label) -> str:
        lines = [
            f"### {label or connection.vendor} - {total:,} published trials",
            "",
            "| page | URL | requests | p50 ms | p95 ms | queries |",
            "|---|---|---|---|---|---|",
        ]
        for name, url in urls.items():
            values = times[name]
            lines.append(
                f"| {name} | `{url}` | {len(values)} | {statistics.median(values):.1f} "
                f"| {percentile(values, 0.95):.1f} | {queries[name]} |"
            )
        return "\n".join(lines) + "\n"
