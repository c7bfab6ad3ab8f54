"""``send_alerts``: one mail per subscription with news, none twice, none skipped, after a
crash part-way too; changes wait ``ALERTS_SETTLE_SECONDS``; one connection per run; a
constant number of queries per batch of subscriptions with the same search."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_trial
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


def test_one_connection_and_constant_queries_per_batch(alert_settings):
    before = timezone.now() - timedelta(seconds=1)
    make_trial(title="Fresh")

    def run(subscribers: int) -> int:
        AlertSubscription.objects.all().delete()
        for index in range(subscribers):
            _subscribe(f"r{index}@example.org", "", before)
            _subscribe(f"s{index}@example.org", "status=unknown", before)
        CountingBackend.opened = 0
        with CaptureQueriesContext(connection) as queries:
            assert send_alerts(connection=CountingBackend()).messages == 2 * subscribers
        assert CountingBackend.opened == 1
        return len(queries)

    assert run(3) == run(30)


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
