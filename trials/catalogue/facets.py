"""The list's facets, each declared once: its public parameter and label, the filter that
matches it (which values are known, and the column or QuerySet method that matches them), the
recipe of the keys a trial stores for it (trials/catalogue/facet_keys.py) and its labels.

``TrialFilter`` builds one filter per facet from ``FACETS``; ``counts`` counts them; the
landscape draws them. Adding a facet: a line in ``FACETS`` (and the model and migration it
reads), plus templates only where it needs a display of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, F, Model, QuerySet, Value
from django.db.models.functions import Concat
from django_countries import countries

from trials.models import (
    VOCABULARY_MODELS,
    Condition,
    Donor,
    Phase,
    Registry,
    RegistryId,
    Sex,
    Status,
    StudyType,
    Trial,
    TrialCondition,
    TrialCountry,
    TrialPhase,
)
from trials.vocab import condition_areas


@dataclass(frozen=True)
class Facet:
    name: str  # the public query parameter
    label: str
    # Which of the submitted values exist (a dict value -> row id, or a set of them)
    known: Callable[[list[str]], dict[str, int] | set[str]]
    labels: Callable[[set[str]], dict[str, str]]  # labels of known values
    # Where a trial's values are (the key recipe): a column of Trial, or a field of rows
    # that have a ``trial``, perhaps across a relation ("condition__key").
    model: type[Model]
    value_field: str
    # How the filter matches trials having any of the values: a column of Trial
    # (``field__in``), or a TrialQuerySet method called with (*method_args, values), given
    # the values' row ids instead when ``by_id``.
    field: str = ""
    method: str = ""
    method_args: tuple = ()
    by_id: bool = False
    # Labels kept in a table: values -> values_list queryset of (facet name, value, label)
    label_rows: Callable[[set[str] | None], QuerySet] | None = None
    # Options that stand for several stored values (public value -> stored values), when a
    # trial has exactly one of them: "open to women" covers female-only and all-sexes trials.
    covers: dict[str, tuple[str, ...]] | None = None

    def stored_values(self, values) -> list[str]:
        """The stored values the chosen public values match."""
        if self.covers is None:
            return list(values)
        return list(dict.fromkeys(v for value in values for v in self.covers[value]))

    def option_counts(self, stored: dict[str, int]) -> dict[str, int]:
        """Counts of the public options from the counts of the stored values."""
        if self.covers is None:
            return stored
        counts = {
            name: sum(stored.get(value, 0) for value in covered)
            for name, covered in self.covers.items()
        }
        return {name: n for name, n in counts.items() if n}

    # Every value, where the facet has a fixed list of them (the API's description lists it)
    choices: tuple[str, ...] = ()

    def __deepcopy__(self, memo) -> "Facet":
        return self  # immutable: every FilterSet's copy of its filters can share it

    def values(self, trial_ids) -> QuerySet:
        """(trial id, stored key) rows of the given trials' values, empty values included."""
        trial = "pk" if self.model is Trial else "trial_id"
        return (
            self.model.objects.filter(**{f"{trial}__in": trial_ids})
            .order_by()
            .values_list(trial, _stored_key(self.name, self.value_field))
        )

    @property
    def value_table(self) -> tuple[type[Model], str] | None:
        """The model whose rows hold the values when they are across a relation (e.g.
        Condition), and that relation's name on ``model``; editing such a row changes the
        values of the trials linked to it."""
        relation, _, rest = self.value_field.partition("__")
        if not rest:
            return None
        return self.model._meta.get_field(relation).related_model, relation


KEY_SEPARATOR = ":"


def facet_key(name: str, value: str) -> str:
    """How a trial stores one of its facet values (see trials/catalogue/facet_keys.py)."""
    return f"{name}{KEY_SEPARATOR}{value}"


def _stored_key(name: str, value_field: str) -> Concat:
    return Concat(Value(facet_key(name, "")), F(value_field), output_field=CharField())


def _choices(choices) -> dict:
    """The known values and labels of a facet whose values are a fixed list of choices."""
    mapping = dict(choices)
    allowed = set(mapping)
    return {
        "known": lambda values: allowed.intersection(values),
        "labels": lambda values: {v: mapping[v] for v in values if v in mapping},
        "choices": tuple(str(value) for value in mapping),
    }


