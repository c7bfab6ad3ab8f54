"""What people type in the search box, through the test client: ids with spaces or dashes,
country names, field prefixes."""

import pytest

from tests.factories import make_trial
from trials.importing.collections import sectioned_document
from trials.models import (
    Condition,
    Intervention,
    Location,
    Organisation,
    TrialCondition,
    TrialCountry,
)
from trials.registries import id_spellings
from trials.search import Scope, split_scopes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("NCT 05214014", "NCT05214014"),
        ("nct05214014", "NCT05214014"),
        ("2025 520841 60 00", "2025-520841-60-00"),
        ("ISRCTN-12345678", "ISRCTN12345678"),
        ("ISRCTN 12345678", "ISRCTN12345678"),
    ],
)
def test_ids_with_spaces_or_dashes_jump_to_the_trial(client, typed, stored):
    trial = make_trial(registry_id=stored)
    response = client.get("/trials/", {"q": typed})
    assert response.status_code == 302
    assert response.url == trial.get_absolute_url()


@pytest.mark.parametrize("typed", ["stem cells", "", "NCT" + "0" * 200, "NCT 0521\x00", "a, 1"])
def test_words_are_not_ids(typed):
    assert id_spellings(typed) == ()


def test_an_unknown_id_lists_instead(client):
    response = client.get("/trials/", {"q": "NCT 99999999"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("typed", "name", "code"),
    [("France", "France", "FR"), ("Francia", "France", "FR"), ("Deutschland", "Germany", "DE"),
     ("location:Italia", "Italy", "IT")],
)  # fmt: skip
def test_a_country_typed_is_offered_as_the_country_filter(client, typed, name, code):
    response = client.get("/trials/", {"q": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Show trials in {name}</a>" in html
    assert f'href="?country={code}"' in html


def test_no_country_offer_for_other_words(client):
    assert "Show trials in" not in client.get("/trials/", {"q": "mesenchymal"}).content.decode()


def test_split_scopes():
    scoped = split_scopes('msc condition:"knee pain" Sponsor: mesoblast')
    assert scoped.text == "msc"
    assert scoped.scoped == ((Scope.CONDITION, "knee pain"), (Scope.SPONSOR, "mesoblast"))


@pytest.fixture
def scoped_catalogue(db):
    def trial(title, condition, intervention, sponsor, city, country):
        made = make_trial(title=title, sponsor=Organisation.objects.create(name=sponsor))
        made.search_document = sectioned_document([title, sponsor, city], [condition])
        made.save()
        named, _ = Condition.objects.get_or_create(
            key=condition.lower(), defaults={"name": condition}
        )
        TrialCondition.objects.create(trial=made, condition=named, raw_name=condition)
        Intervention.objects.create(trial=made, name=intervention)
        Location.objects.create(trial=made, city=city, country=country)
        TrialCountry.objects.create(trial=made, country=country)
        return made

    return {
        "knee": trial("Cells for the knee", "Knee Osteoarthritis", "Adipose MSC injection",
                      "Mesoblast", "Milan", "IT"),
        "heart": trial("Cells for the heart", "Myocardial Infarction", "Bone marrow cells",
                       "Knee Foundation", "Lyon", "FR"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("condition:osteoarthritis", {"knee"}),
        ("condition:OA", {"knee"}),
        ('condition:"heart attack"', {"heart"}),
        ("intervention:adipose", {"knee"}),
        ("sponsor:mesoblast", {"knee"}),
        ("sponsor:knee", {"heart"}),  # a sponsor's name, not the knee trials
        ("knee", {"knee", "heart"}),
        ("location:France", {"heart"}),
        ("location:Milan", {"knee"}),
        ("cells location:Lyon", {"heart"}),
    ],
)
def test_field_prefixes_scope_the_search(client, scoped_catalogue, query, expected):
    response = client.get("/trials/", {"q": query})
    assert response.status_code == 200
    found = {trial.pk for trial in response.context["object_list"]}
    assert found == {scoped_catalogue[key].pk for key in expected}


@pytest.mark.parametrize("query", ["condition:", 'sponsor:"', "location:?", ":::", "-", '"'])
def test_odd_prefixes_never_fail(client, scoped_catalogue, query):
    assert client.get("/trials/", {"q": query}).status_code == 200


def test_scoped_search_sorts_by_relevance_without_error(client, scoped_catalogue):
    response = client.get("/trials/", {"q": "sponsor:mesoblast", "sort": "relevance"})
    assert response.status_code == 200
    assert [t.pk for t in response.context["object_list"]] == [scoped_catalogue["knee"].pk]


@pytest.mark.parametrize(
    "query",
    ['NEAR(knee cells)', "knee*", "^knee", "title:knee", '"""', "'", "AND OR NOT", "-\"\"",
     "knee - -", "k\"n\"ee", "cells AND", "😀 knee", "膝関節", "a" * 500],
)  # fmt: skip
def test_full_text_syntax_typed_is_searched_as_words(client, scoped_catalogue, query):
    response = client.get("/trials/", {"q": query})
    assert response.status_code == 200
