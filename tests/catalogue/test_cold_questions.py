"""The cold benchmark's questions: distinct, of every page kind, drawn from the catalogue's
own words and facet values, and each one a page that answers (never a 500)."""

import io
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command

from trials.catalogue.cold_questions import (
    API,
    DETAIL,
    KINDS,
    LANDSCAPE,
    LIST,
    SEARCH,
    Vocabulary,
    cold_questions,
    common_and_rare,
    sample_vocabulary,
    title_words,
    vocabulary_from_rows,
)
from trials.cold_benchmark import Timing, percentile, summarise

ROWS = [
    ("NCT1", "Mesenchymal Stem Cells for Knee Osteoarthritis", ["status:recruiting", "country:US"]),
    ("NCT2", "Umbilical Cord Cells in Knee Osteoarthritis", ["status:completed", "country:US"]),
    ("NCT3", "Exosomes and the Aging Skin", ["status:completed", "phase:2", "country:FR"]),
]


def _vocabulary(words: int = 40, values: int = 6, ids: int = 50) -> Vocabulary:
    return Vocabulary(
        words={f"word{chr(97 + i % 26)}{i}": 1 + i % 7 for i in range(words)},
        phrases={"knee osteoarthritis": 5, "stem cells": 3},
        facet_values={
            name: {f"{name}-{v}": v + 1 for v in range(values)}
            for name in ("status", "phase", "country", "donor")
        },
        public_ids=tuple(f"NCT{n:08d}" for n in range(ids)),
        total=100_000,
    )


def test_title_words_leave_out_short_and_plain_words():
    assert title_words("A Study of MSCs with Crohn's Disease, Phase 2") == [
        "mscs",
        "crohn's",
        "disease",
        "phase",
    ]


def test_vocabulary_counts_titles_phrases_and_facet_values():
    vocabulary = vocabulary_from_rows(ROWS, total=3)
    assert vocabulary.words["knee"] == 2
    assert vocabulary.words["exosomes"] == 1
    assert vocabulary.phrases == {"knee osteoarthritis": 2}  # phrases seen once are left out
    assert vocabulary.facet_values["country"] == {"US": 2, "FR": 1}
    assert vocabulary.facet_values["phase"] == {"2": 1}
    assert vocabulary.public_ids == ("NCT1", "NCT2", "NCT3")


def test_common_words_are_the_most_frequent_fifth():
    common, rare = common_and_rare({"cells": 90, "knee": 40, "b": 1, "c": 1, "d": 1})
    assert common == ["cells"]
    assert rare == ["knee", "b", "c", "d"]


def test_questions_are_distinct_and_shared_among_every_kind():
    questions = cold_questions(_vocabulary(), 200, seed=3)
    urls = [q.url for q in questions]
    assert len(urls) == 200 == len(set(urls))
    kinds = {kind: sum(q.kind == kind for q in questions) for kind in KINDS}
    assert kinds == {LIST: 60, SEARCH: 70, DETAIL: 30, LANDSCAPE: 20, API: 20}


def test_questions_have_the_shape_of_their_kind():
    for question in cold_questions(_vocabulary(), 200, seed=4):
        parts = urlsplit(question.url)
        params = parse_qsl(parts.query)
        names = [name for name, _ in params]
        if question.kind == SEARCH:
            assert parts.path == "/trials/" and names[0] == "q"
        elif question.kind == LIST:
            assert parts.path == "/trials/" and "q" not in names
            filters = [n for n in names if n not in ("sort", "page")]
            assert len(filters) in (2, 3) and len(set(filters)) == len(filters)
        elif question.kind == DETAIL:
            assert parts.path.startswith("/trials/NCT") and not params
        elif question.kind == LANDSCAPE:
            assert parts.path == "/landscape/" and 1 <= len(params) <= 2
        else:
            assert parts.path == "/api/trials/" and "page_size" in names


def test_searches_mix_common_rare_and_phrases():
    vocabulary = _vocabulary()
    common, rare = common_and_rare(vocabulary.words)
    searches = [
        dict(parse_qsl(urlsplit(q.url).query))["q"]
        for q in cold_questions(vocabulary, 300, seed=5)
        if q.kind == SEARCH
    ]
    assert any(s in common for s in searches)
    assert any(s in rare for s in searches)
    assert any(s.startswith('"') for s in searches)
    assert any(" " in s and not s.startswith('"') for s in searches)


def test_the_same_seed_asks_the_same_questions_and_another_seed_others():
    vocabulary = _vocabulary()
    first = cold_questions(vocabulary, 50, seed=1)
    assert first == cold_questions(vocabulary, 50, seed=1)
    assert {q.url for q in first} != {q.url for q in cold_questions(vocabulary, 50, seed=2)}


def test_a_small_vocabulary_gives_fewer_questions_not_repeats():
    tiny = Vocabulary(
        words={"cells": 2},
        phrases={},
        facet_values={"status": {"recruiting": 1}},
        public_ids=("NCT1",),
        total=1,
    )
    questions = cold_questions(tiny, 100, seed=1)
    assert len({q.url for q in questions}) == len(questions) < 100


@pytest.mark.django_db
def test_every_question_about_a_real_catalogue_answers(client):
    call_command("generate_trials", 150, seed=5, stdout=io.StringIO(), stderr=io.StringIO(),
                 verbosity=0)  # fmt: skip
    vocabulary = sample_vocabulary(100, seed=2)
    assert vocabulary.total == 150
    assert 0 < len(vocabulary.public_ids) <= 100
    assert {"status", "country", "condition"} <= set(vocabulary.facet_values)
    questions = cold_questions(vocabulary, 60, seed=2)
    assert {q.kind for q in questions} == set(KINDS)
    for question in questions:
        response = client.get(question.url)
        assert response.status_code == 200, question.url


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0


def test_summaries_per_kind_and_phase_count_failures():
    timings = [
        Timing(SEARCH, "/trials/?q=a", "cold", 100.0, 200),
        Timing(SEARCH, "/trials/?q=b", "cold", 300.0, 500),
        Timing(SEARCH, "/trials/?q=a", "warm", 10.0, 200),
        Timing(DETAIL, "/trials/NCT1/", "cold", 20.0, 200),
    ]
    summaries = summarise(timings, KINDS)
    assert [(s.kind, s.phase, s.requests) for s in summaries] == [
        (SEARCH, "cold", 2),
        (SEARCH, "warm", 1),
        (DETAIL, "cold", 1),
    ]
    cold_search = summaries[0]
    assert (cold_search.p50, cold_search.p99, cold_search.failures) == (200.0, 300.0, 1)
    assert cold_search.slowest_url == "/trials/?q=b"


def test_questions_of_one_kind_filter_only_by_the_given_facets():
    questions = cold_questions(
        _vocabulary(), 80, seed=6, shares={SEARCH: 1.0}, facets=("status", "country")
    )
    assert len(questions) == 80 and {q.kind for q in questions} == {SEARCH}
    for question in questions:
        names = {name for name, _ in parse_qsl(urlsplit(question.url).query)}
        assert names <= {"q", "status", "country", "sort"}
