"""A list search saved for an alert: its canonical query string, its words, its matches."""

from django.db.models import Exists, OuterRef
from django.http import QueryDict

from trials.catalogue.filters import TrialFilter
from trials.models import Trial

# Parameters that page or order the list but do not choose trials.
NOT_FILTERS = {"page", "sort", "page_size"}
MAX_QUERY_CHARS = 1000


def canonical_query(data: QueryDict) -> str:
    """The valid filters of ``data`` as a sorted query string (unknown or malformed
    parameters dropped), so the same search always saves the same text."""
    filterset = TrialFilter(data, queryset=Trial.objects.none())
    form = filterset.form
    form.is_valid()
    kept = QueryDict(mutable=True)
    for name in sorted(form.fields):
        if name in NOT_FILTERS or name in form.errors:
            continue
        if form.cleaned_data.get(name) in (None, "", [], False):
            continue
        values = sorted({value.strip() for value in data.getlist(name) if value.strip()})
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def describe(query: str) -> str:
    """The search in words ("“knee”; Status: Recruiting"), or "" for every trial."""
    return "; ".join(_filterset(query, Trial.objects.none()).described())


# Saved searches tested against the changed trials in one statement.
SEARCHES_PER_QUERY = 50


def matching(searches: list[str], candidate_ids) -> dict[str, set[int]]:
    """Which of ``candidate_ids`` (published trials) each saved search finds, one statement
    per SEARCHES_PER_QUERY searches: each search is an EXISTS on the candidate's own row, so
    the database tests a thousand rows instead of planning each search over the catalogue."""
    candidates = list(candidate_ids)
    found: dict[str, set[int]] = {search: set() for search in searches}
    if not candidates:
        return found
    for start in range(0, len(searches), SEARCHES_PER_QUERY):
        batch = searches[start : start + SEARCHES_PER_QUERY]
        tests = {
            f"search_{index}": Exists(
                _filterset(search, Trial.objects.all()).qs.filter(pk=OuterRef("pk"))
            )
            for index, search in enumerate(batch)
        }
        rows = (
            Trial.objects.filter(pk__in=candidates)
            .annotate(**tests)
            .values_list("pk", *tests)
            .order_by()
        )
        for pk, *hits in rows:
            for search, hit in zip(batch, hits, strict=True):
                if hit:
                    found[search].add(pk)
    return found


def _filterset(query: str, queryset) -> TrialFilter:
    return TrialFilter(QueryDict(query), queryset=queryset)
