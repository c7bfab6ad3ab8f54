"""A trial's child rows in one statement instead of one query per relation.

``prefetch_related`` costs one query per relation: about twenty for a full trial record,
whatever the number of trials fetched. ``load_children`` reads every relation the detail
page, the API and the exports show in a single ``UNION ALL`` statement, one branch per
relation, each row carrying its fields as a JSON object (``JSONObject`` works on SQLite and
PostgreSQL alike), and fills the same caches ``prefetch_related`` fills, so ``trial.arms.all()``
and friends run no query. ``TrialQuerySet.for_detail()`` has every trial it fetches loaded
this way (``load_trial_children`` in the models names the relations).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Value, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

from trials.db.internals import cache_related_object, cache_related_rows, database_of


@dataclass(frozen=True)
class Branch:
    name: str  # the accessor on the owner, also the prefetch cache name
    model: type[models.Model]  # the model of the rows shown
    rows: models.QuerySet  # the table read: the model itself or a many-to-many through table
    owner: str  # the column of ``rows`` holding the owner's id
    prefix: str = ""  # path from ``rows`` to the model's fields ("" or "<target>__")
    ordering: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()
    related: dict[str, type[models.Model]] = field(default_factory=dict)  # select_related
    scope: str = ""  # the column compared with the owners' ids, when not ``owner``
    # A plain list attribute of the owner instead of a relation's cache (rows that are no
    # relation of the owner's model, e.g. its historical records).
    attribute: bool = False


def _fields(model, deferred=()) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.attname not in deferred]


def _document(branch: Branch) -> JSONObject:
    keys = {f.attname: F(branch.prefix + f.attname) for f in _fields(branch.model, branch.deferred)}
    for name, model in branch.related.items():
        for f in _fields(model):
            keys[f"{name}__{f.attname}"] = F(f"{branch.prefix}{name}__{f.attname}")
    return JSONObject(**keys)


def _ordering(branch: Branch) -> list[str]:
    return [
        f"{'-' if o.startswith('-') else ''}{branch.prefix}{o.lstrip('-')}"
        for o in branch.ordering or branch.model._meta.ordering
    ]


def _statement(branches: list[Branch], owner_ids) -> models.QuerySet:
    parts = []
    for branch in branches:
        ordering = _ordering(branch)
        parts.append(
            branch.rows.filter(**{f"{branch.scope or branch.owner}__in": owner_ids})
            .order_by()
            .values(
                bundle_branch=Value(branch.name),
                bundle_owner=F(branch.owner),
                bundle_order=Window(RowNumber(), order_by=ordering),
                bundle_document=_document(branch),
            )
        )
    return parts[0].union(*parts[1:], all=True).order_by("bundle_order")


_compiled: dict[tuple, tuple[str, list]] = {}


def _rows(branches: list[Branch], ids: list[int], using: str):
    """(branch name, owner id, field dict) rows, in each relation's order.

    Building and compiling a twenty-branch queryset costs more than running it, so the SQL
    is compiled once per shape (branches, number of owners) with placeholder ids.
    """
    key = (using, tuple(b.name for b in branches), len(ids))
    if key not in _compiled:
        placeholders = [-1_000_000_000 - index for index in range(len(ids))]
        sql, params = _statement(branches, placeholders).query.sql_with_params()
        _compiled[key] = (sql, list(params))
    sql, params = _compiled[key]
    slots = {-1_000_000_000 - index: owner_id for index, owner_id in enumerate(ids)}
    values = [slots.get(p, p) if isinstance(p, int) else p for p in params]
    with connections[using].cursor() as cursor:  # the owners' database (a replica or not)
        cursor.execute(sql, values)
        for name, owner_id, _order, document in cursor.fetchall():
            yield name, owner_id, json.loads(document) if isinstance(document, str) else document


def _value(f: models.Field, raw):
    """A field's value from its JSON form."""
    value = f.to_python(raw)
    if (
        settings.USE_TZ
        and isinstance(f, models.DateTimeField)
        and value is not None
        and timezone.is_naive(value)
    ):
        value = timezone.make_aware(value, timezone.UTC)  # SQLite stores UTC text
    return value


def _instance(model, document: dict, deferred=(), prefix: str = "") -> models.Model:
    fields = _fields(model, deferred)
    values = [_value(f, document.get(prefix + f.attname)) for f in fields]
    return model.from_db(None, [f.attname for f in fields], values)


def _target_ordering(through, target_column: str) -> tuple[str, ...]:
    target = target_column.removesuffix("_id")
    ordering = through._meta.get_field(target).related_model._meta.ordering
    return tuple(f"{'-' if o.startswith('-') else ''}{target}__{o.lstrip('-')}" for o in ordering)


