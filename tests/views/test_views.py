import re

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.catalogue.facets import FACETS
from trials.models import Publication, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(module_seeds, db):
    """These tests only read the samples: imported once for the module."""
    return module_seeds


def test_home_page(client, seeds):
    response = client.get("/")
    assert response.status_code == 200
    assert b'name="q"' in response.content
    assert b"Browse all 5 trials" in response.content


def test_home_browses_by_area_cell_type_country_status(client, seeds):
    content = client.get("/").content.decode()
    assert "?condition_area=musculoskeletal" in content
    assert "Bone, joint and cartilage (2)" in content
    assert "?cell_type=mesenchymal%20stromal%20cells" in content
    assert "?country=BY" in content and "Belarus (3)" in content
    assert "?status=completed" in content


def test_condition_area_filter(client, seeds):
    response = client.get("/trials/?condition_area=musculoskeletal")
    assert {t.public_id for t in response.context["object_list"]} == {
        "NCT05520125",
        "2025-520841-60-00",
    }


def test_list_shows_published_trials(client, seeds):
    Trial.objects.filter(public_id="NCT05520125").update(publication=Publication.DRAFT)
    response = client.get("/trials/")
    assert response.status_code == 200
    assert response.context["paginator"].count == 4
    assert b"NCT05520125" not in response.content
    assert b"Critical Limb Ischemia" in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", {"NCT04382547"}),
        ("status=completed&status=unknown", {"NCT04382547", "NCT05520125", "NCT03239535"}),
        ("phase=3", {"2025-520841-60-00"}),
        ("phase=1&phase=3", {"2025-520841-60-00", "NCT03239535"}),
        ("condition=systemic+sclerosis", {"NCT05214014"}),
        ("q=regulatory+T-cells", {"NCT05214014"}),
        ("q=Сritical", {"NCT03239535"}),  # Cyrillic С typed
        ("country=BY", {"NCT05520125", "NCT04382547", "NCT05214014"}),
        ("country=IT&phase=3", {"2025-520841-60-00"}),
        ("cell_type=regulatory+T+cells", {"NCT05214014"}),
        ("donor=allogeneic&route=intramuscular", {"NCT03239535"}),
        # Trials stating no age limits are left out of "eligible at age N" unless asked for.
        ("age=70", {"NCT03239535"}),
        (
            "age=70&age_unstated=true",
            {"NCT03239535", "NCT04382547", "NCT05214014", "2025-520841-60-00"},
        ),
        ("age=10&age_unstated=true", {"NCT04382547", "NCT05214014", "2025-520841-60-00"}),
        ("age=10", set()),
        # "Female" is every trial open to women: the four all-sexes samples.
        ("sex=female", {"NCT03239535", "NCT04382547", "NCT05214014", "NCT05520125"}),
        ("sex=female_only", set()),
        ("sex=male&age=40", {"NCT03239535", "NCT05520125"}),
        ("healthy_volunteers=false", {"NCT03239535"}),
        ("enrollment_min=35&enrollment_max=50", {"NCT03239535"}),
        ("registry=eu_ct", {"2025-520841-60-00"}),
    ],
)
def test_list_filters(client, seeds, query, expected):
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 200
    assert {t.public_id for t in response.context["object_list"]} == expected


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "phase=9&phase=2",
        "age=abc",
        "age=-5",
        "page=0",
        "page=999",
        "page=abc",
        "enrollment_min=1e999",
        "sort=nonsense",
        "country=ZZ",
        "q=%00",
        "healthy_volunteers=maybe",
    ],
)
def test_bad_parameters_never_500(client, seeds, query):
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 200


def test_unknown_value_is_noticed(client, seeds):
    response = client.get("/trials/?status=bogus")
    assert "“bogus” (ignored)" in response.content.decode()
    assert response.context["paginator"].count == 5


def test_registry_id_in_search_box_jumps_to_trial(client, seeds):
    response = client.get("/trials/?q=nct04382547")
    assert response.status_code == 302
    assert response["Location"] == "/trials/NCT04382547/"
    response = client.get("/trials/?q=MSC-CLI/FMBA/001")
    assert response["Location"] == "/trials/NCT03239535/"


