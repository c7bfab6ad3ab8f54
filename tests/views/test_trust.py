"""Pages a patient can trust (issue 16): honest sex and age filters, one status vocabulary,
trust signals, staff-only internals, how to take part, and the visitors' problem reports."""

import pytest

from tests.factories import make_trial
from trials.models import FlagCode, ParticipantPayment, ReviewFlag, Trial

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


def page_text(response) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_labelled_criteria_read_inclusion_then_exclusion(client, seeds):
    content = client.get("/trials/NCT03239535/").content.decode()
    inclusion = content.index("Who can take part (inclusion criteria)")
    exclusion = content.index("Who cannot take part (exclusion criteria)")
    assert inclusion < exclusion
    assert "Other criteria, not labelled" not in content


def test_unlabelled_criteria_are_apart_and_grouped_by_their_wording(client, seeds):
    text = page_text(client.get("/trials/NCT05520125/"))
    assert "Who can take part" not in text and "Who cannot take part" not in text
    assert "The registry page does not say which of these include or exclude people" in text
    excludes = text.index("Probably excludes")
    required = text.index("Probably required")
    unclear = text.index("Unclear")
    assert excludes < text.index("pregnancy") < required < text.index("age 18-50 years") < unclear


def test_age_and_sex_on_cards_and_at_the_top_of_the_page(client, seeds):
    card_text = page_text(client.get("/trials/?q=Critical+Limb"))
    assert "Age 18 to 80 years Sex Women and men" in card_text
    text = page_text(client.get("/trials/NCT03239535/"))
    assert text.index("Age 18 to 80 years") < text.index("How to take part")
    assert "Age No age limits stated" in page_text(client.get("/trials/NCT04382547/"))


def test_status_in_visitor_words_with_the_registry_wording_beside(client, seeds):
    text = page_text(client.get("/trials/NCT05214014/"))
    assert "Recruiting by invitation only" in text
    assert "ENROLLING_BY_INVITATION" not in text
    # An EU page states the regulatory stage in its table and recruitment in its list.
    text = page_text(client.get("/trials/2025-520841-60-00/"))
    assert "Status Recruiting (EU register: Authorised)" in text
    assert "Authorised, recruitment not yet confirmed" not in text
    card = page_text(client.get("/trials/?q=non-union"))
    assert "Recruiting (EU register: Authorised)" in card


def test_internal_notes_and_file_names_only_for_staff(client, admin_client, seeds):
    visitor = page_text(client.get("/trials/NCT05520125/"))
    assert "sort them" not in visitor and "Open review notes" not in visitor
    assert ".txt" not in visitor and "age_from_criterion" not in visitor
    assert visitor.count("Some details of this record are being checked.") == 1
    staff = page_text(admin_client.get("/trials/NCT05520125/"))
    assert "Staff only" in staff and "criteria_unlabelled" in staff and ".txt" in staff


def test_how_to_take_part_and_design_in_words(client, seeds):
    text = page_text(client.get("/trials/NCT03239535/"))
    assert "See the official record on ClinicalTrials.gov (NCT03239535)" in text
    assert "Contacts Mikhail A Konoplyannikov" in text
    assert "Not randomised" in text and "Single blind" in text and "Main purpose Treatment" in text
    text = page_text(client.get("/trials/NCT05520125/"))
    assert "The record gives no contact for people who want to take part." in text
    assert "Sites Belarus Institute of Biophysics" in text


def test_stale_status_warning(client, db):
    trial = make_trial(
        status="recruiting", completion_date="2019-06", last_update_date="2019-01-02"
    )
    text = page_text(client.get(trial.get_absolute_url()))
    assert (
        "Status may be out of date: it says “Recruiting” but was due to finish by 2019-06-30"
        in text
    )
    fresh = make_trial(status="recruiting", completion_date="2099-01")
    assert "Status may be out of date" not in page_text(client.get(fresh.get_absolute_url()))


def test_payment_warning_until_a_curator_clears_it(client, db):
    trial = make_trial()
    ReviewFlag.objects.create(trial=trial, code=FlagCode.PAY_TO_PARTICIPATE, message="fees")
    assert "Participants may be asked to pay." in page_text(client.get(trial.get_absolute_url()))
    trial.participant_payment = ParticipantPayment.NO_PAYMENT
    trial.save()
    assert "Participants may be asked to pay." not in page_text(
        client.get(trial.get_absolute_url())
    )


def test_questions_follow_donor_source_and_route(client, seeds):
    text = page_text(client.get("/trials/NCT03239535/"))
    assert "The cells come from a donor" in text
    assert "How are the cells given (" in text
    assert "closerlookatstemcells.org" in client.get("/trials/NCT03239535/").content.decode()


def test_report_a_problem_creates_a_visitor_flag(client, seeds):
    form = client.get("/trials/NCT03239535/report/")
    assert form.status_code == 200 and b"csrfmiddlewaretoken" in form.content
    response = client.post(
        "/trials/NCT03239535/report/",
        {
            "problem": "The site in Moscow closed in 2023.",
            "contact": "a@example.org",
            "website": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/report/thanks/")
    flag = ReviewFlag.objects.get(code=FlagCode.VISITOR_REPORT)
    assert flag.trial == Trial.objects.get(public_id="NCT03239535")
    assert "Moscow closed" in flag.message and "a@example.org" in flag.message
    assert b"Thank you" in client.get(response["Location"]).content


def test_report_honeypot_empty_text_and_csrf(client, seeds):
    from django.test import Client

    bot = client.post("/trials/NCT03239535/report/", {"problem": "buy", "website": "spam.example"})
    assert bot.status_code == 302
    empty = client.post("/trials/NCT03239535/report/", {"problem": " "})
    assert empty.status_code == 200 and b"Please describe the problem" in empty.content
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/trials/NCT03239535/report/", {"problem": "x"}).status_code == 403
    assert not ReviewFlag.objects.filter(code=FlagCode.VISITOR_REPORT).exists()
    assert client.get("/trials/NOPE123/report/").status_code == 404


def test_public_api_and_downloads_keep_review_notes_and_file_names_internal(client, seeds):
    record = client.get("/api/trials/NCT05520125/").json()
    assert record["review_flags"] == [] and record["sources"][0]["filename"] is None
    listed = client.get("/api/trials/").json()["results"]
    assert all(r["review_flags"] == [] for r in listed)
    download = b"".join(client.get("/trials/export.json").streaming_content).decode()
    assert "sort them" not in download and ".txt" not in download


def test_every_visitor_status_is_documented():
    from pathlib import Path

    from trials.models import Status

    table = (Path(__file__).resolve().parents[2] / "docs" / "statuses.md").read_text()
    assert all(f"| {status.label} | `{status.value}` |" in table for status in Status)


def test_a_curators_confirmation_makes_an_unlabelled_criterion_labelled(client, seeds):
    from trials.models import Criterion, CriterionKind

    criterion = Criterion.objects.get(trial__public_id="NCT05520125", text="pregnancy")
    criterion.kind = CriterionKind.EXCLUSION  # what the admin's criteria inline saves
    criterion.save()
    criterion.trial.save()  # the admin saves the trial too, which moves the page's version
    text = page_text(client.get("/trials/NCT05520125/"))
    assert text.index("Who cannot take part (exclusion criteria) pregnancy") < text.index(
        "Other criteria, not labelled"
    )
