"""Scoped searches (condition:, intervention:, sponsor:, location:) find their trials as one
list of ids, each part through its own index: the same trials as testing every trial's rows
(the reference below, in Python), on whichever database the suite runs on."""

import io

import pytest
from django.core.management import call_command

from trials.models import Location, Trial, TrialCondition, TrialCountry
from trials.search import Scope
from trials.vocab.countries import country_code


def _names(value: str, wordings) -> bool:
    """As ``models._naming``: short wordings the whole value, others anywhere in it."""
    value = value.casefold()
    return any(value == w.casefold() if len(w) <= 3 else w.casefold() in value for w in wordings)


def _reference(scope: Scope, wordings) -> set[int]:
    found = set()
    for trial in Trial.objects.prefetch_related(
        "condition_links__condition", "interventions", "locations", "country_rows"
    ).select_related("sponsor"):
        if scope == Scope.CONDITION:
            texts = [t for link in trial.condition_links.all()
                     for t in (link.raw_name, link.condition.name, link.condition.key)]  # fmt: skip
        elif scope == Scope.INTERVENTION:
            texts = [t for i in trial.interventions.all() for t in (i.name, i.description)]
        elif scope == Scope.SPONSOR:
            texts = [trial.sponsor.name] if trial.sponsor else []
        else:
            texts = [t for place in trial.locations.all() for t in (place.facility, place.city)]
            codes = {country_code(w) for w in wordings} - {None}
            if any(row.country in codes for row in trial.country_rows.all()):
                found.add(trial.pk)
        if any(_names(text, wordings) for text in texts):
            found.add(trial.pk)
    return found


@pytest.fixture
def catalogue(db):
    call_command("generate_trials", "120", "--seed", "11", stdout=io.StringIO(), verbosity=0)
    first = Trial.objects.order_by("pk").first()
    link = TrialCondition.objects.filter(trial=first).first()
    link.raw_name = "MS"  # a short wording, matched only whole
    link.save()
    Location.objects.create(trial=first, facility="Clinique du Lac", city="Lyon", country="FR")
    TrialCountry.objects.get_or_create(trial=first, country="FR")


@pytest.mark.parametrize(
    ("scope", "wordings"),
    [
        (Scope.CONDITION, ("osteoarthritis",)),
        (Scope.CONDITION, ("ms", "multiple sclerosis")),
        (Scope.CONDITION, ("KNEE", "heart failure")),
        (Scope.CONDITION, ("no such condition",)),
        (Scope.INTERVENTION, ("bone marrow",)),
        (Scope.INTERVENTION, ("intravenous", "msc")),
        (Scope.SPONSOR, ("cell therapy centre 1",)),
        (Scope.SPONSOR, ("nobody",)),
        (Scope.LOCATION, ("lyon",)),
        (Scope.LOCATION, ("hospital 12",)),
        (Scope.LOCATION, ("france",)),
    ],
)
def test_scoped_search_finds_what_every_row_would(catalogue, scope, wordings):
    found = set(Trial.objects.matching_in(scope, wordings).values_list("pk", flat=True))
    assert found == _reference(scope, wordings)
    if wordings != ("no such condition",) and wordings != ("nobody",):
        assert found  # the case is not vacuous
