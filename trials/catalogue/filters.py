"""The catalogue's public filters: one FilterSet behind the list page, the API and exports.

Public query parameters are a contract (people bookmark them): q, status, phase, condition,
cell_type, source_tissue, donor, route, product_type, country, sex, age, age_unstated,
healthy_volunteers, exclude_pay, study_type, enrollment_min, enrollment_max, start_year_min,
start_year_max, registry, sort. ``sex=female`` means open to women (female-only and all-sexes
trials), ``sex=female_only`` women only; ``age=N`` leaves out trials stating no age limits
unless ``age_unstated=true``.
Multi-valued filters match trials having any of the values, through EXISTS subqueries (no
DISTINCT over joins); there is one per facet, built from its declaration in ``facets.py``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

import django_filters
from django import forms
from django.db import connections
from django.db.models import QuerySet

from trials.catalogue.facets import FACETS, Facet, facet_key
from trials.models import Trial

MAX_VALUES = 50
# Enrollment is a 32-bit integer column: a larger bound is ignored like any malformed value
# (PostgreSQL would refuse to compare the column with it).
MAX_ENROLLMENT = 2**31 - 1


class Chosen(list):
    """The known values of a parameter, with the row ids ``known`` gave them (if it did)."""

    def __init__(self, values, ids: dict | None = None):
        super().__init__(values)
        self.ids = ids or {}


class KnownValuesField(forms.Field):
    """A repeated parameter: keeps the known values and remembers the unknown ones.

    ``known(values)`` says which of the submitted values exist (a set, or a dict giving
    each its row's id), so a vocabulary of thousands of conditions is checked with one small
    query instead of being loaded.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, known, **kwargs):
        self.known = known
        self.ignored: list[str] = []
        super().__init__(**kwargs)

    def clean(self, value):
        values = [v.strip() for v in value or [] if isinstance(v, str) and v.isprintable()]
        values = [v for v in values if v]
        values = list(dict.fromkeys(values))[:MAX_VALUES]
        known = self.known(values) if values else set()
        self.ignored = [v for v in values if v not in known]
        return Chosen([v for v in values if v in known], known if isinstance(known, dict) else None)


class FacetFilter(django_filters.Filter):
    """Trials having any of the chosen values of a facet, matched as ``facets.py`` says."""

    field_class = KnownValuesField

    def __init__(self, facet: Facet):
        lookup = "in" if facet.field else None
        super().__init__(facet.field or facet.name, lookup, label=facet.label, known=facet.known)
        self.facet = facet

    def filter(self, qs, value):
        if not value:
            return qs
        facet = self.facet
        if facet.field:
            return qs.filter(**{f"{facet.field}__{self.lookup_expr}": facet.stored_values(value)})
        if connections[qs.db].vendor == "postgresql":
            # The trial's stored keys say what its related rows say (facet_keys.py): one GIN
            # index look-up instead of a join with the related rows of every trial.
            keys = [facet_key(facet.name, v) for v in facet.stored_values(value)]
            return qs.filter(facet_keys__holds_any=keys)
        values = [value.ids[v] for v in value] if facet.by_id else value
        return getattr(qs, facet.method)(*facet.method_args, values)


@dataclass(frozen=True)
class Selection:
    """The trials a filter set selects, in two forms: ``rest``, the queryset of the filters
    that are not facets, with ``facet_keys``: per active facet filter, the stored facet keys
    of which a trial must hold one (``facet_keys.py``), so that facets can be matched off
    per-key bitmaps; and ``trials``, one queryset of every filter, built by ``every_filter``
    when first asked for (counting off the facet index never needs it)."""

    rest: QuerySet
    facet_keys: tuple[tuple[str, ...], ...]
    every_filter: Callable[[], QuerySet]

    @cached_property
    def trials(self) -> QuerySet:
        return self.every_filter()

    @property
    def db(self) -> str:
        """The database both forms read."""
        return self.rest.db


