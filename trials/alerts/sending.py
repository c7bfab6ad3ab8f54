"""One run of the alerts (``manage.py send_alerts``): every due subscription gets one digest.

Exactly once, as far as a mail server allows: the run's window ends
``ALERTS_SETTLE_SECONDS`` ago (an import still committing lands in the next run), each
subscription is sent the changes after its ``sent_up_to`` up to the window's end, and its
``sent_up_to`` moves there in its own committed UPDATE right after the server took the
message. A run killed at any point therefore repeats at most the one message whose
UPDATE it did not reach, and skips nothing; subscriptions with nothing to tell are moved
in one UPDATE per batch (repeating their empty digest sends nothing). Run it outside a
transaction, or the marks are only as durable as that transaction.

Reading stays constant per batch: the window is read once, each distinct saved search is
matched once, fifty to a statement (``queries.matching``), and each digest (search, moment)
rendered once. All messages of a run go through one connection, and one run at a time
sends (a PostgreSQL advisory lock): overlapping runs would both read the same ``sent_up_to``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Min
from django.utils import timezone

from trials.alerts import digest, queries
from trials.alerts.mail import Digest
from trials.db.locks import only_one
from trials.models import AlertSubscription

BATCH = 500


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
    subscriptions = list(due.only("email", "query", "description", "sent_up_to"))
    searches = sorted({subscription.query for subscription in subscriptions})
    summary.distinct_searches = len(searches)
    digests = Digests(window, queries.matching(searches, window.published_ids()))
    connection = connection or mailers.default
    with connection:
        for index in range(0, len(subscriptions), BATCH):
            batch = subscriptions[index : index + BATCH]
            summary.messages += _send_batch(batch, digests, connection, until)
            summary.subscriptions += len(batch)
    return summary


class Digests:
    """Each search's digest since each moment, rendered once for all who share them."""

    def __init__(self, window: digest.ChangeWindow, found: dict[str, set[int]]):
        self.window = window
        self.matching = {search: sorted(ids) for search, ids in found.items()}
        self._rendered: dict[tuple[str, datetime], Digest | None] = {}

    def of(self, subscription: AlertSubscription) -> Digest | None:
        key = (subscription.query, subscription.sent_up_to)
        if key not in self._rendered:
            news = (self.window.news(pk, key[1]) for pk in self.matching[key[0]])
            found = [item for item in news if item]
            self._rendered[key] = Digest(subscription, found) if found else None
        return self._rendered[key]


def _send_batch(batch, digests: Digests, connection, until: datetime) -> int:
    """Mail the batch's digests, each marked sent as soon as the server took it."""
    mailing = [(subscription, digests.of(subscription)) for subscription in batch]
    quiet = [subscription.pk for subscription, found in mailing if found is None]
    if quiet:  # nothing to tell them up to ``until``: no message to repeat or to lose
        AlertSubscription.objects.filter(pk__in=quiet).update(sent_up_to=until)
    sent = 0
    for subscription, found in mailing:
        if found is None:
            continue
        if connection.send_messages([found.message(subscription)]):
            _mark_sent(subscription.pk, until)
            sent += 1
    return sent


def _mark_sent(pk: int, until: datetime) -> None:
    # Its own statement, committed at once: a kill after this repeats nothing.
    AlertSubscription.objects.filter(pk=pk).update(sent_up_to=until, last_mailed_at=timezone.now())