# Issue budget: the page of trials, its three prefetches, and one query per facet group.
LIST_BUDGET = 4 + len(FACETS)


def test_list_query_count_is_bounded(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_BUDGET):
        client.get("/trials/?status=unknown&phase=2&country=BY&q=cells")


def test_detail_page(client, seeds):
    response = client.get("/trials/NCT03239535/")
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Allogeneic Mesenchymal Stem Cells for the Critical Limb Ischemia Therapy",
        "Federal Research Clinical Center",
        "Humid gangrene",
        "https://clinicaltrials.gov/study/NCT03239535",
        "MSC-CLI/FMBA/001",
        "Mikhail A Konoplyannikov",
        "Intramuscular",
    ):
        assert text in content


def test_detail_has_json_ld_and_open_graph(client, seeds):
    import json
    import re

    content = client.get("/trials/NCT04382547/").content.decode()
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "MedicalTrial"
    assert data["identifier"] == ["NCT04382547"]
    assert {"@type": "MedicalCondition", "name": "Sars-CoV2"} in data["healthCondition"]
    assert '<meta property="og:title"' in content
    assert '<link rel="canonical" href="http://testserver/trials/NCT04382547/">' in content


def test_json_ld_cannot_break_out_of_its_script(client, seeds):
    Trial.objects.filter(public_id="NCT04382547").update(title="</script><script>alert(1)")
    content = client.get("/trials/NCT04382547/").content.decode()
    assert "</script><script>alert(1)" not in content
    assert "\\u003c/script\\u003e" in content


def similar_ids(client, public_id: str) -> list[str]:
    content = client.get(f"/trials/{public_id}/").content.decode()
    if 'class="similar"' not in content:
        return []
    listed = content.split('class="similar"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="/trials/([^/]+)/"', listed)


def test_similar_trials_share_cell_type_and_condition(client, seeds):
    assert similar_ids(client, "NCT05520125") == []  # no other MSC trial of bone loss
    from trials.models import Condition, TrialCondition

    other = Trial.objects.get(public_id="NCT03239535")
    TrialCondition.objects.create(
        trial=other,
        condition=Condition.objects.get(name="Segmental Fracture - Bone Loss"),
        position=9,
    )
    other.save()  # as the admin does: the catalogue changed, cached pages are not served
    assert similar_ids(client, "NCT05520125") == ["NCT03239535"]


def test_a_cached_trial_page_shows_an_edit_at_once(client, seeds, django_assert_max_num_queries):
    client.get("/trials/NCT05520125/")
    with django_assert_max_num_queries(3):  # the trial's row, the catalogue version, session
        cached = client.get("/trials/NCT05520125/").content.decode()
    trial = Trial.objects.get(public_id="NCT05520125")
    trial.title = "A title a curator corrected"
    trial.save()
    fresh = client.get("/trials/NCT05520125/").content.decode()
    assert "A title a curator corrected" in fresh and "A title a curator corrected" not in cached
    assert fresh.count("A title a curator corrected") >= 3  # head, JSON-LD, body


def test_detail_query_count_is_bounded(client, seeds, django_assert_max_num_queries):
    # The trial's row and sponsor, the catalogue version, its relations, similar trials.
    with django_assert_max_num_queries(4):
        client.get("/trials/NCT04382547/")


def test_eu_trial_links_to_ctis(client, seeds):
    response = client.get("/trials/2025-520841-60-00/")
    assert b"euclinicaltrials.eu" in response.content


def test_draft_is_404_for_visitors_and_visible_to_staff(client, admin_client, seeds):
    Trial.objects.filter(public_id="NCT05520125").update(publication=Publication.DRAFT)
    assert client.get("/trials/NCT05520125/").status_code == 404
    assert client.get("/api/trials/NCT05520125/").status_code == 404
    response = admin_client.get("/trials/NCT05520125/")
    assert response.status_code == 200
    assert b"visible to staff only" in response.content


def test_secondary_id_redirects_to_primary(client, seeds):
    response = client.get("/trials/msc-cli-fmba-001/")
    assert response.status_code == 301
    assert response["Location"] == "/trials/NCT03239535/"


