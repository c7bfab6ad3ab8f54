"""The importer's visitor-protecting flags: pay to participate, stale status (issue 16)."""

import datetime

import pytest

from tests.conftest import SAMPLE_SOURCES
from trials.importing.trust_flags import pay_mentions, trust_flags
from trials.models import FlagCode, ReviewFlag, Trial
from trials.parsers.record import ParsedTrial, TrialDates

TODAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    "text",
    [
        "This is a patient-funded study of autologous stem cells.",
        "Participants will pay a treatment fee of USD 5,000.",
        "Self-funded participants are enrolled at the clinic.",
        "All costs are borne by the patient.",
        "The procedure is performed at the patient's own expense.",
    ],
)
def test_pay_mentions_found(text):
    assert pay_mentions(text)


@pytest.mark.parametrize(
    "text",
    [
        "The study drug is provided at no cost to participants; participants will not pay.",
        "There is no treatment fee.",
        "Travel costs are reimbursed.",
        "Patients with a history of cancer are excluded.",
    ],
)
def test_reassurance_and_unrelated_text_are_not_pay_mentions(text):
    assert not pay_mentions(text)


def test_flags_of_a_merged_record():
    parsed = ParsedTrial(
        format="generic",
        title="Stem cells for knees",
        brief_summary="A self-funded programme.",
        status="recruiting",
        dates=TrialDates(completion="2020-03", last_update="2019-05-01"),
    )
    codes = {flag.code: flag.message for flag in trust_flags(parsed, TODAY)}
    assert set(codes) == {FlagCode.PAY_TO_PARTICIPATE, FlagCode.STALE_STATUS}
    assert "“self-funded”" in codes[FlagCode.PAY_TO_PARTICIPATE]
    assert "2020-03-31" in codes[FlagCode.STALE_STATUS]
    completed = ParsedTrial(format="generic", title="t", status="completed")
    assert trust_flags(completed, TODAY) == []


@pytest.mark.django_db
def test_an_import_keeps_visitor_reports(seeds, import_documents):
    trial = Trial.objects.get(public_id="NCT03239535")
    ReviewFlag.objects.create(trial=trial, code=FlagCode.VISITOR_REPORT, message="site closed")
    trial.sources.all().delete()  # the next import reads the document as new to this trial
    import_documents(SAMPLE_SOURCES / "004_06d783c427b23371.txt")
    assert trial.review_flags.filter(code=FlagCode.VISITOR_REPORT, resolved_at=None).exists()
