"""``manage.py benchmark_alerts`` runs a real digest at a small scale and leaves nothing."""

import io
import re

import pytest
from django.core.management import call_command

from trials.models import AlertSubscription, Trial

pytestmark = pytest.mark.django_db


def test_benchmark_mails_the_changes_and_rolls_back(settings):
    call_command("generate_trials", 150, seed=3, stdout=io.StringIO(), stderr=io.StringIO(),
                 verbosity=0)  # fmt: skip
    statuses = dict(Trial.objects.values_list("pk", "status"))
    out = io.StringIO()
    call_command("benchmark_alerts", subscriptions=60, changed=30, searches=12, stdout=out)
    row = out.getvalue().splitlines()[4]
    subscriptions, searches, changed, mails = (
        int(cell.replace(",", "")) for cell in re.findall(r"[\d,.]+", row)[:4]
    )
    assert (subscriptions, changed) == (60, 30) and 1 < searches <= 12
    assert 0 < mails <= 60  # the unfiltered and broad searches see changes
    assert "Connections opened: 1." in out.getvalue()
    assert not AlertSubscription.objects.exists()
    assert dict(Trial.objects.values_list("pk", "status")) == statuses
    assert not Trial.history.exists()
