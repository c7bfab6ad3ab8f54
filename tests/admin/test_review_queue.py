"""The review queue: states with counts, the reason in the list, flag kinds, bulk actions."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.admin_support import CHANGELIST, curator
from tests.factories import make_trial
from trials.models import Publication, ReviewFlag, ReviewState, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue():
    """Two of each state, flags of several kinds, created at known times."""
    now = timezone.now()
    trials = {}
    for state in ReviewState.values:
        for n in (1, 2):
            trial = make_trial(title=f"{state} trial {n}", publication=Publication.DRAFT)
            trials[f"{state}{n}"] = trial
    for n, code, message in (
        (1, "status_conflict", "status: recruiting in a.txt, completed in b.txt"),
        (2, "criteria_unlabelled", "criteria listed without inclusion/exclusion labels"),
    ):
        flag = ReviewFlag.objects.create(trial=trials[f"attention{n}"], code=code, message=message)
        ReviewFlag.objects.filter(pk=flag.pk).update(created_at=now - timedelta(hours=10 - n))
    ReviewFlag.objects.create(trial=trials["attention1"], code="visitor_report", message="older")
    ReviewFlag.objects.filter(code="visitor_report").update(created_at=now - timedelta(days=3))
    reviewed = [trials[k].pk for k in ("reviewed1", "reviewed2", "published1", "published2")]
    Trial.objects.filter(pk__in=reviewed).update(reviewed_at=now)
    Trial.objects.filter(pk__in=[trials["published1"].pk, trials["published2"].pk]).update(
        publication=Publication.PUBLISHED
    )
    return trials


def titles(response) -> list[str]:
    return [trial.title for trial in response.context["cl"].result_list]


def test_each_state_lists_its_trials_with_counts(admin_client, queue):
    assert Trial.objects.review_state_counts() == {s: 2 for s in ReviewState.values}
    response = admin_client.get(f"{CHANGELIST}?review=attention")
    page = response.content.decode()
    for label in ("Needs attention", "New", "Reviewed", "Published"):
        assert re.search(rf">{label} <span class=\"count\">2</span>", page), label
    # The newest flag first, with its reason in the list.
    assert titles(response) == ["attention trial 2", "attention trial 1"]
    assert "criteria listed without inclusion/exclusion labels" in page
    assert "status: recruiting in a.txt, completed in b.txt</span> (+1 more)" in page
    assert titles(admin_client.get(f"{CHANGELIST}?review=new")) == ["new trial 1", "new trial 2"]
    assert set(titles(admin_client.get(f"{CHANGELIST}?review=reviewed"))) == {
        "reviewed trial 1", "reviewed trial 2"
    }  # fmt: skip
    assert set(titles(admin_client.get(f"{CHANGELIST}?review=published"))) == {
        "published trial 1", "published trial 2"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("conflict", {"attention trial 1"}),
        ("unlabelled_criteria", {"attention trial 2"}),
        ("visitor_report", {"attention trial 1"}),
        ("stale_status", set()),
        ("pay_to_participate", set()),
        ("classification", set()),
        ("nonsense", {"attention trial 1", "attention trial 2"}),
    ],
)
def test_filter_by_kind_of_flag(admin_client, queue, kind, expected):
    response = admin_client.get(f"{CHANGELIST}?review=attention&kind={kind}")
    assert response.status_code == 200 and set(titles(response)) == expected


def test_assign_to_me_and_publish_reviewed(client, django_user_model, queue):
    cora = curator(django_user_model)
    client.force_login(cora)
    everyone = [trial.pk for trial in queue.values()]
    updated = {t.pk: t.updated_at for t in Trial.objects.all()}
    client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": everyone[:3]})
    assert Trial.objects.filter(assigned_to=cora).count() == 3
    assert {t.pk: t.updated_at for t in Trial.objects.all()} == updated  # not an edit
    mine = client.get(f"{CHANGELIST}?review=attention&assigned=me")
    assert set(titles(mine)) == {"attention trial 1", "attention trial 2"}

    response = client.post(
        CHANGELIST, {"action": "publish_reviewed", "_selected_action": everyone}, follow=True
    )
    page = response.content.decode()
    assert "2 trials published" in page and "6 trials left as they were" in page
    assert set(Trial.objects.published().values_list("title", flat=True)) == {
        "reviewed trial 1", "reviewed trial 2", "published trial 1", "published trial 2"
    }  # fmt: skip


def test_queue_pages_keep_the_query_budget(admin_client, queue, django_assert_max_num_queries):
    for query in ("?review=attention", "?review=new&kind=conflict", "?review=queue&assigned=me"):
        with django_assert_max_num_queries(6):
            assert admin_client.get(f"{CHANGELIST}{query}").status_code == 200


def test_settling_a_flag_needs_a_post_and_a_conflict_with_a_curators_edit(admin_client, queue):
    flag = ReviewFlag.objects.get(code="status_conflict")
    url = f"/admin/trials/trial/{flag.trial_id}/flag/{flag.pk}/settle/"
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(url, {"choice": "imported"}, follow=True)
    assert "That flag is settled already" in response.content.decode()  # not a lock conflict
    flag.refresh_from_db()
    assert flag.resolved_at is None
