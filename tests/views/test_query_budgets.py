"""Query budgets of the scale issue, on a synthetic catalogue big enough to page through.

Detail: at most 4 queries whatever the number of arms, outcomes and sites (the trial's row
with its sponsor, the catalogue version, every relation in one statement, similar trials;
the scale issue allowed 8). List and search:
at most 4 + (facet groups), for page sizes 10/25/100 and 0-5 active filters. Admin
changelist: at most 6 (also in test_admin).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from trials.catalogue.facets import FACETS
from trials.models import Arm, Intervention, Location, Outcome, Trial

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 4
LIST_BUDGET = 4 + len(FACETS)


@pytest.fixture
def catalogue(db):
    call_command("generate_trials", 120, seed=7, stdout=io.StringIO(), stderr=io.StringIO(),
                 verbosity=0)  # fmt: skip
    return Trial.objects.order_by("id")


def _grow(trial: Trial, children: int) -> None:
    """Give ``trial`` many more arms (each with an intervention), outcomes and sites."""
    for index in range(children):
        intervention = Intervention.objects.create(trial=trial, position=10 + index,
                                                   name=f"Extra product {index}")  # fmt: skip
        arm = Arm.objects.create(trial=trial, position=10 + index, label=f"Extra arm {index}")
        arm.interventions.add(intervention)
        Outcome.objects.create(trial=trial, kind="secondary", position=10 + index,
                               measure=f"Extra outcome {index}")  # fmt: skip
        Location.objects.create(trial=trial, position=10 + index, facility=f"Site {index}",
                                country="FR")  # fmt: skip


@pytest.mark.parametrize("children", [0, 40])
def test_detail_budget_whatever_the_children(client, catalogue, children,
                                             django_assert_max_num_queries):  # fmt: skip
    trial = catalogue.first()
    _grow(trial, children)
    # SQLite: Django asks once per connection whether JSON works (3 statements), not per page.
    assert connection.features.supports_json_field
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(trial.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    if children:
        assert "Extra arm 39" in content and "Extra outcome 39" in content
        assert "Site 39" in content and "Extra product 39" in content


def test_detail_shows_the_same_record_as_prefetching(catalogue):
    """The one-statement loader fills exactly what prefetch_related would."""
    from trials.catalogue.records import trial_record

    trial = catalogue.first()
    _grow(trial, 3)
    bundled = trial_record(Trial.objects.for_detail().get(pk=trial.pk))
    fresh = trial_record(Trial.objects.select_related("sponsor").get(pk=trial.pk))
    assert bundled == fresh
    assert [a.label for a in Trial.objects.for_detail().get(pk=trial.pk).arms.all()] == [
        a.label for a in trial.arms.all()
    ]


def test_api_page_and_export_do_not_grow_with_trials(client, catalogue,
                                                     django_assert_max_num_queries):  # fmt: skip
    with django_assert_max_num_queries(8):
        assert client.get("/api/trials/?page_size=100").status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get("/trials/export.json")
        assert len(b"".join(response.streaming_content)) > 1000


FILTER_SETS = [
    "",
    "status=completed",
    "status=completed&phase=2",
    "status=completed&phase=2&country=US",
    "status=completed&status=recruiting&phase=2&country=US&donor=allogeneic",
    "status=completed&phase=2&country=US&donor=allogeneic&cell_type=mesenchymal%20stromal%20cells",
    "q=mesenchymal",
    "q=cells&country=US&phase=2&status=completed&donor=autologous",
]


@pytest.mark.parametrize("filters", FILTER_SETS)
@pytest.mark.parametrize("page_size", [10, 25, 100])
def test_list_budget(client, catalogue, django_assert_max_num_queries, filters, page_size):
    from trials.views.pages import TrialListView

    TrialListView.paginate_by = page_size
    try:
        with django_assert_max_num_queries(LIST_BUDGET):
            response = client.get(f"/trials/?{filters}&page=2")
        assert response.status_code == 200
        with django_assert_max_num_queries(LIST_BUDGET):  # and with the facets cached
            assert client.get(f"/trials/?{filters}").status_code == 200
    finally:
        TrialListView.paginate_by = 25


@pytest.mark.parametrize("filters", ["", "q=cells&status=completed", "sort=title"])
def test_deep_pages_list_the_same_trials(client, catalogue, filters, monkeypatch):
    """The deferred join (ids first, then rows) gives exactly the OFFSET page."""
    from trials.catalogue.pagination import DeferredJoinPaginator

    def page_ids(page):
        response = client.get(f"/trials/?{filters}&page={page}")
        assert response.status_code == 200
        return [t.public_id for t in response.context["object_list"]]

    plain = [page_ids(page) for page in (1, 2, 3, 5)]
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 0)
    assert [page_ids(page) for page in (1, 2, 3, 5)] == plain
    assert plain[1]
