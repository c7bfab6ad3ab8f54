"""``manage.py benchmark_alerts`` runs a real digest at a small scale, committed, and leaves
nothing: not after its run, nor after a killed one (the next run takes that away)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from trials.alerts import benchmark
from trials.models import AlertSubscription, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    call_command("generate_trials", 150, seed=3, stdout=io.StringIO(), stderr=io.StringIO(),
                 verbosity=0)  # fmt: skip
    return dict(Trial.objects.values_list("pk", "status"))


def test_benchmark_mails_the_changes_and_leaves_nothing(catalogue, tmp_path):
    out = io.StringIO()
    call_command("benchmark_alerts", subscriptions=60, changed=30, searches=12,
                 profile=str(tmp_path / "alerts.prof"), stdout=out)  # fmt: skip
    row = out.getvalue().splitlines()[4]
    subscriptions, searches, changed, mails = (
        int(cell.replace(",", "")) for cell in re.findall(r"[\d,.]+", row)[:4]
    )
    assert (subscriptions, changed) == (60, 30) and 1 < searches <= 12
    assert 0 < mails <= 60  # the unfiltered and broad searches see changes
    assert "Connections opened: 1." in out.getvalue()
    assert re.search(r"statements \d+\.\d, writing .+ \(SMTP policy\) \d+\.\d\.", out.getvalue())
    assert (tmp_path / "alerts.prof").stat().st_size > 0
    assert not AlertSubscription.objects.exists()
    assert dict(Trial.objects.values_list("pk", "status")) == catalogue
    assert not Trial.history.exists()


def test_a_killed_benchmarks_scenario_is_taken_away(catalogue):
    benchmark.build(now=timezone.now() - timedelta(hours=1), changed=20, subscriptions=10,
                    searches_count=3, seed=1)  # fmt: skip
    assert dict(Trial.objects.values_list("pk", "status")) != catalogue
    benchmark.clean()
    assert dict(Trial.objects.values_list("pk", "status")) == catalogue
    assert not Trial.history.exists() and not AlertSubscription.objects.exists()


def test_refuses_a_catalogue_with_real_subscriptions(catalogue):
    now = timezone.now()
    AlertSubscription.objects.create(email="reader@example.org", query="", confirmed_at=now,
                                     sent_up_to=now)  # fmt: skip
    with pytest.raises(CommandError, match="real alert subscriptions"):
        call_command("benchmark_alerts", subscriptions=5, changed=5, stdout=io.StringIO())
    assert AlertSubscription.objects.get().sent_up_to == now
