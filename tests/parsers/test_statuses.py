"""The visitors' status: EU regulatory stages read beside the page's recruitment wording."""

import pytest

from tests.conftest import SAMPLE_SOURCES
from tests.parsers.test_formats import codes
from trials.models import Status
from trials.parsers import parse_document
from trials.vocab.statuses import VISITOR_STATUSES, record_status, visitor_status

CTIS_PAGE = "tests/fixtures/layouts/ctis_trial_page.txt"


@pytest.mark.parametrize(
    ("term", "recruitment", "expected"),
    [
        ("recruiting", "", "recruiting"),
        ("enrolling_by_invitation", "", "enrolling_by_invitation"),
        ("authorised", "", "not_yet_recruiting"),
        ("authorised", "In arruolamento", "recruiting"),
        ("authorised", "Ongoing, recruitment ended", "active_not_recruiting"),
        ("ongoing", "", "unknown"),
        ("ongoing", "Recruiting", "recruiting"),
        ("ongoing", "Temporarily halted", "suspended"),
        ("ongoing", "Trial now transitioned", "unknown"),  # a stage again: no recruitment
        ("ended", "", "completed"),
        ("ended", "words no registry uses", "completed"),
        (None, "", "unknown"),
    ],
)
def test_visitor_status(term, recruitment, expected):
    assert visitor_status(term, recruitment) == expected


def test_the_visitor_vocabulary_is_the_status_choices_and_no_stage():
    assert set(VISITOR_STATUSES) == set(Status.values)
    assert not {"authorised", "ongoing", "ended"} & set(Status.values)


@pytest.mark.parametrize(
    ("status", "raw", "recruitment", "expected"),
    [
        ("recruiting", "Authorised", "In arruolamento", "authorised"),
        ("not_yet_recruiting", "Authorised", "", "authorised"),
        ("completed", "Authorised", "", "completed"),  # a curator's status wins
        ("recruiting", "RECRUITING", "", "recruiting"),
        ("unknown", "Ongoing", "", "ongoing"),
        ("unknown", "", "", "unknown"),
    ],
)
def test_record_status_keeps_the_registrys_stage(status, raw, recruitment, expected):
    assert record_status(status, raw, recruitment) == expected


@pytest.mark.parametrize(
    ("label", "wording", "registry", "expected"),
    [
        ("recruiting", "Authorised", "EU register", "Recruiting (EU register: Authorised)"),
        ("recruiting", "Recruiting", "ClinicalTrials.gov", "Recruiting"),
        ("recruiting", "RECRUITING", "ClinicalTrials.gov", "Recruiting"),
        ("completed", "", "", "Completed"),
        ("terminated", "Prematurely Ended", "", "Ended early (registry: Prematurely Ended)"),
        ("authorised", "Authorised", "EU register", "Unknown (EU register: Authorised)"),
    ],
)
def test_status_for_visitors(label, wording, registry, expected):
    assert Status.for_visitors(label, wording, registry) == expected


def test_eu_summary_keeps_the_stage_and_the_recruitment_wording_of_its_list():
    text = (SAMPLE_SOURCES / "002_fc96db3f7cbf1ef5.txt").read_text(encoding="utf-8")
    parsed = parse_document(text)
    assert (parsed.status, parsed.status_raw) == ("authorised", "Authorised")
    assert parsed.recruitment_status == "In arruolamento"
    assert parsed.status_registry == "eu_ct"
    assert visitor_status(parsed.status, parsed.recruitment_status) == "recruiting"


def test_a_labelled_recruitment_status_beside_a_stage_is_no_conflict():
    text = open(CTIS_PAGE, encoding="utf-8").read()
    text = text.replace(
        "Overall trial status\nAuthorised, recruiting\n",
        "Overall trial status\nOngoing\nRecruitment status\nRecruitment ended\n",
    )
    parsed = parse_document(text, "ctis")
    assert (parsed.status, parsed.recruitment_status) == ("ongoing", "Recruitment ended")
    assert "status_conflict" not in codes(parsed)
    assert visitor_status(parsed.status, parsed.recruitment_status) == "active_not_recruiting"


def test_a_two_word_ctis_status_needs_no_recruitment_wording():
    parsed = parse_document(open(CTIS_PAGE, encoding="utf-8").read(), "ctis")
    assert (parsed.status, parsed.status_raw) == ("recruiting", "Authorised, recruiting")
    assert parsed.recruitment_status == ""
