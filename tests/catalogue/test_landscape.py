"""The landscape page: its numbers are the list's numbers, its links open exactly them."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.factories import make_trial
from trials.catalogue.landscape import CHART_SLUGS, shade_steps
from trials.catalogue.worldmap import (
    WORLD_MAP_PATH,
    build_world_map,
    split_at_antimeridian,
    world_map,
)
from trials.models import CellType, Trial, TrialCountry, TrialPhase

pytestmark = pytest.mark.django_db

SVG = re.compile(r"<svg class=.*?</svg>", re.DOTALL)  # the charts, not the logo
NS = "{http://www.w3.org/2000/svg}"
# Filter validation (one query per vocabulary parameter), two cache versions, the facet
# statements (one shared, one per active facet), the cross statements and the cell-type labels.
LANDSCAPE_BUDGET = 16
CACHED_BUDGET = 6

FILTER_SETS = [
    "",
    "country=BY",
    "status=unknown&country=BY",
    "cell_type=mesenchymal+stromal+cells",
    "donor=allogeneic&phase=3",
    "q=cells&country=IT&country=BY",
    "cell_type=mesenchymal+stromal+cells&cell_type=regulatory+T+cells&status=completed",
]


@pytest.fixture
def dated_seeds(seeds):
    """The sample trials with start dates (the documents give none)."""
    for public_id, start in [
        ("NCT03239535", "2017-05"),
        ("NCT05214014", "2022-01-10"),
        ("2025-520841-60-00", "2025-03"),
        ("NCT04382547", "2020-04"),
    ]:
        Trial.objects.filter(public_id=public_id).update(start_date=start)


def csv_text(client, url: str) -> str:
    return client.get(url).content.decode("utf-8-sig")  # the CSVs start with a BOM


def facet_options(response, name):
    for facet, options in response.context["facets"]:
        if facet.name == name:
            return {option.value: option.count for option in options if option.count}
    raise AssertionError(name)


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def svgs(content: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in SVG.findall(content)]


def links(element: ET.Element) -> list[str]:
    return [a.get("href") for a in element.iter(f"{NS}a")]


@pytest.mark.parametrize("query", FILTER_SETS)
def test_counts_are_the_lists_facet_counts(client, dated_seeds, query):
    landscape = client.get(f"/landscape/?{query}").context["landscape"]
    listed = client.get(f"/trials/?{query}")
    assert landscape.total == listed.context["paginator"].count
    for chart in landscape.bar_charts:
        drawn = {bar.value: bar.count for bar in chart.bars if bar.count}
        assert drawn == facet_options(listed, chart.slug), chart.slug
    countries = {c.code: c.count for c in landscape.world.countries}
    assert countries == facet_options(listed, "country")


@pytest.mark.parametrize("query", FILTER_SETS[:4])
def test_every_bar_opens_a_list_of_its_number_of_trials(client, dated_seeds, query):
    landscape = client.get(f"/landscape/?{query}").context["landscape"]
    for chart in landscape.bar_charts:
        for bar in chart.bars:
            assert list_count(client, bar.url) == bar.count, (chart.slug, bar.value)
    for country in landscape.world.countries:
        assert list_count(client, country.url) == country.count


def test_start_years_and_phase_table_open_lists_of_their_numbers(client, dated_seeds):
    landscape = client.get("/landscape/?country=BY&country=IT").context["landscape"]
    time = landscape.time
    assert [c.label for c in time.columns] == [str(y) for y in range(2020, 2026)]
    every = time.rows[0]
    assert every.term is None
    assert {c.year: c.count for c in every.cells if c.count} == {"2020": 1, "2022": 1, "2025": 1}
    assert time.undated == 1  # NCT05520125
    for row in time.rows:
        for cell in row.cells:
            if cell.count:
                assert list_count(client, cell.url) == cell.count, (row.label, cell.year)
            else:
                assert cell.url == ""  # nothing to open
    table = landscape.phase_table
    assert [value for value, _label, _selected in table.phases] == ["3"]
    for term, _label, _selected, cells in table.rows:
        for count, url, _heat in cells:
            assert list_count(client, url) == count, term


def test_long_spans_of_start_years_end_in_an_earlier_column(client):
    for start in ("1950-01", "1991-12", "1992-01", "2020-05"):
        make_trial(start_date=start)
    time = client.get("/landscape/").context["landscape"].time
    assert len(time.columns) == 30
    assert [c.label for c in time.columns[:2]] == ["before 1992", "1992"]
    counts = {cell.year: cell.count for cell in time.rows[0].cells if cell.count}
    assert counts == {"before 1992": 2, "1992": 1, "2020": 1}
    for cell in time.rows[0].cells:
        if cell.count:
            assert list_count(client, cell.url) == cell.count


def test_time_and_phase_counts_match_the_database(client, dated_seeds):
    landscape = client.get("/landscape/").context["landscape"]
    years = Counter(
        start[:4] for start in Trial.objects.published().values_list("start_date", flat=True)
    )
    years.pop("", None)
    shown = {c.year: c.count for c in landscape.time.rows[0].cells if c.count}
    assert shown == dict(years)
    pairs = Counter(
        (phase, term)
        for trial in Trial.objects.published().prefetch_related("phase_rows", "cell_types")
        for phase in (p.phase for p in trial.phase_rows.all())
        for term in (c.term for c in trial.cell_types.all())
    )
    table = landscape.phase_table
    shown = {
        (phase, term): count
        for term, _label, _sel, cells in table.rows
        for (phase, _l, _s), (count, _url, _heat) in zip(table.phases, cells, strict=True)
        if count
    }
    assert shown == dict(pairs)


def test_links_keep_the_filters_and_set_their_own(client, dated_seeds):
    content = client.get("/landscape/?country=BY&status=unknown&page=3&junk=1").content.decode()
    figures = svgs(content)
    assert len(figures) >= 3  # map, start years, bar charts
    hrefs = [href for svg in figures for href in links(svg)]
    assert hrefs
    for href in hrefs:
        url = urlsplit(href)
        assert url.path == "/trials/"
        query = parse_qs(url.query)
        assert "page" not in query and "junk" not in query
        # each link keeps both filters, or sets one of them to its own single value
        assert len(query["country"]) == 1 and len(query["status"]) == 1
    cell_type = re.search(r'<figure class="chart" id="cell_type".*?</figure>', content, re.S)
    for href in links(svgs(cell_type.group(0))[0]):
        query = parse_qs(urlsplit(href).query)
        assert query["country"] == ["BY"]
        assert query["status"] == ["unknown"]
        assert len(query["cell_type"]) == 1
    status = re.search(r'<figure class="chart" id="status".*?</figure>', content, re.S)
    for href in links(svgs(status.group(0))[0]):
        query = parse_qs(urlsplit(href).query)
        assert query["country"] == ["BY"] and len(query["status"]) == 1


def test_map_links_each_country_with_trials(client, dated_seeds):
    content = client.get("/landscape/?status=recruiting").content.decode()
    world = svgs(
        re.search(r'<figure class="chart chart-wide" id="map".*?</figure>', content, re.S)[0]
    )
    assert world[0].find(f"{NS}title").text.startswith("World map")
    hrefs = {parse_qs(urlsplit(h).query)["country"][0]: h for h in links(world[0])}
    assert set(hrefs) == {"DE", "ES", "FR", "IT"}
    assert all(parse_qs(urlsplit(h).query)["status"] == ["recruiting"] for h in hrefs.values())


def test_charts_render_with_no_trials(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(LANDSCAPE_BUDGET):
        response = client.get("/landscape/")
    assert response.status_code == 200
    content = response.content.decode()
    assert len(svgs(content)) == 1  # the map, every country unshaded
    assert "No trial here has a known start year." in content
    assert 'class="country' not in content
    for chart in CHART_SLUGS:
        rows = list(csv.reader(io.StringIO(csv_text(client, f"/landscape/{chart}.csv"))))
        assert len(rows) == 1


def test_charts_render_with_one_trial(client):
    trial = make_trial(start_date="2021-06", status="recruiting", donor="autologous")
    trial.cell_types.add(CellType.objects.get_or_create(term="chondrocytes")[0])
    TrialPhase.objects.create(trial=trial, phase="2")
    TrialCountry.objects.create(trial=trial, country="NO")
    response = client.get("/landscape/")
    assert response.status_code == 200
    landscape = response.context["landscape"]
    assert landscape.total == 1
    status = next(c for c in landscape.bar_charts if c.slug == "status")
    assert [(b.value, b.count) for b in status.drawn] == [("recruiting", 1)]
    assert landscape.world.countries[0].code == "NO"
    assert [c.label for c in landscape.time.columns] == ["2021"]
    assert landscape.phase_table.rows[0][3][0][0] == 1
    for svg in svgs(response.content.decode()):
        assert svg.find(f"{NS}title").text


def test_thousands_of_trials(client, django_assert_max_num_queries):
    call_command("generate_trials", 1200, verbosity=0, stdout=io.StringIO())
    with django_assert_max_num_queries(LANDSCAPE_BUDGET):
        response = client.get("/landscape/?donor=allogeneic")
    assert response.status_code == 200
    landscape = response.context["landscape"]
    listed = client.get("/trials/?donor=allogeneic")
    assert landscape.total == listed.context["paginator"].count > 300
    for chart in landscape.bar_charts:
        shown = facet_options(listed, chart.slug)  # the list shows the commonest 25
        drawn = {bar.value: bar.count for bar in chart.bars}
        assert all(drawn[value] == count for value, count in shown.items())
        assert len(chart.drawn) <= 15
    assert sum(c.count for c in landscape.world.countries) >= landscape.total
    assert any(country.label for country in landscape.world.shapes)
    content = response.content.decode()
    for svg in svgs(content):
        assert svg.find(f"{NS}title") is not None
        assert svg.get("aria-labelledby")
    time_rows = list(
        csv.DictReader(io.StringIO(csv_text(client, "/landscape/start_year.csv?donor=allogeneic")))
    )
    every = sum(int(row["trials"]) for row in time_rows if not row["cell_type"])
    assert every == landscape.time.rows[0].total == landscape.total - landscape.time.undated
    with django_assert_max_num_queries(CACHED_BUDGET):
        assert client.get("/landscape/?donor=allogeneic").status_code == 200


def test_counts_are_cached_until_the_catalogue_changes(
    client, dated_seeds, django_assert_max_num_queries
):
    client.get("/landscape/?country=BY")
    with django_assert_max_num_queries(CACHED_BUDGET):
        landscape = client.get("/landscape/?country=BY").context["landscape"]
    status = {b.value: b.count for b in landscape.bar_charts[-1].bars}
    assert status.get("completed") == 1
    trial = Trial.objects.get(public_id="NCT05214014")
    trial.status = "completed"
    trial.start_date = "2020-02"
    trial.save()
    landscape = client.get("/landscape/?country=BY").context["landscape"]
    assert {b.value: b.count for b in landscape.bar_charts[-1].bars}["completed"] == 2
    assert {c.year: c.count for c in landscape.time.rows[0].cells}["2020"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "country=XX&status=nonsense&phase=9",
        "start_year_min=abc&start_year_max=99999",
        "start_year_min=2030&start_year_max=2000",
        "enrollment_min=-5&age=old&healthy_volunteers=maybe",
        "q=%00%01&cell_type=" + "x" * 500,
        "cell_type=a&" * 80,
        "sort=nonsense&page=-1",
    ],
)
def test_bad_parameters_never_500(client, dated_seeds, query):
    assert client.get(f"/landscape/?{query}").status_code in (200, 400)
    assert client.get(f"/landscape/cell_type.csv?{query}").status_code in (200, 400)


def test_csv_has_the_numbers_behind_each_chart(client, dated_seeds):
    response = client.get("/landscape/cell_type.csv?country=BY")
    assert response["Content-Type"].startswith("text/csv")
    assert "landscape-cell_type.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["cell_type", "label", "trials"],
        ["mesenchymal stromal cells", "Mesenchymal stromal cells (MSC)", "2"],
        ["regulatory T cells", "Regulatory T cells (Treg)", "1"],
    ]
    rows = list(csv.reader(io.StringIO(csv_text(client, "/landscape/country.csv"))))
    assert rows[:2] == [["country", "name", "trials"], ["BY", "Belarus", "3"]]
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "/landscape/phase_cell_type.csv"))))
    assert {(r["phase"], r["cell_type"], r["trials"]) for r in rows} == {
        ("1", "mesenchymal stromal cells", "1"),
        ("2", "mesenchymal stromal cells", "1"),
        ("3", "mesenchymal stromal cells", "1"),
    }
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "/landscape/start_year.csv"))))
    assert {(r["start_year"], r["cell_type"], r["trials"]) for r in rows} >= {
        ("2017", "", "1"),
        ("2022", "regulatory T cells", "1"),
    }
    assert client.get("/landscape/nonsense.csv").status_code == 404


def test_page_is_linked_and_accessible(client, dated_seeds):
    home = client.get("/").content.decode()
    assert 'href="/landscape/"' in home
    content = client.get("/landscape/").content.decode()
    assert 'aria-current="page"' in content
    assert "style=" not in content and "<script>" not in content and "onclick" not in content
    for figure in re.findall(r'<figure class="chart[^"]*" id="([^"]+)"', content):
        assert f'id="{figure}-title"' in content and f'id="{figure}-summary"' in content
    assert content.count("<table") >= 11  # the numbers behind every chart
    assert "/static/css/landscape." in content


def test_start_year_filter_on_the_list(client, dated_seeds):
    assert list_count(client, "/trials/?start_year_min=2020") == 3
    assert list_count(client, "/trials/?start_year_max=2020") == 2
    assert list_count(client, "/trials/?start_year_min=2020&start_year_max=2022") == 2
    response = client.get("/trials/?start_year_min=12345")
    assert response.context["paginator"].count == 5
    assert any("Started in or after" in n for n in response.context["notices"])
    assert client.get("/api/trials/?start_year_min=2022").json()["count"] == 2


def test_shade_steps_are_logarithmic():
    assert shade_steps(0) == []
    assert shade_steps(1) == [(1, 1)]
    assert shade_steps(3) == [(1, 1), (2, 2), (3, 3)]
    assert shade_steps(1000) == [(1, 3), (4, 15), (16, 63), (64, 251), (252, 1000)]


def test_world_map_is_shipped_small_and_complete():
    world = world_map()
    codes = {c["code"] for c in world["countries"]}
    assert {"US", "CN", "IT", "BY", "BR", "AU", "RU", "FJ"} <= codes
    assert "AQ" not in codes
    assert {"SG", "MT", "HK"} <= {p["code"] for p in world["points"]}
    assert "Natural Earth" in world["source"] and "ISC" in world["source"]
    assert WORLD_MAP_PATH.stat().st_size < 80_000
    for country in world["countries"]:
        ET.fromstring(f'<path xmlns="http://www.w3.org/2000/svg" d="{country["d"]}"/>')
        assert re.fullmatch(r"M[-0-9. lmz]+", country["d"]), country["code"]


def test_build_world_map_projects_and_cuts_at_the_antimeridian(tmp_path):
    topology = {
        "type": "Topology",
        "arcs": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],  # a square near 0°, 0°
            [[170, 50], [-170, 50], [-170, 60], [170, 60], [170, 50]],  # across 180°
            [[0, -80], [10, -80], [10, -70], [0, -80]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "380", "properties": {"name": "A"}},
                    {"type": "Polygon", "arcs": [[1]], "id": "643", "properties": {"name": "B"}},
                    {"type": "Polygon", "arcs": [[2]], "id": "010", "properties": {"name": "C"}},
                ],
            }
        },
    }
    small = {
        "type": "Topology",
        "arcs": [[[103, 1], [104, 1], [104, 2], [103, 1]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "702", "properties": {"name": "S"}}
                ],
            }
        },
    }
    built = build_world_map(topology, small, source="test")
    assert [c["code"] for c in built["countries"]] == ["IT", "RU"]  # Antarctica left out
    russia = built["countries"][1]["d"]
    assert russia.count("M") + russia.count("m") == 2  # cut in two at 180°
    assert built["points"][0]["code"] == "SG"
    for country in built["countries"]:
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", country["d"].split("l")[0])]
        assert 0 <= numbers[0] <= built["width"] and 0 <= numbers[1] <= built["height"]
    parts = split_at_antimeridian([(170, 50), (-170, 50), (-170, 60), (170, 60)])
    assert len(parts) == 2
    assert all(-180 <= lon <= 180 for part in parts for lon, _lat in part)
    source = tmp_path / "world.json"
    source.write_text(json.dumps(topology))
    output = tmp_path / "out.json"
    out = io.StringIO()
    call_command("build_world_map", str(source), output=str(output), stdout=out)
    assert "2 countries" in out.getvalue()
    assert json.loads(output.read_text())["countries"][0]["code"] == "IT"


def test_a_repeated_question_reuses_the_drawn_charts(client, dated_seeds, monkeypatch):
    from trials.catalogue import landscape

    drawn = []
    original = landscape.build_map
    monkeypatch.setattr(landscape, "build_map", lambda *a: drawn.append(a) or original(*a))
    first = client.get("/landscape/?country=BY")
    assert len(drawn) == 1
    again = client.get("/landscape/?country=BY")
    assert len(drawn) == 1  # the rendered charts came from the cache
    assert SVG.findall(again.content.decode()) == SVG.findall(first.content.decode())
    client.get("/landscape/?country=BY&status=completed")
    assert len(drawn) == 2  # another question draws its own
