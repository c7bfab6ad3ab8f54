"""Writes and reads sent to the database in as few round trips as possible.

The importer writes one trial as a few dozen small statements (one per related table).
On PostgreSQL each statement is a network round trip, and round trips, not the statements,
are what an import spends its time on. A ``WriteBatch`` compiles the ORM's own INSERT,
UPDATE and DELETE statements and sends them together, as one multi-statement execute
with the parameters written in as SQL literals (the literals psycopg's client-side
binding would write). Primary keys that other rows point to are reserved first, so that
rows and the rows that reference them go in the same batch: taken from a block of keys the
process draws from each table's sequence ahead of need (one ``nextval`` query serves many
documents).

Elsewhere (SQLite, in-process: no round trip to save) every write simply runs at once,
through ``bulk_create`` and friends, and ``reserve_pks`` does nothing: the keys come back
from the inserts. Code using a batch reads the same either way.
"""

import functools
import os
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Model, QuerySet
from psycopg.adapt import Transformer

from trials.db.internals import (
    delete_sql,
    insert_sql,
    mark_saved,
    prepare_related_fields,
    raw_delete,
    select_sql,
    update_sql,
)


class Rows(list):
    """Rows to insert as tuples of the values of ``fields`` (every concrete field but the
    key), not as model instances: for the many small rows of an import, a tuple costs a
    small part of an instance. A foreign key's value is the related instance, whose key is
    read when the rows are written (after ``reserve_pks`` or its own insert)."""

    def __init__(self, fields: Sequence[str], rows: Iterable[tuple] = ()):
        super().__init__(rows)
        self.fields = tuple(fields)

    def column(self, name: str) -> list:
        """Every row's value of one field."""
        index = self.fields.index(name)
        return [row[index] for row in self]


