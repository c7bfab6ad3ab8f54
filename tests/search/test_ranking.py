"""Ranking on whichever database the suite runs on, and the snippets of the result cards."""

import pytest

from tests.factories import make_trial
from trials.importing.collections import sectioned_document
from trials.models import Trial
from trials.search import matched_snippet, snippet

pytestmark = pytest.mark.django_db


def _indexed(title, summary="", keywords="", rest=""):
    trial = make_trial(title=title, brief_summary=summary)
    trial.search_document = sectioned_document([title, summary, rest], [keywords])
    trial.save()
    return trial


def _ranked(query):
    return list(Trial.objects.search(query).order_by("-rank", "id").values_list("pk", flat=True))


def test_a_title_match_ranks_above_a_match_elsewhere():
    elsewhere = _indexed("Cells for joints", rest="patients with knee pain are excluded")
    in_title = _indexed("Cells for the knee")
    assert _ranked("knee") == [in_title.pk, elsewhere.pk]


def test_keywords_rank_above_the_summary_and_the_rest():
    rest = _indexed("Trial A", rest="history of stroke")
    summary = _indexed("Trial B", summary="Patients after a stroke receive cells.")
    keyword = _indexed("Trial C", keywords="ischemic stroke")
    ranked = _ranked("stroke")
    assert ranked.index(keyword.pk) < ranked.index(rest.pk)
    assert ranked.index(summary.pk) < ranked.index(rest.pk)


def test_a_phrase_ranks_above_scattered_words():
    scattered = _indexed(
        "Bone cells and the marrow of the cord", summary="The marrow, then the bone."
    )
    phrase = _indexed("Umbilical cord cells versus bone marrow cells")
    assert _ranked("bone marrow")[0] == phrase.pk
    assert set(_ranked("bone marrow")) == {scattered.pk, phrase.pk}


def test_an_exclusion_filters_without_zeroing_the_rank():
    kept = _indexed("Mesenchymal cells for knee osteoarthritis")
    _indexed("Mesenchymal cells in COVID-19")
    _indexed("Mesenchymal cells in long covid")
    ranks = dict(Trial.objects.search("mesenchymal -covid").values_list("pk", "rank"))
    assert list(ranks) == [kept.pk]
    assert ranks[kept.pk] > 0


def test_only_exclusions_list_everything_else():
    kept = _indexed("Cells for the knee")
    _indexed("Cells in COVID-19")
    assert _ranked("-covid") == [kept.pk]


def test_snippet_comes_from_the_field_that_matched():
    html = matched_snippet(
        ["A summary about joints.", "", "Knee Osteoarthritis; Obesity"], ["osteoarthritis"]
    )
    assert html == "Knee <mark>Osteoarthritis</mark>; Obesity"


def test_snippet_short_terms_only_as_whole_words():
    assert "<mark>" not in snippet("Every patient gets cells", ["ev"])
    assert snippet("Purified EV from MSC", ["ev"]) == "Purified <mark>EV</mark> from MSC"


def test_snippet_escapes_markup_around_and_inside_marks():
    html = snippet('<script>alert("x")</script> knee <b>cells</b>', ["knee", "script"])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "<mark>knee</mark>" in html


def test_list_page_escapes_a_hostile_title_and_summary(client):
    _indexed(
        '<script>alert("title")</script> knee cells',
        summary='<img src=x onerror="alert(1)"> knee summary',
    )
    response = client.get("/trials/", {"q": "knee"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script>alert("title")' not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; knee cells" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>knee</mark> summary" in html