def _link_branches(branches: list[Branch], nested) -> list[Branch]:
    """The branches that read ``nested`` links as (owner id, target id) pairs."""
    specs = {branch.name: branch for branch in branches}
    return [
        Branch(
            name=f"{parent}.{accessor}",
            model=through.model,
            rows=through,
            owner=owner_column,
            ordering=_target_ordering(through.model, target_column),
            scope=f"{owner_column.removesuffix('_id')}__{specs[parent].owner}",
        )
        for parent, accessor, through, owner_column, target_column in nested
    ]


def _target_branch(branches: list[Branch], through, target_column: str) -> str:
    target = through.model._meta.get_field(target_column.removesuffix("_id")).related_model
    return next(b.name for b in branches if b.model is target)


def load(owners: list[models.Model], branches: list[Branch], nested=()) -> None:
    """Fill the ``branches`` caches of ``owners`` from one statement.

    ``nested`` are (branch name, accessor, through queryset, owner column, target column):
    many-to-many links between two branches' rows (an arm's interventions), read in the
    same statement as (owner id, target id) pairs.
    """
    if not owners:
        return
    ids = [owner.pk for owner in owners]
    rows: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    link_branches = _link_branches(branches, nested)
    for name, owner_id, document in _rows(
        branches + link_branches, ids, database_of(owners[0]) or "default"
    ):
        rows[name][owner_id].append(document)
    by_id: dict[str, dict[int, models.Model]] = {}
    for owner in owners:
        for branch in branches:
            instances = []
            for document in rows[branch.name][owner.pk]:
                instance = _instance(branch.model, document, branch.deferred)
                for name, model in branch.related.items():
                    cache_related_object(
                        instance, name, _instance(model, document, (), name + "__")
                    )
                if branch.rows.model is branch.model and branch.owner.endswith("_id"):
                    cache_related_object(instance, branch.owner.removesuffix("_id"), owner)
                by_id.setdefault(branch.name, {})[instance.pk] = instance
                instances.append(instance)
            if branch.attribute:
                setattr(owner, branch.name, instances)
            else:
                cache_related_rows(owner, branch.name, instances)
    for (parent, accessor, through, _owner, target_column), link in zip(
        nested, link_branches, strict=True
    ):
        targets = by_id.get(_target_branch(branches, through, target_column), {})
        for parent_instance in by_id.get(parent, {}).values():
            documents = rows[link.name][parent_instance.pk]
            cache_related_rows(
                parent_instance,
                accessor,
                [targets[d[target_column]] for d in documents if d[target_column] in targets],
            )


class Rows(list):
    """Plain rows that answer ``.all()`` as a related manager would."""

    def all(self) -> "Rows":
        return self


class Row(dict):
    """A row's fields as a dict that also answers attribute access (``row.name``)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# Fields whose JSON form is already their value: the rest (dates, booleans, which SQLite
# gives as 0/1, decimals...) go through the field's to_python.
_JSON_NATIVE = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _row_reader(model, deferred=(), prefix: str = ""):
    """A function turning a branch's JSON document into a Row of ``model``'s fields."""
    fields = _fields(model, deferred)
    native = [(f.attname, prefix + f.attname) for f in fields if isinstance(f, _JSON_NATIVE)]
    converted = [
        (f, f.attname, prefix + f.attname) for f in fields if not isinstance(f, _JSON_NATIVE)
    ]

    def read(document: dict) -> Row:
        row = Row((name, document.get(key)) for name, key in native)
        for f, name, key in converted:
            row[name] = _value(f, document.get(key))
        return row

    return read


def load_plain(ids: list[int], branches: list[Branch], nested=(), using: str = "default"):
    """The rows ``load`` would attach, from the same single statement, as plain ``Row``
    dicts rather than model instances (a fraction of the cost): {owner id: {branch name:
    Rows}}. For exports that serialise thousands of owners and never save or navigate them."""
    link_branches = _link_branches(branches, nested)
    documents: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for name, owner_id, document in _rows(branches + link_branches, ids, using):
        documents[name][owner_id].append(document)
    plain: dict[int, dict[str, Rows]] = {pk: {} for pk in ids}
    by_id: dict[str, dict[int, Row]] = defaultdict(dict)
    for branch in branches:
        read = _row_reader(branch.model, branch.deferred)
        related = [
            (name, _row_reader(model, (), name + "__")) for name, model in branch.related.items()
        ]
        for pk in ids:
            rows = plain[pk][branch.name] = Rows()
            for document in documents[branch.name][pk]:
                row = read(document)
                for name, read_related in related:
                    row[name] = read_related(document)
                by_id[branch.name][row["id"]] = row
                rows.append(row)
    for (parent, accessor, through, _owner, target_column), link in zip(
        nested, link_branches, strict=True
    ):
        targets = by_id[_target_branch(branches, through, target_column)]
        for row in by_id[parent].values():
            row[accessor] = Rows(
                targets[d[target_column]]
                for d in documents[link.name][row["id"]]
                if d[target_column] in targets
            )
    return plain