def test_unknown_trial_is_404(client, seeds):
    assert client.get("/trials/NCT99999999/").status_code == 404


def test_api_list_validates(client, seeds, record_schema):
    response = client.get("/api/trials/?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2") or "page=2" in body["next"]
    assert body["previous"] is None
    for record in body["results"]:
        jsonschema.validate(record, record_schema)


def test_api_filters_like_the_list(client, seeds):
    body = client.get("/api/trials/?status=completed").json()
    assert [r["id"] for r in body["results"]] == ["NCT04382547"]


@pytest.mark.parametrize("query", ["page_size=500", "page=0", "page=abc", "status=bogus", "page=9"])
def test_api_bad_parameters_are_400_json(client, seeds, query):
    response = client.get(f"/api/trials/?{query}")
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_detail(client, seeds, record_schema):
    response = client.get("/api/trials/NCT05214014/")
    assert response.status_code == 200
    record = response.json()
    jsonschema.validate(record, record_schema)
    assert record["title"] == "Treatment of Systemic Sclerosis With Autologous Regulatory T-cells"
    assert record["url"].endswith("/trials/NCT05214014/")


@pytest.mark.parametrize(
    "url",
    [
        "/trials/?q=%00",
        "/trials/?condition=%00&status=%00completed",
        "/trials/%00/",
        "/api/trials/?q=a%00b",
        "/api/trials/%00/",
        "/trials/export.csv?cell_type=%00",
    ],
)
def test_nul_bytes_never_500(client, seeds, url):
    assert client.get(url).status_code in (200, 400, 404)


def facet_options(response, name):
    for facet, options in response.context["facets"]:
        if facet.name == name:
            return {option.value: (option.count, option.selected) for option in options}
    raise AssertionError(name)


def test_facets_count_within_the_other_filters(client, seeds):
    response = client.get("/trials/?country=BY&status=completed")
    # Status counts ignore the status filter but respect the country filter.
    assert facet_options(response, "status") == {
        "completed": (1, True),
        "unknown": (1, False),
        "enrolling_by_invitation": (1, False),
    }
    # Country counts respect the status filter: only Belarus has a completed trial.
    assert facet_options(response, "country") == {"BY": (1, True)}


def test_selected_option_with_no_results_stays_visible(client, seeds):
    response = client.get("/trials/?country=IT&status=completed")
    assert response.context["paginator"].count == 0
    assert facet_options(response, "status")["completed"] == (0, True)
    assert facet_options(response, "country")["IT"] == (0, True)
    assert "No trials match" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "first"),
    [("enrollment", "2025-520841-60-00"), ("title", "NCT03239535")],
)
def test_sorting(client, seeds, sort, first):
    response = client.get(f"/trials/?sort={sort}")
    assert response.context["object_list"][0].public_id == first


def test_relevance_sort_with_query(client, seeds):
    response = client.get("/trials/?q=mesenchymal&sort=relevance")
    assert response.status_code == 200
    assert response.context["paginator"].count >= 3


def test_chips_remove_one_value(client, seeds):
    response = client.get("/trials/?status=completed&status=unknown&country=BY")
    chips = dict(response.context["chips"])
    assert chips["Status: Completed"] == "?status=unknown&country=BY"
    assert chips["Country: Belarus"] == "?status=completed&status=unknown"


def test_search_snippet_is_highlighted(client, seeds):
    content = client.get("/trials/?q=olfactory").content.decode()
    assert "<mark>olfactory</mark>" in content


@pytest.mark.parametrize(
    "filters", ["", "status=unknown", "status=unknown&phase=2&country=BY&q=cells&donor=allogeneic"]
)
@pytest.mark.parametrize("page_size", [1, 2, 5])
def test_list_queries_do_not_grow(
    client, seeds, settings, django_assert_max_num_queries, filters, page_size
):
    from trials.views.pages import TrialListView

    TrialListView.paginate_by = page_size
    try:
        with django_assert_max_num_queries(LIST_BUDGET):
            assert client.get(f"/trials/?{filters}").status_code == 200
    finally:
        TrialListView.paginate_by = 25