class WriteBatch:
    def __init__(self, using: str = DEFAULT_DB_ALIAS, *, synchronous_commit: str = ""):
        """``synchronous_commit`` (PostgreSQL): set for the rest of the transaction by the
        flush, with the writes, so the setting costs no round trip of its own."""
        self.using = using
        self.connection = connections[using]
        self.deferred = self.connection.vendor == "postgresql"
        self.statements: list[tuple[str, Sequence]] = []
        self.settings: list[tuple[str, Sequence]] = []
        if self.deferred and synchronous_commit:
            self.settings.append(
                ("SELECT set_config('synchronous_commit', %s, true)", [synchronous_commit])
            )

    # -- keys

    def reserve_pks(self, *groups: Iterable[Model]) -> None:
        """Give unsaved instances their primary keys now (PostgreSQL: from the process's
        blocks of keys, refilled by one query for all the tables that run short)."""
        if not self.deferred:
            return
        instances = [obj for group in groups for obj in group if obj.pk is None]
        if not instances:
            return
        spare = _spare_keys(self.connection)
        needed = Counter(obj._meta for obj in instances)
        short = {opts: n - len(spare[opts.db_table]) for opts, n in needed.items()}
        short = {opts: n for opts, n in short.items() if n > 0}
        if short:
            self._draw_keys(spare, short)
        for obj in instances:
            obj.pk = spare[obj._meta.db_table].popleft()

    def _draw_keys(self, spare: dict[str, deque], short: dict) -> None:
        """Draw what each table lacks and a block more from its sequence."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.name, nextval(pg_get_serial_sequence(t.name, t.pk)) "
                "FROM unnest(%s::text[], %s::text[], %s::int[]) AS t(name, pk, n), "
                "generate_series(1, t.n)",
                [
                    [opts.db_table for opts in short],
                    [opts.pk.column for opts in short],
                    [n + KEY_BLOCK for n in short.values()],
                ],
            )
            drawn = cursor.fetchall()
        for table, key in sorted(drawn):
            spare[table].append(key)

    # -- writes

    def insert(self, model: type[Model], objs: Iterable[Model] | Rows) -> list[Model] | Rows:
        """Insert instances (or ``Rows``); on PostgreSQL instances need their keys reserved
        (or none at all)."""
        if isinstance(objs, Rows):
            self._insert_rows(model, objs)
            return objs
        objs = list(objs)
        if not objs:
            return objs
        if not self.deferred:
            return model._base_manager.using(self.using).bulk_create(objs)
        for obj in objs:
            prepare_related_fields(obj)
        with_pk = [obj for obj in objs if obj.pk is not None]
        without_pk = [obj for obj in objs if obj.pk is None]
        for group, with_key in ((with_pk, True), (without_pk, False)):
            if group:
                self.statements.append(self._insert_sql(model, with_key, group))
        for obj in objs:
            mark_saved(obj, self.using)
        return objs

    def _insert_sql(self, model, with_key: bool, objs) -> tuple[str, list]:
        """One INSERT for all instances, with the values the ORM's compiler would send
        (``pre_save`` and ``get_db_prep_save`` per value) but without its per-value
        overhead. Rows go as a VALUES list rather than one array per column (UNNEST):
        the batch writes its parameters in as literals, and a scalar's literal costs a
        sixth of an array's."""
        connection = self.connection
        shape = _insert_shape(connection, model, with_key)
        fields = shape.fields
        if not shape.values:
            return insert_sql(model, fields, objs, self.using)
        params = []
        for obj in objs:
            for field, plain, value in zip(fields, shape.plain, shape.read(obj), strict=True):
                if plain is not None and (value is None or type(value) in plain):
                    params.append(value)
                else:
                    params.append(
                        field.get_db_prep_save(field.pre_save(obj, True), connection=connection)
                    )
        return shape.values + ", ".join([shape.row] * len(objs)), params

    def _insert_rows(self, model, rows: Rows) -> None:
        if not rows:
            return
        fields = _row_fields(model, rows.fields)
        if not self.deferred:
            instances = [model(**dict(zip(rows.fields, row, strict=True))) for row in rows]
            model._base_manager.using(self.using).bulk_create(instances)
            return
        connection = self.connection
        shape = _rows_shape(connection, model, fields)
        params = []
        for row in rows:
            for field, plain, value in zip(shape.fields, shape.plain, row, strict=True):
                if isinstance(value, Model):
                    value = _saved_key(value)
                if plain is None or not (value is None or type(value) in plain):
                    value = field.get_db_prep_save(value, connection=connection)
                params.append(value)
        self.statements.append((shape.values + ", ".join([shape.row] * len(rows)), params))

    def update(self, queryset: QuerySet, **values) -> None:
        """``queryset.update(**values)``, without signals or auto fields, as update() is."""
        if not self.deferred:
            queryset.update(**values)
            return
        self._add_compiled(update_sql(queryset, values, self.using))

    def delete(self, queryset: QuerySet) -> None:
        """Delete the rows of a queryset with one statement: no signals, no cascades."""
        if not self.deferred:
            raw_delete(queryset, self.using)
            return
        self._add_compiled(delete_sql(queryset, self.using))

    def execute(self, statement: str, params: Sequence) -> None:
        """Queue a statement of one's own (PostgreSQL; elsewhere it runs at once)."""
        if self.deferred:
            self.statements.append((statement, params))
            return
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params)

    def _add_compiled(self, compiled: tuple[str, Sequence]) -> None:
        statement, params = compiled
        if statement:
            self.statements.append((statement, params))

    def flush(self) -> None:
        """Send what is queued (PostgreSQL: one round trip)."""
        if not self.statements:
            return
        statements, self.statements = [*self.settings, *self.statements], []
        self.settings = []  # set for the transaction: once is enough
        text = ";\n".join(statement for statement, _ in statements)
        params = [param for _, values in statements for param in values]
        with self.connection.cursor() as cursor:
            cursor.execute(_with_literals(cursor, text, params))


# Keys drawn from a table's sequence beyond what a document needs, kept for the next ones
# (per process and database). Unused keys leave gaps in the sequence, as rolled-back
# inserts do.
KEY_BLOCK = 100

_spare: dict[tuple, defaultdict[str, deque]] = {}


def _spare_keys(connection) -> defaultdict[str, deque]:
    """The keys this process holds for the tables of ``connection``'s database (a forked
    process does not inherit its parent's: both would use them)."""
    where = (os.getpid(), connection.alias, connection.settings_dict["NAME"])
    if where not in _spare:
        _spare[where] = defaultdict(deque)
    return _spare[where]


def forget_spare_keys() -> None:
    """Drop the keys held: after sequences were reset (a restore), or a failed write."""
    _spare.clear()


@dataclass(frozen=True)
class _InsertShape:
    """The columns of an INSERT into a table and its fixed text, worked out once."""

    fields: tuple  # the columns written: the concrete ones, the key only if given
    values: str  # "INSERT INTO table (columns) VALUES ", rows to follow; "" when a field
    # writes its own placeholder (the ORM's compiler must build that statement)
    row: str  # one row's placeholders
    read: Callable[[Model], tuple] = tuple  # the fields' attribute values of an instance
    # Per field, the types of value it saves as they are (its preparation would return
    # them unchanged), or None when every value goes through pre_save and preparation.
    plain: tuple = ()


_shapes: dict[tuple, _InsertShape] = {}


