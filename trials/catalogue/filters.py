"""The catalogue's public filters: one FilterSet behind the list page, the API and exports.

Public query parameters are a contract (people bookmark them): q, status, phase, condition,
cell_type, source_tissue, donor, route, product_type, country, sex, age, healthy_volunteers,
study_type, enrollment_min, enrollment_max, start_year_min, start_year_max, registry, sort.
Multi-valued filters match trials having any of the values, through EXISTS subqueries (no
DISTINCT over joins).
"""

import django_filters
from django import forms
from django_countries import countries

from trials.models import (
    CellType,
    Condition,
    Donor,
    Phase,
    ProductType,
    Registry,
    Route,
    Sex,
    SourceTissue,
    Status,
    StudyType,
    Trial,
)
from trials.vocab import condition_areas

MAX_VALUES = 50


class KnownValuesField(forms.Field):
    """A repeated parameter: keeps the known values and remembers the unknown ones.

    ``known(values) -> set`` says which of the submitted values exist, so a vocabulary of
    thousands of conditions is checked with one small query instead of being loaded.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, known, **kwargs):
        self.known = known
        self.ignored: list[str] = []
        self.known_values: dict | set = set()
        super().__init__(**kwargs)

    def clean(self, value):
        values = [v.strip() for v in value or [] if isinstance(v, str) and v.isprintable()]
        values = [v for v in values if v]
        values = list(dict.fromkeys(values))[:MAX_VALUES]
        known = self.known(values) if values else set()
        self.known_values = known
        self.ignored = [v for v in values if v not in known]
        return [v for v in values if v in known]


class ValuesFilter(django_filters.Filter):
    """Trials having any of the values (a column filter unless a ``method`` is given)."""

    field_class = KnownValuesField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def among(choices):
    allowed = {value for value, _label in choices}
    return lambda values: allowed.intersection(values)


def existing(model, field: str):
    """The known values, each with its row's id (filters can then compare plain ids)."""

    def known(values):
        return dict(model.objects.filter(**{f"{field}__in": values}).values_list(field, "id"))

    return known


def _country_codes(values):
    return {v for v in values if v in countries}


SORTS = {
    "relevance": ("-rank", "-updated_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "enrollment": ("-enrollment", "-id"),
    "title": ("title", "id"),
}


class TrialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    status = ValuesFilter(field_name="status", known=among(Status.choices), label="Status")
    phase = ValuesFilter(known=among(Phase.choices), method="filter_phase", label="Phase")
    condition = ValuesFilter(
        known=existing(Condition, "key"), method="filter_condition", label="Condition"
    )
    condition_area = ValuesFilter(
        known=among(condition_areas.choices()),
        method="filter_condition_area",
        label="Condition area",
    )
    cell_type = ValuesFilter(
        known=existing(CellType, "term"), method="filter_terms", label="Cell type"
    )
    source_tissue = ValuesFilter(
        known=existing(SourceTissue, "term"), method="filter_terms", label="Source tissue"
    )
    route = ValuesFilter(known=existing(Route, "term"), method="filter_terms", label="Route")
    product_type = ValuesFilter(
        known=existing(ProductType, "term"), method="filter_terms", label="Product type"
    )
    donor = ValuesFilter(field_name="donor", known=among(Donor.choices), label="Donor")
    country = ValuesFilter(known=_country_codes, method="filter_country", label="Country")
    sex = ValuesFilter(field_name="sex", known=among(Sex.choices), label="Sex")
    study_type = ValuesFilter(
        field_name="study_type", known=among(StudyType.choices), label="Study type"
    )
    registry = ValuesFilter(
        known=among(Registry.choices), method="filter_registry", label="Registry"
    )
    age = django_filters.NumberFilter(
        method="filter_age", label="Eligible at age", min_value=0, max_value=150
    )
    healthy_volunteers = django_filters.BooleanFilter(
        field_name="healthy_volunteers", label="Accepts healthy volunteers"
    )
    enrollment_min = django_filters.NumberFilter(
        field_name="enrollment", lookup_expr="gte", label="Enrollment at least", min_value=0
    )
    enrollment_max = django_filters.NumberFilter(
        field_name="enrollment", lookup_expr="lte", label="Enrollment at most", min_value=0
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

    TERM_RELATIONS = {
        "cell_type": "cell_types",
        "source_tissue": "source_tissues",
        "route": "routes",
        "product_type": "product_types",
    }

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_phase(self, queryset, name, value):
        return queryset.with_phases(value) if value else queryset

    def filter_condition(self, queryset, name, value):
        if not value:
            return queryset
        # Plain ids let PostgreSQL see how common a condition is (its statistics), so the
        # 40% of trials with a very common condition are not joined then sorted.
        ids = self.form.fields[name].known_values
        return queryset.with_condition_ids([ids[key] for key in value])

    def filter_condition_area(self, queryset, name, value):
        return queryset.in_condition_areas(value)

    def filter_country(self, queryset, name, value):
        return queryset.in_countries(value) if value else queryset

    def filter_registry(self, queryset, name, value):
        return queryset.with_registry(value) if value else queryset

    def filter_terms(self, queryset, name, value):
        return queryset.with_terms(self.TERM_RELATIONS[name], value) if value else queryset

    def filter_age(self, queryset, name, value):
        return queryset.eligible_at_age(value)

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
        return queryset.order_by(*SORTS[sort])

    def queryset_without(self, name: str | None):
        """The queryset with every valid filter applied except ``name`` (and unsorted)."""
        queryset = self.queryset.all()
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name not in (name, "sort"):
                queryset = self.filters[filter_name].filter(queryset, value)
        return queryset

    def ignored_parameters(self) -> list[str]:
        """Human notes on the parameter values that were ignored as unknown or malformed."""
        notes = []
        form = self.form
        form.is_valid()
        for name, field in form.fields.items():
            for value in getattr(field, "ignored", []):
                notes.append(f"{field.label or name}: unknown value “{value}” ignored")
            if name in form.errors:
                notes.append(f"{field.label or name}: {' '.join(form.errors[name])} (ignored)")
        return notes


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
            chips.append((f"{title}: {label}", "?" + remaining.urlencode()))
    return chips
