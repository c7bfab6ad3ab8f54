"""The trial admin's pages: changelist columns, filters, search, query budget, change page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin_support import CHANGELIST, change_url, curator
from tests.factories import make_trial
from trials.models import ReviewFlag, SourceDocument, Trial, TrialCountry, TrialPhase

pytestmark = pytest.mark.django_db


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{CHANGELIST}{query}")
    assert response.status_code == 200
    return [trial.public_id for trial in response.context["cl"].result_list]


def test_changelist_columns(admin_client, seeds):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    rows = {trial.public_id: trial for trial in response.context["cl"].result_list}
    assert rows["NCT05520125"].open_flag_count == 2
    assert rows["NCT03239535"].open_flag_count == 0
    assert rows["NCT03239535"].last_import is not None
    page = response.content.decode()
    for heading in ("Status", "Phases", "Publication", "Open flags", "Last import", "Updated at"):
        assert heading in page
    assert "Phase 1, Phase 2" in page  # NCT03239535
    assert 'href="/admin/trials/trial/import/"' in page
    assert 'href="/admin/trials/trial/review/"' in page


def test_changelist_query_budget(admin_client, seeds, django_assert_max_num_queries):
    for _ in range(40):
        trial = make_trial()
        TrialPhase.objects.create(trial=trial, phase="2")
        TrialCountry.objects.create(trial=trial, country="FR")
        ReviewFlag.objects.create(trial=trial, code="x", message="check")
    for query in ("", "?review=queue", "?flags=open&country=FR&phase=2", "?q=NCT&o=6"):
        with django_assert_max_num_queries(6):
            response = admin_client.get(f"{CHANGELIST}{query}")
        assert response.status_code == 200, query
        if not query:
            assert len(response.context["cl"].result_list) == 45  # one page, no per-row query


def test_changelist_query_budget_for_a_curator(client, django_user_model, seeds,
                                               django_assert_max_num_queries):  # fmt: skip
    client.force_login(curator(django_user_model))
    # A superuser needs no permission lookups; anyone else costs two more, once per request.
    with django_assert_max_num_queries(6 + 2):
        assert client.get(f"{CHANGELIST}?review=queue").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?flags=open", {"NCT05520125", "NCT04382547", "2025-520841-60-00", "NCT05214014"}),
        ("?flags=none", {"NCT03239535"}),
        ("?review=never", {"NCT05520125", "NCT04382547", "2025-520841-60-00", "NCT05214014",
                           "NCT03239535"}),
        ("?review=reviewed", set()),
        ("?format=veeva", {"NCT03239535"}),
        ("?format=eu_summary", {"2025-520841-60-00"}),
        ("?phase=1", {"NCT03239535"}),
        ("?locks=yes", set()),
        ("?q=NCT03239535", {"NCT03239535"}),
        ("?q=MSC-CLI", {"NCT03239535"}),  # a secondary registry id
        ("?q=004_06d783c427b23371", {"NCT03239535"}),  # a source file name
    ],
)  # fmt: skip
def test_filters_and_search(admin_client, seeds, query, expected):
    assert set(listed(admin_client, query)) == expected


def test_country_status_and_publication_filters(admin_client, seeds):
    in_belarus = Trial.objects.in_countries(["BY"]).values_list("public_id", flat=True)
    assert "NCT04382547" in in_belarus
    assert set(listed(admin_client, "?country=BY")) == set(in_belarus)
    Trial.objects.filter(public_id="NCT03239535").update(publication="draft")
    unknown = Trial.objects.published().filter(status="unknown")
    assert set(listed(admin_client, "?publication__exact=published&status__exact=unknown")) == {
        trial.public_id for trial in unknown
    }
    assert "NCT03239535" in listed(admin_client, "?publication__exact=draft")


def test_garbage_filter_values_do_not_fail(admin_client, seeds):
    for query in ("?phase=99", "?country=ZZ", "?review=x", "?flags=maybe", "?format=nope"):
        assert admin_client.get(f"{CHANGELIST}{query}").status_code == 200


def test_change_page_shows_sources_beside_the_fields(admin_client, seeds):
    trial = Trial.objects.get(public_id="NCT03239535")
    source = SourceDocument.objects.get(trial=trial)
    source.raw_text += "\n<script>alert('x')</script>"
    source.save()
    response = admin_client.get(change_url(trial))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="curation-sources' in page
    assert "ClinicalTrials.Veeva" in page  # the raw text
    assert "004_06d783c427b23371.txt" in page
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    assert "Humid gangrene" in page  # criteria inline
    assert "None: every field follows the sources." in page
    for heading in ("Overview", "Regenerative-medicine classification", "Eligibility", "Design"):
        assert heading in page


def test_add_page_and_a_hand_made_trial(admin_client):
    response = admin_client.get("/admin/trials/trial/add/")
    assert response.status_code == 200
    assert 'class="curation-sources' not in response.content.decode()
    data = {"title": "A trial entered by hand", "status": "unknown", "publication": "draft"}
    for prefix in ("phase_rows", "condition_links", "interventions", "arms", "criteria",
                   "outcomes", "locations", "country_rows", "contacts", "identifiers",
                   "review_flags"):  # fmt: skip
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {
        "identifiers-TOTAL_FORMS": 1,
        "identifiers-0-registry": "isrctn",
        "identifiers-0-value": "ISRCTN12345678",
    }
    response = admin_client.post("/admin/trials/trial/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    trial = Trial.objects.get()
    assert trial.public_id == "ISRCTN12345678"
    assert trial.identifiers.get().is_primary
    assert list(Trial.objects.search("entered by hand")) == [trial]
    assert trial.history.first().history_change_reason == "created in the admin"


def test_search_lists_each_trial_once_without_distinct(admin_client, seeds):
    """Two registry ids of one trial both match "NCT0": the trial is listed once, found
    with EXISTS rather than a join that the changelist would have to de-duplicate."""
    with CaptureQueriesContext(connection) as queries:
        found = listed(admin_client, '?q="NCT0" 3239535')
    assert found == ["NCT03239535"]
    statements = [query["sql"] for query in queries.captured_queries]
    trial_rows = [sql for sql in statements if '"trials_trial"."title"' in sql]
    assert trial_rows and not any("DISTINCT" in sql for sql in trial_rows)
