"""Pages a patient can trust (issue 16): honest sex and age filters, one status vocabulary,
trust signals, staff-only internals, how to take part, and the visitors' problem reports."""

import pytest

from tests.factories import make_trial
from trials.models import FlagCode, ParticipantPayment, ReviewFlag

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(module_seeds, db):
    return module_seeds


def options(response, name):
    facets = response.context["facets"]
    return {o.value: o.count for facet, opts in facets if facet.name == name for o in opts}


def test_sex_options_count_every_trial_open_to_that_sex(client, seeds):
    make_trial(sex="female", min_age_years=20, max_age_years=40)
    response = client.get("/trials/")
    assert options(response, "sex") == {"female": 5, "female_only": 1, "male": 4, "all": 4}
    listed = client.get("/trials/?sex=female").context["paginator"].count
    assert listed == 5


def test_the_same_sex_rule_in_api_and_exports(client, seeds):
    make_trial(sex="female")
    api = client.get("/api/trials/?sex=female").json()
    assert api["count"] == 5
    rows = b"".join(client.get("/trials/export.csv?sex=female_only").streaming_content)
    assert rows.decode().count("\n") == 2  # the header and the one female-only trial


def test_age_toggle_shows_how_many_trials_state_no_age(client, seeds):
    response = client.get("/trials/?age=30")
    assert {t.public_id for t in response.context["object_list"]} == {"NCT03239535", "NCT05520125"}
    assert "Include trials that state no age limits (3)" in response.content.decode()
    response = client.get("/trials/?age=30&age_unstated=true")
    assert response.context["paginator"].count == 5
    assert "Include trials that state no age limits (3)" in response.content.decode()


def test_age_toggle_count_and_chips(client, seeds):
    content = client.get("/trials/?age=30&age_unstated=true").content.decode()
    assert "Include trials that state no age limits</a>" not in content
    chips = client.get("/trials/?age=30&age_unstated=true").context["chips"]
    assert ("Include trials that state no age limits", "?age=30") in chips


def test_hide_trials_that_may_ask_for_payment(client, seeds):
    suspected = make_trial(title="Stem cell clinic, patient-funded")
    ReviewFlag.objects.create(trial=suspected, code=FlagCode.PAY_TO_PARTICIPATE, message="fees")
    confirmed = make_trial(participant_payment=ParticipantPayment.ASKS_PAYMENT)
    cleared = make_trial(participant_payment=ParticipantPayment.NO_PAYMENT)
    ReviewFlag.objects.create(trial=cleared, code=FlagCode.PAY_TO_PARTICIPATE, message="fees")
    shown = {t.pk for t in client.get("/trials/?exclude_pay=true").context["object_list"]}
    assert suspected.pk not in shown and confirmed.pk not in shown
    assert cleared.pk in shown and len(shown) == 6
    assert client.get("/api/trials/?exclude_pay=true").json()["count"] == 6
