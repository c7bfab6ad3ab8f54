"""The words "Did you mean" may offer: the same words on both databases, drafts' words never,
and kept current after writes (PostgreSQL's trigram-indexed table, SQLite's cached list)."""

import io
from collections import Counter
from itertools import chain

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_trial
from trials.catalogue import search_words
from trials.catalogue.suggestions import did_you_mean
from trials.catalogue.versions import catalogue_version
from trials.models import Condition, Publication, SearchWord, TrialCondition

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the word table is PostgreSQL's"
)


@pytest.fixture
def catalogue(db):
    trial = make_trial(title="Mesenchymal stromal cells for knee osteoarthritis")
    make_trial(title="Células mesenquimales: ¿Müller-glia regeneración? (phase 2)")
    make_trial(title="Unpublished draft about xylophonitis", publication=Publication.DRAFT)
    condition = Condition.objects.create(name="Osteoarthritis, Knee")
    TrialCondition.objects.create(trial=trial, condition=condition)
    return trial


@on_postgres
def test_the_table_holds_the_words_python_reads(catalogue):
    assert search_words.refresh()
    expected = Counter(chain(search_words.vocabulary_words(), search_words.catalogue_words()))
    stored = dict(SearchWord.objects.values_list("word", "uses"))
    assert stored == dict(expected)
    thesaurus = Counter(search_words.vocabulary_words())
    assert stored["celulas"] == thesaurus["celulas"] + 1  # folded as search folds the query
    assert stored["muller"] == 1 and "müller" not in stored
    assert stored["osteoarthritis"] == thesaurus["osteoarthritis"] + 2  # title, condition
    assert "xylophonitis" not in stored  # a draft's title


@on_postgres
def test_close_words_are_found_through_the_trigram_index(catalogue):
    words = search_words.close_words(["mesenchimal", "osteoarthritus"])
    assert words["mesenchymal"] == SearchWord.objects.get(word="mesenchymal").uses
    assert "osteoarthritis" in words
    assert all(w[0] in "mo" for w in words)  # only words starting like the typed ones


@on_postgres
def test_import_and_generate_refresh_the_table(db):
    call_command("generate_trials", "3", "--seed", "5", stdout=io.StringIO(), verbosity=0)
    expected = Counter(chain(search_words.vocabulary_words(), search_words.catalogue_words()))
    assert dict(SearchWord.objects.values_list("word", "uses")) == dict(expected)


def test_a_draft_title_word_is_never_offered(catalogue):
    assert did_you_mean("xylophonitiss", 0, catalogue_version()) is None


def test_words_written_after_a_suggestion_are_offered_next(catalogue):
    assert did_you_mean("tenocites", 0, catalogue_version()) is None
    make_trial(title="Autologous tenocytes for tendinopathy")
    assert did_you_mean("tenocites", 0, catalogue_version()) == "tenocytes"


def test_a_correction_keeps_the_other_words_and_their_signs(catalogue):
    version = catalogue_version()
    assert did_you_mean("mesenchimal -osteoarthritus", 1, version) == (
        "mesenchymal -osteoarthritis"
    )
    assert did_you_mean("mesenchimal", 3, version) is None  # enough results
    assert did_you_mean("condition:mesenchimal", 0, version) is None  # scoped
