"""Two records become one trial only when they share an id that belongs to each trial.

Built from parsed records directly (the upsert takes a ParsedTrial), so the rules are
tested apart from any parser.
"""

import pytest
from django.utils import timezone

from trials.importing.documents import text_sha256
from trials.importing.upsert import Action, Document, existing_trial, upsert
from trials.models import RegistryId, Trial
from trials.parsers.record import ParsedTrial, RegistryIdentifier

pytestmark = pytest.mark.django_db


def record(title: str, *ids: tuple[str, str]) -> ParsedTrial:
    return ParsedTrial(
        format="generic",
        title=title,
        registry_ids=tuple(RegistryIdentifier(registry, value) for registry, value in ids),
    )


def imported(parsed: ParsedTrial, name: str):
    text = f"{parsed.title} {parsed.registry_ids}"
    document = Document(text, name, "test", text_sha256(text))
    return upsert(parsed, document, now=timezone.now())


def flags_of(public_id: str) -> list[str]:
    return list(Trial.objects.get(public_id=public_id).review_flags.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Two NCTs sharing a EudraCT number (a linked study's id taken as the trial's own).
        ((("nct", "NCT01111111"), ("eudract", "2010-020497-41")),
         (("nct", "NCT02222222"), ("eudract", "2010-020497-41"))),
        # Two ACTRNs sharing an NCT.
        ((("anzctr", "ACTRN12622000662763"), ("nct", "NCT01111111")),
         (("anzctr", "ACTRN12699999999999"), ("nct", "NCT01111111"))),
    ],
)  # fmt: skip
def test_different_ids_of_one_registry_are_never_merged(first, second):
    imported(record("First trial", *first), "a.txt")
    result = imported(record("Second trial", *second), "b.txt")
    assert result.action == Action.CREATED
    assert Trial.objects.count() == 2
    assert "merge_refused" in flags_of(result.trial_id)
    assert "identifier_elsewhere" in flags_of(result.trial_id)
    # The shared id stays with the trial that had it first.
    shared = next(pair for pair in first if pair in second)
    assert RegistryId.objects.get(registry=shared[0], value=shared[1]).trial.title == "First trial"


def test_a_sponsor_code_alone_never_merges_two_registered_trials():
    imported(record("First", ("nct", "NCT01111111"), ("other", "MSC-01")), "a.txt")
    result = imported(record("Second", ("nct", "NCT02222222"), ("other", "MSC-01")), "b.txt")
    assert result.action == Action.CREATED
    assert Trial.objects.count() == 2
    assert "identifier_elsewhere" in flags_of(result.trial_id)
    assert "merge_refused" not in flags_of(result.trial_id)


def test_a_document_with_only_the_sponsor_code_joins_its_trial():
    first = imported(record("First", ("nct", "NCT01111111"), ("other", "MSC-01")), "a.txt")
    result = imported(record("Same trial, sponsor's page", ("other", "MSC-01")), "b.txt")
    assert result.action == Action.MERGED
    assert result.trial_id == first.trial_id


def test_records_sharing_a_registry_id_are_one_trial():
    imported(record("Trial", ("anzctr", "ACTRN12622000662763")), "a.txt")
    result = imported(
        record("Trial", ("anzctr", "ACTRN12622000662763"), ("nct", "NCT01111111")), "b.txt"
    )
    assert result.action == Action.MERGED
    trial = Trial.objects.get()  # known by its NCT now, the first in the registries' order
    assert trial.public_id == result.trial_id == "NCT01111111"
    assert existing_trial(record("x", ("nct", "NCT01111111"))) == trial
