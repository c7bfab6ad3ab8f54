"""A list search saved for an alert: its canonical query string, its words, its matches."""

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


def matching_ids(query: str, candidate_ids) -> set[int]:
    """Which of ``candidate_ids`` the saved search finds among published trials (one query)."""
    candidates = Trial.objects.published().filter(pk__in=list(candidate_ids))
    return set(_filterset(query, candidates).qs.order_by().values_list("pk", flat=True))


def _filterset(query: str, queryset) -> TrialFilter:
    return TrialFilter(QueryDict(query), queryset=queryset)
