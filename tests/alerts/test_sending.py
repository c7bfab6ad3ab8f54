"""``send_alerts``: one mail per subscription with news, none twice, none skipped, after a
failing server or a killed process part-way too (a kill repeats at most the one message it
interrupted); changes wait ``ALERTS_SETTLE_SECONDS``; one connection per run; constant
reads per batch of subscriptions and one mark per mail."""

import math
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from tests.factories import make_trial
from trials.alerts import sending
from trials.alerts.sending import send_alerts
from trials.models import AlertSubscription, Publication

pytestmark = pytest.mark.django_db


def _subscribe(email: str, query: str, when) -> AlertSubscription:
    return AlertSubscription.objects.create(email=email, query=query, description=query,
                                            confirmed_at=when, sent_up_to=when)  # fmt: skip


class CountingBackend(EmailBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


class FailingBackend(EmailBackend):
    """Sends ``budget`` messages, then the SMTP server goes away."""

    def __init__(self, budget: int, **kwargs):
        super().__init__(**kwargs)
        self.budget = budget

    def send_messages(self, messages):
        if self.budget <= 0:
            raise ConnectionError("SMTP server went away")
        self.budget -= len(messages)
        return super().send_messages(messages)


class Killed(BaseException):
    """The process is killed: it carries the marks the database held at that moment."""


class KilledBackend(EmailBackend):
    """Delivers ``budget`` messages, then the process dies before delivering the next one
    or, ``after_delivery``, right after the server took it (before its mark)."""

    def __init__(self, budget: int, after_delivery: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.budget, self.after_delivery = budget, after_delivery

    def send_messages(self, messages):
        if self.budget <= 0:
            if self.after_delivery:
                super().send_messages(messages)
            raise Killed(_marks())
        self.budget -= len(messages)
        return super().send_messages(messages)


def _marks() -> list[tuple]:
    return list(AlertSubscription.objects.values_list("pk", "sent_up_to", "last_mailed_at"))


def _killed_run(backend: KilledBackend) -> None:
    """A run killed by ``backend``: the marks are put back as they were at the kill, since a
    killed process runs no handler and no ``finally``."""
    with pytest.raises(Killed) as killed:
        send_alerts(connection=backend)
    for pk, sent_up_to, last_mailed_at in killed.value.args[0]:
        AlertSubscription.objects.filter(pk=pk).update(
            sent_up_to=sent_up_to, last_mailed_at=last_mailed_at
        )


def test_news_mailed_once_to_matching_searches_only(registry_page, alert_settings):
    before = timezone.now()  # the trial was published before: what follows is news of it
    _subscribe("all@example.org", "", before)
    _subscribe("recruiting@example.org", "status=recruiting", before)
    _subscribe("knee@example.org", "q=knee", before)
    registry_page.update()  # now recruiting, and changed since the subscriptions began
    summary = send_alerts()
    assert summary.distinct_searches == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["all@example.org", "recruiting@example.org"]
    assert "Status: Unknown → Recruiting" in mail.outbox[0].body
    mail.outbox.clear()
    assert send_alerts().messages == 0


def test_a_trial_newly_published_is_new_in_the_search(alert_settings):
    before = timezone.now() - timedelta(seconds=1)
    _subscribe("a@example.org", "", before)
    trial = make_trial(title="Chondrocyte implant", publication=Publication.DRAFT)
    assert send_alerts().messages == 0  # a draft is news to no one
    trial.publication = Publication.PUBLISHED
    trial.save()
    send_alerts()
    [message] = mail.outbox
    assert "New in this search" in message.body and "Chondrocyte implant" in message.body
    assert message.subject == "RegenTrials: 1 new trial"


def test_changes_younger_than_the_settling_time_wait(alert_settings):
    alert_settings.ALERTS_SETTLE_SECONDS = 120
    _subscribe("a@example.org", "", timezone.now() - timedelta(minutes=10))
    make_trial(title="Fresh")
    assert send_alerts().messages == 0
    assert send_alerts(now=timezone.now() + timedelta(seconds=121)).messages == 1


def test_a_crash_part_way_neither_repeats_nor_skips(alert_settings):
    before = timezone.now() - timedelta(seconds=1)
    for index in range(5):
        _subscribe(f"r{index}@example.org", "", before)
    make_trial(title="Fresh")
    with pytest.raises(ConnectionError):
        send_alerts(connection=FailingBackend(budget=2))
    assert len(mail.outbox) == 2
    send_alerts()
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == [f"r{index}@example.org" for index in range(5)]
    assert send_alerts().messages == 0


def test_a_kill_between_messages_neither_repeats_nor_skips(alert_settings):
    before = timezone.now() - timedelta(seconds=1)
    readers = [f"r{index}@example.org" for index in range(6)]
    for reader in readers:
        _subscribe(reader, "", before)
    make_trial(title="First change")
    _killed_run(KilledBackend(budget=2))
    assert len(mail.outbox) == 2
    make_trial(title="Second change")  # news between the killed run and the next
    send_alerts()
    told = Counter(
        (message.to[0], title)
        for message in mail.outbox
        for title in ("First change", "Second change")
        if title in message.body
    )
    assert told == {(reader, title): 1 for reader in readers
                    for title in ("First change", "Second change")}  # fmt: skip
    assert send_alerts().messages == 0


def test_a_kill_after_delivery_repeats_only_that_message(alert_settings):
    before = timezone.now() - timedelta(seconds=1)
    for index in range(5):
        _subscribe(f"r{index}@example.org", "", before)
    make_trial(title="Fresh")
    _killed_run(KilledBackend(budget=2, after_delivery=True))
    [interrupted] = mail.outbox[2].to
    send_alerts()
    received = Counter(message.to[0] for message in mail.outbox)
    assert received == {f"r{index}@example.org": 1 + (f"r{index}@example.org" == interrupted)
                        for index in range(5)}  # fmt: skip


# Reads of a run whatever its size: the lock and its release (PostgreSQL), the earliest
# sent_up_to, the window (2), the subscriptions, the matching (one statement here).
RUN_READS = 8


@pytest.mark.parametrize("per_search", [2, 12])
def test_constant_reads_per_batch_and_one_mark_per_mail(
    per_search, alert_settings, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(sending, "BATCH", 5)
    before = timezone.now() - timedelta(seconds=1)
    make_trial(title="Fresh")  # status unknown
    for index in range(per_search):
        _subscribe(f"all{index}@example.org", "", before)
        _subscribe(f"unknown{index}@example.org", "status=unknown", before)
        _subscribe(f"quiet{index}@example.org", "status=completed", before)
    batches, mails = math.ceil(3 * per_search / sending.BATCH), 2 * per_search
    CountingBackend.opened = 0
    # Per batch one UPDATE of the subscriptions with nothing to tell; per mail its mark.
    with django_assert_max_num_queries(RUN_READS + batches + mails) as captured:
        assert send_alerts(connection=CountingBackend()).messages == mails
    marks = [q for q in captured.captured_queries if "last_mailed_at" in q["sql"]]
    assert len(marks) == mails
    assert CountingBackend.opened == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL advisory lock")
def test_a_run_while_another_is_sending_does_nothing(alert_settings):
    import zlib

    from django.db import connections

    _subscribe("a@example.org", "", timezone.now() - timedelta(seconds=1))
    make_trial(title="Fresh")
    key = zlib.crc32(b"send_alerts")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        assert send_alerts().skipped and not mail.outbox
        # Released explicitly: a closed session's locks go only when its server process has
        # ended, which can come after the next statement of this test.
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        other.close()
    assert send_alerts().messages == 1


def test_a_digest_lists_fifty_trials_and_counts_the_rest(alert_settings):
    _subscribe("a@example.org", "", timezone.now() - timedelta(seconds=1))
    for index in range(53):
        make_trial(title=f"Trial number {index}")
    send_alerts()
    [message] = mail.outbox
    assert message.subject == "RegenTrials: 53 new trials"
    assert message.body.count("Trial number") == 50
    assert "And 3 more trials in the search." in message.body