def _insert_shape(connection, model, with_key: bool) -> _InsertShape:
    # Keyed by the model, not by its fields: hashing fields is slow (Python-level __hash__).
    key = (connection.alias, model, with_key)
    if key not in _shapes:
        _shapes[key] = _new_insert_shape(connection, model, with_key)
    return _shapes[key]


def _new_insert_shape(connection, model, with_key: bool) -> _InsertShape:
    opts = model._meta
    fields = tuple(
        f for f in opts.concrete_fields if not f.generated and (with_key or f is not opts.pk)
    )
    if any(hasattr(f, "get_placeholder") or hasattr(f, "get_placeholder_sql") for f in fields):
        return _InsertShape(fields, "", "")
    return _shape_of(connection, model, fields)


@functools.cache
def _row_fields(model, names: tuple[str, ...]) -> tuple:
    """The fields ``Rows`` name: all the concrete ones but the key, none making its own
    value at insert (a creation time)."""
    opts = model._meta
    fields = tuple(opts.get_field(name) for name in names)
    every = {f for f in opts.concrete_fields if not f.generated and f is not opts.pk}
    if set(fields) != every or len(fields) != len(every) or any(map(_writes_itself, fields)):
        raise ValueError(f"Rows of {opts.label} must give {sorted(f.name for f in every)}")
    return fields


def _rows_shape(connection, model, fields: tuple) -> _InsertShape:
    key = (connection.alias, model, fields)
    if key not in _shapes:
        _shapes[key] = _shape_of(connection, model, fields)
    return _shapes[key]


def _writes_itself(field) -> bool:
    """Whether a field has a value of its own making at insert (pre_save, placeholder)."""
    return (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or hasattr(field, "get_placeholder")
        or hasattr(field, "get_placeholder_sql")
    )


def _saved_key(instance: Model):
    if instance.pk is None:
        raise ValueError(f"{instance!r} is referenced before it has a key")
    return instance.pk


def _shape_of(connection, model, fields: tuple) -> _InsertShape:
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return _InsertShape(
        fields,
        f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ",
        row,
        attrgetter(*[f.attname for f in fields]) if len(fields) > 1 else _one(fields),
        tuple(_saved_as_is(f) for f in fields),
    )


def _one(fields) -> Callable[[Model], tuple]:
    name = fields[0].attname
    return lambda obj: (getattr(obj, name),)


# Fields whose preparation for saving returns a value of these types unchanged (the exact
# classes: a subclass may prepare differently), and whose pre_save reads the attribute.
_AS_IS = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BigIntegerField: (int,),
    models.BooleanField: (bool,),
    models.AutoField: (int,),
    models.BigAutoField: (int,),
}


def _saved_as_is(field) -> tuple[type, ...] | None:
    """The types of value ``field`` saves unchanged (None too); None if it has none."""
    if isinstance(field, models.ForeignKey):
        return _saved_as_is(field.target_field)
    return _AS_IS.get(type(field))


def read_all(querysets: Sequence[QuerySet], using: str = DEFAULT_DB_ALIAS) -> list[list[tuple]]:
    """The rows of several ``values_list`` querysets; one round trip on PostgreSQL.

    Values come back as the database driver gives them: use plain columns (text, numbers,
    booleans), not fields whose Python value needs converting (JSON, dates on SQLite).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or len(querysets) < 2:
        return [[tuple(row) for row in qs] for qs in querysets]
    compiled = [select_sql(qs, using) for qs in querysets]
    text = ";\n".join(statement for statement, _ in compiled)
    params = [param for _, values in compiled for param in values]
    results = []
    with connection.cursor() as cursor:
        cursor.execute(_with_literals(cursor, text, params))
        for index in range(len(compiled)):
            if index:
                cursor.nextset()
            results.append([tuple(row) for row in cursor.fetchall()])
    return results


def _with_literals(cursor, text: str, params: Sequence) -> str:
    """The statements with their parameters written in, as psycopg's client-side binding
    writes them (same literals), minus its parsing of the text for placeholders: for a
    text this long psycopg caches nothing and re-parses it at every execute."""
    transformer = Transformer.from_context(cursor.cursor)
    # A document's rows repeat their values (its trial's key, empty texts, kinds, small
    # numbers): each distinct text, number or truth value is written once.
    written: dict[tuple[type, object], bytes] = {}
    literals = []
    for param in params:
        kind = type(param)
        if kind in _REPEATED:
            literal = written.get((kind, param))
            if literal is None:
                literal = written[(kind, param)] = transformer.as_literal(param)
        else:
            literal = b"NULL" if param is None else transformer.as_literal(param)
        literals.append(literal)
    return (text.encode() % tuple(literals)).decode()


_REPEATED = {str, int, bool}