SORTS = {
    "relevance": ("-rank", "-updated_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "enrollment": ("-enrollment", "-id"),
    "title": ("title", "id"),
}


class TrialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    age = django_filters.NumberFilter(
        method="filter_age", label="Eligible at age", min_value=0, max_value=150
    )
    # Read by filter_age: without it, "eligible at age N" leaves out trials stating no limits.
    age_unstated = django_filters.BooleanFilter(
        method="filter_age_unstated", label="Include trials that state no age limits"
    )
    exclude_pay = django_filters.BooleanFilter(
        method="filter_exclude_pay", label="Hide trials that may ask participants to pay"
    )
    healthy_volunteers = django_filters.BooleanFilter(
        field_name="healthy_volunteers", label="Accepts healthy volunteers"
    )
    enrollment_min = django_filters.NumberFilter(
        field_name="enrollment",
        lookup_expr="gte",
        label="Enrollment at least",
        min_value=0,
        max_value=MAX_ENROLLMENT,
    )
    enrollment_max = django_filters.NumberFilter(
        field_name="enrollment",
        lookup_expr="lte",
        label="Enrollment at most",
        min_value=0,
        max_value=MAX_ENROLLMENT,
    )
    start_year_min = django_filters.NumberFilter(
        method="filter_start_year", label="Started in or after", min_value=1900, max_value=2100
    )
    start_year_max = django_filters.NumberFilter(
        method="filter_start_year", label="Started in or before", min_value=1900, max_value=2100
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("relevance", "Relevance"),
            ("updated", "Last updated"),
            ("enrollment", "Enrollment (largest first)"),
            ("title", "Title (A-Z)"),
        ],
        method="filter_sort",
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Trial
        fields: list[str] = []

    @classmethod
    def get_filters(cls):
        """The declared filters, and after the search one filter per facet of FACETS."""
        declared = super().get_filters()
        search = {"q": declared.pop("q")}
        return {**search, **{facet.name: FacetFilter(facet) for facet in FACETS}, **declared}

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_age(self, queryset, name, value):
        if value is None:
            return queryset
        include = bool(self.form.cleaned_data.get("age_unstated"))
        return queryset.eligible_at_age(value, include_unstated=include)

    def filter_age_unstated(self, queryset, name, value):
        return queryset  # a modifier of filter_age

    def filter_exclude_pay(self, queryset, name, value):
        return queryset.without_payment_requests() if value else queryset

    def unstated_age_count(self) -> int | None:
        """How many trials the age filter leaves out for stating no age limits (None when
        no age is chosen): the number on the toggle that brings them back."""
        if self.form.cleaned_data.get("age") is None:
            return None
        others = self.queryset_without("age", "age_unstated")
        return others.stating_no_age_limits().order_by().count()

    def filter_start_year(self, queryset, name, value):
        if value is None:
            return queryset
        bound = "first" if name == "start_year_min" else "last"
        return queryset.started(**{bound: int(value)})

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        sort = data.get("sort") or ("relevance" if data.get("q") else "updated")
        if sort == "relevance" and "rank" not in queryset.query.annotations:
            sort = "updated"  # without a (searchable) query there is nothing to rank by
        self.applied_sort = sort
        return queryset.order_by(*SORTS[sort])

    def queryset_without(self, *names: str | None):
        """The queryset with every valid filter applied except ``names`` (and unsorted)."""
        queryset = self.queryset.all()
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name not in names and filter_name != "sort":
                queryset = self.filters[filter_name].filter(queryset, value)
        return queryset

    def selection_without(self, *names: str | None) -> Selection:
        """The trials of every valid filter except ``names``, as a ``Selection``."""
        data = self.form.cleaned_data
        facets = [
            self.filters[name].facet
            for name, value in data.items()
            if name not in names and value and isinstance(self.filters[name], FacetFilter)
        ]
        keys = tuple(
            tuple(facet_key(facet.name, v) for v in facet.stored_values(data[facet.name]))
            for facet in facets
        )
        rest = self.queryset_without(*names, *(facet.name for facet in facets))
        return Selection(rest, keys, partial(self.queryset_without, *names))

    def described(self) -> list[str]:
        """The valid active filters in words ("Status: Completed, Recruiting"), for titles."""
        self.form.is_valid()
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []) or name == "sort":
                continue
            declared = self.filters[name]
            if name == "q":
                parts.append(f"“{value}”")
            elif isinstance(declared, FacetFilter):
                labels = declared.facet.labels(set(value))
                shown = ", ".join(labels.get(v, v) for v in value)
                parts.append(f"{declared.label}: {shown}")
            else:
                shown = {True: "yes", False: "no"}.get(value, value)
                if not isinstance(shown, str) and shown == int(shown):
                    shown = int(shown)
                parts.append(f"{declared.label}: {shown}")
        return parts

    def parameter_problems(self) -> list[str]:
        """Human notes on the parameter values that are unknown or malformed."""
        notes = []
        form = self.form
        form.is_valid()
        for name, field in form.fields.items():
            for value in getattr(field, "ignored", []):
                notes.append(f"{field.label or name}: unknown value “{value}”")
            if name in form.errors:
                notes.append(f"{field.label or name}: {' '.join(form.errors[name])}")
        return notes

    def ignored_parameters(self) -> list[str]:
        """The problems as the pages show them: they filter without those parameters."""
        return [f"{note} (ignored)" for note in self.parameter_problems()]


# Checkbox filters: their chip says what they do, without "true".
SWITCHES = {"age_unstated", "exclude_pay"}


def active_chips(data, facets, form) -> list[tuple[str, str]]:
    """(label, URL without that filter) for every active filter value."""
    labels = {facet.name: {o.value: o.label for o in options} for facet, options in facets}
    titles = {facet.name: facet.label for facet, _ in facets}
    chips = []
    for name in data:
        if name in ("page", "sort") or name not in form.fields:
            continue
        for value in data.getlist(name):
            if not value or (name in labels and value not in labels[name]):
                continue
            remaining = data.copy()
            remaining.setlist(name, [v for v in data.getlist(name) if v != value])
            remaining.pop("page", None)
            label = labels.get(name, {}).get(value, value)
            title = titles.get(name) or form.fields[name].label
            text = title if name in SWITCHES else f"{title}: {label}"
            chips.append((text, "?" + remaining.urlencode()))
    return chips
