"""One run of the alerts (``manage.py send_alerts``): every due subscription gets one digest.

Idempotent: the run's window ends ``ALERTS_SETTLE_SECONDS`` ago (an import still committing
lands in the next run), each subscription is sent the changes after its ``sent_up_to`` up to
the window's end, and ``sent_up_to`` moves there in bulk, per chunk, right after the chunk's
messages went out (also when the connection fails part-way: what was sent is recorded, the
rest is sent by the next run). Each distinct saved search is matched once, fifty to a
statement (``queries.matching``), and its digest rendered once.
All messages of a run go through one connection, and one run at a time sends (a PostgreSQL
advisory lock): overlapping runs would both read the same ``sent_up_to``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Min
from django.utils import timezone

from trials.alerts import digest, queries
from trials.alerts.mail import Digest
from trials.db.locks import only_one
from trials.models import AlertSubscription

CHUNK = 500


@dataclass
class RunSummary:
    until: datetime
    subscriptions: int = 0
    messages: int = 0
    changed_trials: int = 0
    distinct_searches: int = 0
    skipped: bool = False  # another run held the lock


def send_alerts(*, now: datetime | None = None, connection=None) -> RunSummary:
    until = (now or timezone.now()) - timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    with only_one("send_alerts") as alone:
        if not alone:  # another run is sending: it would send what this one read, again
            return RunSummary(until, skipped=True)
        return _run(until, connection)


def _run(until: datetime, connection) -> RunSummary:
    summary = RunSummary(until)
    due = AlertSubscription.objects.due(until)
    start = due.aggregate(start=Min("sent_up_to"))["start"]
    if start is None:
        return summary
    window = digest.read_window(start, until)
    summary.changed_trials = len(window.versions)
    connection = connection or mailers.default
    subscriptions = list(due.only("email", "query", "description", "sent_up_to"))
    searches = sorted({subscription.query for subscription in subscriptions})
    found = queries.matching(searches, window.published_ids())
    summary.distinct_searches = len(searches)
    with connection:
        for query, group in groupby(subscriptions, key=lambda s: s.query):
            matching = sorted(found[query])
            group = list(group)
            for index in range(0, len(group), CHUNK):
                chunk = group[index : index + CHUNK]
                summary.messages += _send_chunk(chunk, matching, window, connection)
                summary.subscriptions += len(chunk)
    return summary


def _send_chunk(chunk, matching: list[int], window, connection) -> int:
    """Send the chunk's digests; record what was sent even when sending stops part-way."""
    digests: dict[datetime, Digest | None] = {}  # one search's subscribers mostly share a moment
    done, mailed = [], []
    try:
        for subscription in chunk:
            since = subscription.sent_up_to
            if since not in digests:
                found = [item for item in (window.news(pk, since) for pk in matching) if item]
                digests[since] = Digest(subscription, found) if found else None
            if digests[since] is not None:
                connection.send_messages([digests[since].message(subscription)])
                mailed.append(subscription.pk)
            done.append(subscription.pk)
    finally:
        batch = AlertSubscription.objects.filter(pk__in=done)
        batch.exclude(pk__in=mailed).update(sent_up_to=window.until)
        batch.filter(pk__in=mailed).update(sent_up_to=window.until, last_mailed_at=timezone.now())
    return len(mailed)
