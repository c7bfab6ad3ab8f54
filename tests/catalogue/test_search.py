import pytest

from tests.factories import make_trial
from trials.models import Trial
from trials.search import ParsedQuery, parse_query, snippet
from trials.text import search_key


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stem cells", ParsedQuery((("stem",), ("cells",)), ())),
        ('"stem cells" knee', ParsedQuery((("stem cells",), ("knee",)), ())),
        ("knee OR hip", ParsedQuery((("knee", "hip"),), ())),
        ("cells -covid", ParsedQuery((("cells",),), ("covid",))),
        ('cells -"graft versus host"', ParsedQuery((("cells",),), ("graft versus host",))),
        ("Т-cells Café", ParsedQuery((("t-cells",), ("cafe",)), ())),
        ('"unclosed phrase', ParsedQuery((("unclosed phrase",),), ())),
        ("OR OR -", ParsedQuery((), ())),
    ],
)
def test_parse_query(query, expected):
    assert parse_query(query) == expected


def test_snippet_marks_terms_and_escapes_html():
    html = snippet("Cells <b>given</b> to patients with knee damage.", ["knee"])
    assert "<mark>knee</mark>" in html
    assert "&lt;b&gt;" in html


def test_snippet_centres_on_first_match():
    text = "word " * 200 + "mesenchymal cells" + " tail" * 50
    html = snippet(text, ["mesenchymal"])
    assert html.startswith("… ")
    assert "<mark>mesenchymal</mark>" in html


def _searchable(title: str, **fields):
    trial = make_trial(title=title, **fields)
    trial.search_document = search_key(title)
    trial.save()
    return trial


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mesenchymal", {"knee", "covid"}),
        ('"regulatory t-cells"', {"treg"}),
        ("knee OR covid", {"knee", "covid"}),
        ("mesenchymal -covid", {"knee"}),
        ("Т-cells", {"treg"}),  # Cyrillic Т typed
        ("sjogren", {"sjogren"}),  # accent-insensitive
        ("MESENCHYMAL KNEE", {"knee"}),
        ("nothingmatches", set()),
    ],
)
def test_search_on_the_database(query, expected):
    titles = {
        "knee": "Mesenchymal stromal cells for knee osteoarthritis",
        "covid": "Mesenchymal stem cells in COVID-19 pneumonia",
        "treg": "Autologous regulatory Т-cells in systemic sclerosis",
        "sjogren": "Sjögren syndrome and salivary gland regeneration",
    }
    ids = {key: _searchable(title).pk for key, title in titles.items()}
    found = set(Trial.objects.search(query).values_list("pk", flat=True))
    assert found == {ids[key] for key in expected}
