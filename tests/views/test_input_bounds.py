"""Numbers past what a column holds, and values only drafts know, are ignored with a notice."""

import pytest

from tests.factories import make_trial
from trials.models import Condition, Publication, TrialCondition

pytestmark = pytest.mark.django_db

HUGE = str(2**31)


@pytest.mark.parametrize("parameter", ["enrollment_min", "enrollment_max"])
@pytest.mark.parametrize("path", ["/trials/", "/landscape/", "/landscape/start_year.csv"])
def test_enrollment_past_a_32_bit_integer_is_ignored_on_pages(client, seeds, path, parameter):
    response = client.get(f"{path}?{parameter}={HUGE}")
    assert response.status_code == 200
    if path.endswith("/"):
        assert "(ignored)" in response.content.decode()


@pytest.mark.parametrize("parameter", ["enrollment_min", "enrollment_max"])
def test_enrollment_past_a_32_bit_integer_is_refused_by_the_api(client, seeds, parameter):
    response = client.get(f"/api/trials/?{parameter}={HUGE}")
    assert response.status_code == 400
    assert any("Enrollment at" in detail for detail in response.json()["details"])


@pytest.mark.parametrize("path", ["/trials/export.csv", "/trials/export.json", "/trials/feed/"])
def test_enrollment_past_a_32_bit_integer_is_ignored_by_exports(client, seeds, path):
    response = client.get(f"{path}?enrollment_min={HUGE}")
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)


def test_largest_enrollment_bound_still_filters(client, seeds):
    response = client.get(f"/trials/?enrollment_min={2**31 - 1}")
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


@pytest.fixture
def draft_only_condition(seeds):
    draft = make_trial(publication=Publication.DRAFT)
    condition = Condition.objects.create(name="Secret draft indication")
    TrialCondition.objects.create(trial=draft, condition=condition, position=0)
    return condition


def test_condition_of_drafts_only_is_unknown_to_the_list(client, draft_only_condition):
    response = client.get(f"/trials/?condition={draft_only_condition.key}")
    content = response.content.decode()
    assert "Secret draft indication" not in content
    assert f"unknown value “{draft_only_condition.key}” (ignored)" in content


def test_condition_of_drafts_only_is_refused_by_the_api(client, draft_only_condition):
    response = client.get(f"/api/trials/?condition={draft_only_condition.key}")
    assert response.status_code == 400
    assert "Secret draft indication" not in response.content.decode()


def test_condition_of_a_published_trial_is_still_known(client, draft_only_condition):
    published = make_trial()
    TrialCondition.objects.create(trial=published, condition=draft_only_condition, position=0)
    response = client.get(f"/api/trials/?condition={draft_only_condition.key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1
