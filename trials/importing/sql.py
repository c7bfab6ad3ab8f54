"""The importer's two per-document look-ups, as SQL written once per process.

Every document asks "is this exact text known?" and "which trials hold one of these
registry ids?" (then reads the one it belongs to). Built with the ORM, each question costs a
queryset compilation per document, which on PostgreSQL took longer than the query itself.
The statements here are the ones the ORM would send, with table and column names taken from
the models; they are built on first use and kept.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from trials.models import RegistryId, SourceDocument, SupersededDocument, Trial


def known_document(sha256: str, using: str = DEFAULT_DB_ALIAS) -> tuple[str, str, str] | None:
    """(public id of its trial, format, the newer copy's file name) of the document with this
    digest, if any: the newer copy's name is "" for a stored document, and a file name for an
    earlier copy that a newer one replaced."""
    with connections[using].cursor() as cursor:
        cursor.execute(_statement(using, "known_document"), [sha256, sha256])
        return cursor.fetchone()


def ids_of_trials_holding(
    identifiers: list[tuple[str, str]], using: str = DEFAULT_DB_ALIAS
) -> list[tuple[str, str, int, str]]:
    """Every (registry, value, trial key, trial public id) of the trials that hold any of the
    (registry, value) pairs: which trials a document names, and what else they are known by.

    A page naming more ids than one statement may hold (a listing of trials) is asked in
    parts; SQLite refuses a condition deeper than 1,000 terms.
    """
    rows: dict[tuple, None] = {}
    with connections[using].cursor() as cursor:
        for start in range(0, len(identifiers), _IDS_PER_STATEMENT):
            part = identifiers[start : start + _IDS_PER_STATEMENT]
            cursor.execute(
                _statement(using, "ids_of_trials_holding", len(part)),
                [text for pair in part for text in pair],
            )
            rows.update(dict.fromkeys(cursor.fetchall()))
    return sorted(rows, key=lambda row: row[2])  # by trial, each trial's ids in their order


_IDS_PER_STATEMENT = 100


def trial_by_key(pk: int, *, lock: bool, using: str = DEFAULT_DB_ALIAS) -> Trial | None:
    """The trial with this key; ``lock`` locks its row until the transaction ends."""
    connection = connections[using]
    lock = lock and connection.features.has_select_for_update
    with connection.cursor() as cursor:
        cursor.execute(_statement(using, "trial_by_key", lock), [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = Trial._meta.concrete_fields
    # The fields' converters (JSON, dates), as a compiled queryset applies them.
    values = [
        _converted(value, field, connection) for value, field in zip(row, fields, strict=True)
    ]
    return Trial.from_db(using, [f.attname for f in fields], values)


def _converted(value, field, connection):
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    for converter in converters:
        value = converter(value, column, connection)
    return value


_statements: dict[tuple, str] = {}


def _statement(using: str, name: str, *args) -> str:
    connection = connections[using]
    key = (connection.vendor, name, *args)
    if key not in _statements:
        _statements[key] = _BUILDERS[name](connection.ops.quote_name, *args)
    return _statements[key]


def _known_document_sql(q) -> str:
    source, trial = q(SourceDocument._meta.db_table), q(Trial._meta.db_table)
    earlier = q(SupersededDocument._meta.db_table)
    of_trial = f"INNER JOIN {trial} ON {source}.{q('trial_id')} = {trial}.{q('id')}"
    return (
        f"SELECT {trial}.{q('public_id')}, {source}.{q('format')}, '' FROM {source} {of_trial} "
        f"WHERE {source}.{q('sha256')} = %s "
        f"UNION ALL SELECT {trial}.{q('public_id')}, {source}.{q('format')}, "
        f"{source}.{q('filename')} FROM {earlier} "
        f"INNER JOIN {source} ON {earlier}.{q('source_id')} = {source}.{q('id')} {of_trial} "
        f"WHERE {earlier}.{q('sha256')} = %s LIMIT 1"
    )


def _ids_of_trials_holding_sql(q, count: int) -> str:
    ids, trial = q(RegistryId._meta.db_table), q(Trial._meta.db_table)
    match = " OR ".join([f"({q('registry')} = %s AND {q('value')} = %s)"] * count)
    return (
        f"SELECT {ids}.{q('registry')}, {ids}.{q('value')}, {ids}.{q('trial_id')}, "
        f"{trial}.{q('public_id')} FROM {ids} INNER JOIN {trial} ON {ids}.{q('trial_id')} = "
        f"{trial}.{q('id')} WHERE {ids}.{q('trial_id')} IN "
        f"(SELECT {q('trial_id')} FROM {ids} WHERE {match}) "
        f"ORDER BY {ids}.{q('trial_id')}, {ids}.{q('id')}"
    )


def _trial_by_key_sql(q, lock: bool) -> str:
    trial = q(Trial._meta.db_table)
    columns = ", ".join(f"{trial}.{q(f.column)}" for f in Trial._meta.concrete_fields)
    return f"SELECT {columns} FROM {trial} WHERE {trial}.{q('id')} = %s" + (
        " FOR UPDATE" if lock else ""
    )


_BUILDERS = {
    "known_document": _known_document_sql,
    "ids_of_trials_holding": _ids_of_trials_holding_sql,
    "trial_by_key": _trial_by_key_sql,
}
