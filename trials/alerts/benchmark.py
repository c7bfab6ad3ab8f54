"""The alerts' benchmark scenario (``manage.py benchmark_alerts``): on a generated catalogue,
``changed`` published trials get a new version in the window (a new status, a new site in a
new country) with the history records the importer would write, and ``subscriptions``
addresses follow ``searches`` distinct list searches drawn from the catalogue's own values.

The scenario is committed, so that the run pays for committing each mail's mark as a real
one does, and ``clean`` takes it away again (also what a killed benchmark left): its history
records and addresses are marked, and the trials get back the status recorded before.
"""

import email.policy
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail.backends.base import BaseEmailBackend
from django.http import QueryDict

from trials.alerts.queries import canonical_query, describe
from trials.models import (
    AlertSubscription,
    CellType,
    Location,
    Status,
    Trial,
    TrialCountry,
)

WORDS = ("mesenchymal", "knee", "heart", "stroke", "cord blood", "cartilage", "diabetes",
         "spinal cord", "exosome", "liver")  # fmt: skip
NEW_STATUSES = (Status.RECRUITING, Status.ACTIVE_NOT_RECRUITING, Status.COMPLETED)
BEFORE, AFTER = "benchmark_alerts: before", "benchmark_alerts: after"  # change reasons
DOMAIN = "@benchmark-alerts.invalid"


class MeasuringBackend(BaseEmailBackend):
    """Builds each message's bytes as the SMTP backend does, keeps their count and size and
    the seconds it took."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.count = self.bytes = self.opened = 0
        self.seconds = 0.0

    def open(self):
        self.opened += 1
        return True

    def send_messages(self, messages):
        started = time.perf_counter()
        for message in messages:
            self.bytes += len(message.message(policy=email.policy.SMTP).as_bytes())
        self.seconds += time.perf_counter() - started
        self.count += len(messages)
        return len(messages)


@dataclass
class Scenario:
    start: datetime
    changed: int
    subscriptions: int
    searches: int


def searches(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct canonical searches: one or two filters, sometimes words."""
    countries = list(TrialCountry.objects.values_list("country", flat=True).distinct()[:40])
    cell_types = list(CellType.objects.values_list("term", flat=True)[:20])
    options = [
        *(("status", s) for s in Status.values),
        *(("country", c) for c in countries),
        *(("phase", p) for p in ("1", "2", "3")),
        *(("cell_type", c) for c in cell_types),
        *(("q", w) for w in WORDS),
    ]
    found: set[str] = set()
    for _ in range(count * 50):
        if len(found) >= count:
            break
        chosen = rng.sample(options, rng.choice((1, 1, 2, 2, 3)))
        query = canonical_query(QueryDict("&".join(f"{k}={v}" for k, v in chosen)))
        found.add(query)
    return sorted(found)


def build(*, now: datetime, changed: int, subscriptions: int, searches_count: int,
          seed: int) -> Scenario:  # fmt: skip
    rng = random.Random(seed)
    start = now - timedelta(hours=1)
    ids = list(Trial.objects.published().values_list("pk", flat=True))
    chosen = rng.sample(ids, min(changed, len(ids)))
    _change_trials(chosen, start, now, rng)
    pool = searches(searches_count, rng)
    described = {query: describe(query)[:500] for query in pool}
    AlertSubscription.objects.bulk_create(
        AlertSubscription(
            email=f"reader{index}{DOMAIN}",
            query=pool[index % len(pool)],
            description=described[pool[index % len(pool)]],
            confirmed_at=start,
            sent_up_to=start,
        )
        for index in range(subscriptions)
    )
    return Scenario(start, len(chosen), subscriptions, len(pool))


def _change_trials(ids: list[int], start: datetime, now: datetime, rng) -> None:
    """Two historical records per trial (before the window, then in it) and the new state."""
    historical = Trial.history.model
    columns = [f.attname for f in historical._meta.concrete_fields
               if not f.name.startswith("history_") and f.name != "related_snapshot"]  # fmt: skip
    trials = list(Trial.objects.filter(pk__in=ids).only(*columns))
    countries, sites = {}, {}
    for pk, code in TrialCountry.objects.filter(trial__in=ids).values_list("trial", "country"):
        countries.setdefault(pk, []).append(str(code))
    for row in Location.objects.filter(trial__in=ids).values_list(
        "trial", "facility", "city", "country"
    ):
        sites.setdefault(row[0], []).append([row[1], row[2], str(row[3])])
    records = []
    for index, trial in enumerate(trials):
        old_countries = sorted(countries.get(trial.pk, []))
        old_sites = sites.get(trial.pk, [])
        old = {"countries": old_countries, "locations": old_sites}
        new = {
            "countries": sorted({*old_countries, "IT"}),
            "locations": [*old_sites, [f"Benchmark hospital {index}", "Milan", "IT"]],
        }
        values = {name: getattr(trial, name) for name in columns}
        records.append(_record(historical, values, start - timedelta(days=1), old, BEFORE))
        trial.status = rng.choice([s for s in NEW_STATUSES if s != trial.status])
        values["status"] = trial.status
        when = start + (now - start) * rng.random() * 0.9
        records.append(_record(historical, values, when, new, AFTER))
    historical.objects.bulk_create(records, batch_size=1000)
    Trial.objects.bulk_update(trials, ["status"], batch_size=1000)


def _record(historical, values: dict, when: datetime, snapshot: dict, reason: str):
    return historical(**values, history_date=when, history_type="~", related_snapshot=snapshot,
                      history_change_reason=reason)  # fmt: skip


def others_subscribed() -> bool:
    """Whether real subscriptions exist: a committed run would move their marks."""
    return AlertSubscription.objects.exclude(email__endswith=DOMAIN).exists()


def clean() -> None:
    """Take the scenario away: statuses back, its history records and addresses deleted."""
    historical = Trial.history.model
    before = historical.objects.filter(history_change_reason=BEFORE)
    for status in before.values_list("status", flat=True).distinct():
        ids = before.filter(status=status).values("id")
        Trial.objects.filter(pk__in=ids).update(status=status)
    historical.objects.filter(history_change_reason__in=(BEFORE, AFTER)).delete()
    AlertSubscription.objects.filter(email__endswith=DOMAIN).delete()
