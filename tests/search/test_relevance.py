"""The relevance suite: judged queries over the sample documents, the corpus and generated
trials, on whichever database the suite runs on (targets of issue 17)."""

import io

import pytest
from django.core.management import call_command

from trials.catalogue.relevance import evaluate, load_judgements, ndcg_at, recall_at
from trials.management.commands.search_relevance import JUDGEMENTS, build_relevance_catalogue

KINDS = {"abbreviation", "synonym", "misspelling", "phrase", "exclusion", "multilingual", "id"}


def test_the_judgements_cover_every_kind_of_query():
    judgements = load_judgements(JUDGEMENTS)
    assert len(judgements) >= 40
    assert {j.kind for j in judgements} == KINDS
    assert len({j.query for j in judgements}) == len(judgements)


def test_recall_counts_at_most_the_depth():
    relevant = {f"t{i}" for i in range(30)}
    assert recall_at([f"t{i}" for i in range(25)], relevant) == 1.0
    assert recall_at(["x", "t1"], {"t1", "t2"}) == 0.5


def test_ndcg_rewards_relevant_trials_first():
    assert ndcg_at(["a", "b", "x"], {"a", "b"}) == 1.0
    assert ndcg_at(["x", "a", "b"], {"a", "b"}) < ndcg_at(["a", "x", "b"], {"a", "b"}) < 1.0
    assert ndcg_at(["x", "y"], {"a"}) == 0.0


@pytest.mark.django_db
def test_search_meets_the_relevance_targets():
    build_relevance_catalogue()
    report = evaluate(load_judgements(JUDGEMENTS))
    table = report.table()
    assert report.recall >= 0.95, table
    assert report.ndcg >= 0.9, table
    assert all(row.expected for row in report.rows), table  # every query has answers


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_the_table_and_leaves_nothing_behind():
    from trials.models import Trial

    out = io.StringIO()
    call_command("search_relevance", "--markdown", stdout=out)
    text = out.getvalue()
    assert "| query | kind | relevant | recall@25 | nDCG@10 |" in text
    assert "| NCT 05214014 | id | 1 | 1.00 | 1.00 |" in text
    assert not Trial.objects.exists()
