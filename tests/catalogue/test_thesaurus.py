"""The field thesaurus: query expansion (pure) and search through it on the database."""

import pytest

from tests.factories import make_trial
from trials.importing.collections import sectioned_document
from trials.models import SearchSynonym, Trial
from trials.search import builtin_index, expand, parse_query
from trials.vocab.thesaurus import CONCEPTS, build_index, words_of


def _expanded(query: str):
    return expand(parse_query(query), builtin_index())


def test_abbreviation_expands_to_its_meanings():
    (group,) = _expanded("Treg").groups
    assert "treg" in group
    assert "regulatory t cell" in group


def test_plural_abbreviation_finds_the_concept():
    (group,) = _expanded("MSCs").groups
    assert "mesenchymal stromal cell" in group and "mesenchymal stem cell" in group


def test_run_of_words_becomes_one_concept():
    (group,) = _expanded("heart attack").groups
    assert "myocardial infarction" in group


def test_words_outside_the_thesaurus_stay_separate_groups():
    groups = _expanded("knee msc").groups
    assert len(groups) == 2
    assert groups[0] == ("knee", "ginocchio", "rodilla", "knie")


def test_short_ambiguous_tokens_expand_only_to_field_meanings():
    (group,) = _expanded("EV").groups
    assert set(group) >= {"ev", "extracellular vesicle", "exosome"}
    assert all("every" not in phrase for phrase in group)
    (ms,) = _expanded("MS").groups
    assert "multiple sclerosis" in ms


def test_british_spelling_and_foreign_terms():
    assert "ischemia" in _expanded("ischaemia").groups[0]
    assert "osteoarthritis" in _expanded("artrosi").groups[0]
    assert "multiple sclerosis" in _expanded("esclerosis múltiple").groups[0]


def test_exclusions_expand_too():
    assert "sars cov 2" in _expanded("msc -covid").excluded


def test_every_wording_has_words():
    assert all(words_of(w) for concept in CONCEPTS for w in concept)


def test_curators_concepts_merge_with_the_builtin_ones():
    index = build_index((*CONCEPTS, ("exosome", "nanovesicle")))
    assert "nanovesicle" in index["exosome"]
    assert "extracellular vesicle" in index["exosome"]
    assert "exosome" in index["nanovesicle"]


def _indexed(title: str, keywords: str = "", **fields) -> Trial:
    trial = make_trial(title=title, **fields)
    trial.search_document = sectioned_document([title], [keywords])
    trial.save()
    return trial


@pytest.fixture
def catalogue(db):
    return {
        "treg": _indexed("Regulatory T cells after kidney transplantation"),
        "msc": _indexed("Mesenchymal stromal cells for knee osteoarthritis", "osteoarthritis"),
        "mi": _indexed("Bone marrow cells after acute myocardial infarction"),
        "ev": _indexed("Exosomes from adipose cells in dry eye disease"),
        "every": _indexed("Every patient receives cells for severe burns"),
        "cli": _indexed("Cell therapy in critical limb ischemia"),
        "ssc": _indexed("Autologous stem cell transplantation in systemic sclerosis"),
        "ms": _indexed("Mesenchymal cells in progressive multiple sclerosis"),
        "msk": _indexed("Musculoskeletal pain and cells"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Treg", {"treg"}),
        ("MSC", {"msc"}),
        ("heart attack", {"mi"}),
        ("ischaemia", {"cli"}),
        ("scleroderma", {"ssc"}),
        ("EV", {"ev"}),
        ("exosome", {"ev"}),
        ("MS", {"ms"}),
        ("OA", {"msc"}),
        ("cellule T regolatorie", {"treg"}),
        ("mesenchymal -sclerosis", {"msc"}),
    ],
)
def test_search_through_the_thesaurus(catalogue, query, expected):
    found = set(Trial.objects.search(query).values_list("pk", flat=True))
    assert found == {catalogue[key].pk for key in expected}


@pytest.mark.django_db
def test_a_curators_synonym_is_searched(catalogue):
    assert not Trial.objects.search("nanovesicle").exists()
    SearchSynonym.objects.create(term="nanovesicle", expansions="exosome, extracellular vesicle")
    found = list(Trial.objects.search("nanovesicle").values_list("pk", flat=True))
    assert found == [catalogue["ev"].pk]
    SearchSynonym.objects.all().delete()
    assert not Trial.objects.search("nanovesicle").exists()


@pytest.mark.django_db
def test_exclusion_keeps_the_rank(catalogue):
    ranks = dict(Trial.objects.search("mesenchymal -sclerosis").values_list("pk", "rank"))
    assert ranks[catalogue["msc"].pk] > 0


@pytest.mark.django_db
def test_sqlite_searches_its_full_text_index():
    from django.db import connection

    from trials import search_index

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    assert search_index.available()
    sql = str(Trial.objects.search("knee").query)
    assert 'JOIN "trial_fts"' in sql and "LIKE" not in sql