def test_facet_counts_are_cached_until_the_catalogue_changes(
    client, seeds, django_assert_max_num_queries
):
    client.get("/trials/?country=BY")
    with django_assert_max_num_queries(5):  # version, page of trials, three prefetches
        response = client.get("/trials/?country=BY")
    assert facet_options(response, "status")["completed"] == (1, False)
    trial = Trial.objects.get(public_id="NCT05214014")
    trial.status = "completed"
    trial.save()
    response = client.get("/trials/?country=BY")
    assert facet_options(response, "status")["completed"] == (2, False)


def test_long_facets_are_capped_but_keep_selected_options(client, seeds):
    from trials.catalogue.counts import MAX_OPTIONS
    from trials.models import Condition, TrialCondition

    trial = Trial.objects.get(public_id="NCT03239535")
    for index in range(40):
        condition = Condition.objects.create(name=f"Rare condition {index:02d}")
        TrialCondition.objects.create(trial=trial, condition=condition, position=10 + index)
    response = client.get("/trials/?condition=rare+condition+39")
    options = facet_options(response, "condition")
    assert len(options) <= MAX_OPTIONS + 1
    assert options["rare condition 39"] == (1, True)


def test_paging_stops_at_max_results(client, seeds, monkeypatch):
    from trials.views import pages as views

    monkeypatch.setattr(views, "MAX_RESULTS", 2)
    monkeypatch.setattr(views.TrialListView, "paginate_by", 1)
    response = client.get("/trials/?page=5")
    assert response.context["paginator"].count == 5
    assert response.context["paginator"].num_pages == 2
    assert response.context["page_obj"].number == 2
    assert "Only the first 2 trials can be paged through" in response.content.decode()


def test_a_repeated_list_page_reads_its_cached_ids(client, seeds):
    first = client.get("/trials/?q=cells&sort=title")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/trials/?q=cells&sort=title")

    def cards(response) -> str:
        return response.content.decode().split('<ol class="result-list">')[1].split("</ol>")[0]

    assert cards(again) == cards(first)
    # The cards come from the cached fragment: no trial row is read for them.
    assert not [q for q in queries.captured_queries if '"trials_trial"."title"' in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        ids = [t.public_id for t in again.context["object_list"]]
    # The page's rows by the ids kept from the first visit: not sorted and cut again (the
    # search condition stays, and on SQLite it is an IN over the full-text index).
    rows = [q["sql"] for q in queries.captured_queries if '"trials_trial"."title"' in q["sql"]]
    listed = re.compile(r'"trials_trial"\."id" IN \([\d, ]+\)')
    assert rows and all(listed.search(sql) and "LIMIT" not in sql for sql in rows)
    assert ids == [t.public_id for t in first.context["object_list"]]


def test_a_cached_list_page_follows_an_edit(client, seeds):
    newest = [t.public_id for t in client.get("/trials/?sort=updated").context["object_list"]]
    oldest = Trial.objects.published().get(public_id=newest[-1])
    oldest.save()  # now the latest change
    again = [t.public_id for t in client.get("/trials/?sort=updated").context["object_list"]]
    assert again[0] == oldest.public_id


def test_each_filter_set_counts_only_the_facets_it_shows(client, seeds, monkeypatch):
    """The facets of no active filter are counted over the trials of every filter, each
    active facet over the trials of the others, and only that facet; a repeat counts
    nothing."""
    from trials.catalogue import counts

    counted = []
    count_keys = counts._stored_key_counts

    def counting(selection, version, names=None):
        counted.append(sorted(names))
        return count_keys(selection, version, names)

    monkeypatch.setattr(counts, "_stored_key_counts", counting)

    def facet_sets(url: str) -> list[list[str]]:
        counted.clear()
        assert client.get(url).status_code == 200
        return sorted(counted)

    others = sorted(f.name for f in counts.FACETS if f.name not in ("status", "phase"))
    assert facet_sets("/trials/?status=completed&phase=2") == sorted(
        [others, ["phase"], ["status"]]
    )
    assert facet_sets("/trials/?status=completed&phase=2") == []
