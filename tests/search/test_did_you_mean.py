"""Did you mean: a corrected query offered as a link when few trials match, never applied."""

import pytest

from tests.factories import make_trial
from trials.importing.collections import sectioned_document
from trials.search import suggest_query

VOCABULARY = {"mesenchymal": 9, "mesenchimali": 1, "stromal": 3, "cells": 20,
              "osteoarthritis": 5, "knee": 4}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("mesenchimal", "mesenchymal"),
        ("mesenchimal stromal cels", "mesenchymal stromal cells"),
        ("osteoartritis -knee", "osteoarthritis -knee"),
        ("mesenchymal cells", None),  # nothing unknown
        ("ev msc", None),  # abbreviations are never corrected
        ("zzzzzzzz", None),  # nothing close
        ("nct01234567", None),
    ],
)
def test_suggest_query(typed, suggested):
    assert suggest_query(typed, VOCABULARY) == suggested


@pytest.fixture
def catalogue(db):
    for title in ("Mesenchymal stromal cells for knee osteoarthritis", "Chondrocytes in cartilage"):
        trial = make_trial(title=title)
        trial.search_document = sectioned_document([title], [])
        trial.save()


def test_a_misspelling_is_offered_as_a_link_not_applied(client, catalogue):
    response = client.get("/trials/", {"q": "mesenchimal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["paginator"].count == 0  # the query searched is the one typed
    assert 'Did you mean <a href="?q=mesenchymal">mesenchymal</a>?' in html


def test_no_suggestion_when_results_are_plenty_or_words_known(client, catalogue):
    html = client.get("/trials/", {"q": "chondrocytes"}).content.decode()
    assert "Did you mean" not in html


def test_suggestion_is_escaped(client, catalogue):
    html = client.get("/trials/", {"q": "<script>mesenchimal"}).content.decode()
    assert "<script>mesenchimal" not in html