def _table(name: str, model, value_field: str, label_field: str, public=None) -> dict:
    """The known values and labels of a facet whose values are rows of ``model``; only
    the rows of ``public`` (a queryset of them) are known, when it is given."""

    def known(values):
        """The known values, each with its row's id (filters can then compare plain ids)."""
        rows = (public() if public else model.objects).filter(**{f"{value_field}__in": values})
        return dict(rows.values_list(value_field, "id"))

    def label_rows(values):
        """(facet name, value, label) of the given values; of all with None."""
        rows = (
            model.objects.all()
            if values is None
            else model.objects.filter(**{f"{value_field}__in": values})
        )
        return rows.order_by().values_list(
            Value(name, output_field=CharField()), value_field, label_field
        )

    def labels(values):
        return {value: text or value for _, value, text in label_rows(values)}

    return {"known": known, "labels": labels, "label_rows": label_rows}


def column_facet(name: str, label: str, choices) -> Facet:
    """A facet of a column of Trial with a fixed list of choices."""
    return Facet(name, label, model=Trial, value_field=name, field=name, **_choices(choices))


def related_facet(name: str, label: str, model, value_field: str, method: str, **declared) -> Facet:
    """A facet of rows related to the trial (``model`` has a ``trial``), matched by the
    TrialQuerySet ``method``; ``declared`` gives ``known`` and ``labels`` (and the rest)."""
    return Facet(name, label, model=model, value_field=value_field, method=method, **declared)


def vocabulary_facet(name: str, label: str, relation: str) -> Facet:
    """A facet of a controlled vocabulary (``relation`` is a key of VOCABULARY_MODELS)."""
    model = VOCABULARY_MODELS[relation]
    through = Trial._meta.get_field(relation).remote_field.through
    value_field = f"{model._meta.model_name}__term"
    return related_facet(
        name,
        label,
        through,
        value_field,
        "with_terms",
        method_args=(relation,),
        **_table(name, model, "term", "label"),
    )


def covering_facet(name: str, label: str, options: dict[str, tuple[str, tuple[str, ...]]]):
    """A facet of a column of Trial whose options each cover some of its stored values;
    ``options``: public value -> (label, stored values)."""
    return Facet(
        name,
        label,
        model=Trial,
        value_field=name,
        field=name,
        covers={value: stored for value, (_label, stored) in options.items()},
        **_choices((value, text) for value, (text, _stored) in options.items()),
    )


# "Female" is every trial a woman may join: female-only and all-sexes trials alike.
SEX_OPTIONS = {
    Sex.FEMALE: ("Open to women", (Sex.FEMALE, Sex.ALL)),
    Sex.MALE: ("Open to men", (Sex.MALE, Sex.ALL)),
    "female_only": ("Women only", (Sex.FEMALE,)),
    "male_only": ("Men only", (Sex.MALE,)),
    Sex.ALL: ("Open to all sexes", (Sex.ALL,)),
}


def _country_known(values):
    return {v for v in values if v in countries}


def _country_labels(values):
    # countries.name() translates its country on every call (a cold list page labelled
    # hundreds: tens of ms); iterating the countries is cached per language.
    names = dict(countries)
    return {v: names[v] for v in values if names.get(v)}


FACETS = (
    column_facet("status", "Status", Status.choices),
    related_facet("phase", "Phase", TrialPhase, "phase", "with_phases", **_choices(Phase.choices)),
    related_facet(
        "condition",
        "Condition",
        TrialCondition,
        "condition__key",
        # Plain ids let PostgreSQL see how common a condition is (its statistics), so the
        # 40% of trials with a very common condition are not joined then sorted.
        "with_condition_ids",
        by_id=True,
        # Conditions are made from any imported text, drafts' included: naming one that
        # only drafts have would confirm what the draft says.
        **_table("condition", Condition, "key", "name", Condition.objects.in_published_trials),
    ),
    related_facet(
        "condition_area",
        "Condition area",
        TrialCondition,
        "condition__area",
        "in_condition_areas",
        **_choices(condition_areas.choices()),
    ),
    vocabulary_facet("cell_type", "Cell type", "cell_types"),
    vocabulary_facet("source_tissue", "Source tissue", "source_tissues"),
    column_facet("donor", "Donor", Donor.choices),
    vocabulary_facet("route", "Route", "routes"),
    vocabulary_facet("product_type", "Product type", "product_types"),
    related_facet(
        "country",
        "Country",
        TrialCountry,
        "country",
        "in_countries",
        known=_country_known,
        labels=_country_labels,
    ),
    covering_facet("sex", "Sex", SEX_OPTIONS),
    column_facet("study_type", "Study type", StudyType.choices),
    related_facet(
        "registry",
        "Registry",
        RegistryId,
        "registry",
        "with_registry",
        **_choices(Registry.choices),
    ),
)
