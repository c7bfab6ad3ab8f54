"""SQLite's indexes of the names scoped searches read (condition:, intervention:, sponsor:,
location:).

A scoped search matches a wording anywhere in a name, case-insensitively (``LIKE '%word%'``),
or a short wording as the whole name (``LIKE 'ms'``). SQLite's B-tree indexes answer neither
the first nor, with Django's ``ESCAPE``, the second, so every condition link, intervention and
place was read. Here each such table gets an external-content FTS5 table with the trigram
tokenizer, which answers ``LIKE '%word%'`` from its index (wordings of 3 letters or more),
and a ``COLLATE NOCASE`` index per column for whole names. Triggers keep the FTS5 tables in
step; as for ``search_index``, Django's table rebuilds drop triggers, so ``detach`` drops
them before every ``migrate`` and ``ensure`` makes what is missing after it and rebuilds.
PostgreSQL has trigram indexes instead (migration 0018); there, and on an SQLite without
FTS5's trigram tokenizer (before 3.34), this does nothing and the rows are scanned.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connections
from django.db.models.expressions import RawSQL

SHORTEST_INDEXED = 3  # trigram: a shorter substring is not in the index
_LIKE_WILDCARDS = ("%", "_")


@dataclass(frozen=True)
class WordingIndex:
    source: str  # the table of the rows
    columns: tuple[str, ...]

    @property
    def table(self) -> str:
        return f"{self.source}_trigram"

    def triggers(self) -> dict[str, str]:
        names = ", ".join(("rowid", *self.columns))

        def values(row: str) -> str:
            return ", ".join((f"{row}.id", *(f"{row}.{c}" for c in self.columns)))

        insert = f"INSERT INTO {self.table}({names}) VALUES ({values('new')});"
        delete = (
            f"INSERT INTO {self.table}({self.table}, {names}) VALUES ('delete', {values('old')});"
        )
        return {
            f"{self.table}_insert": f"AFTER INSERT ON {self.source} BEGIN {insert} END",
            f"{self.table}_delete": f"AFTER DELETE ON {self.source} BEGIN {delete} END",
            f"{self.table}_update": (
                f"AFTER UPDATE OF {', '.join(self.columns)} ON {self.source} "
                f"BEGIN {delete} {insert} END"
            ),
        }

    def nocase_indexes(self) -> dict[str, str]:
        return {
            f"{self.source}_{column}_nocase": f"{self.source} ({column} COLLATE NOCASE)"
            for column in self.columns
        }

    def objects(self) -> set[str]:
        return {self.table, *self.triggers(), *self.nocase_indexes()}


INDEXES = {
    "trials_condition": WordingIndex("trials_condition", ("name", "key")),
    "trials_trialcondition": WordingIndex("trials_trialcondition", ("raw_name",)),
    "trials_intervention": WordingIndex("trials_intervention", ("name", "description")),
    "trials_location": WordingIndex("trials_location", ("facility", "city")),
    "trials_organisation": WordingIndex("trials_organisation", ("name",)),
}

_available: dict[str, bool] = {}


def available(using: str = "default") -> bool:
    """Whether the indexes exist on this (SQLite) database; asked once per process."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    key = f"{using}:{connection.settings_dict['NAME']}"
    if key not in _available:
        tables = [index.table for index in INDEXES.values()]
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})",
                tables,
            )
            _available[key] = cursor.fetchone()[0] == len(tables)
    return _available[key]


def naming_ids(source: str, column: str, wordings) -> RawSQL | None:
    """The ids of the rows of ``source`` whose ``column`` names one of the wordings (as
    ``models._naming``: 3 letters or fewer the whole value, longer ones anywhere in it);
    None when a wording holds a LIKE wildcard, which the trigram index would read as one."""
    index = INDEXES[source]
    if any(mark in w for w in wordings for mark in _LIKE_WILDCARDS):
        return None
    selects, params = [], []
    for wording in wordings:
        if len(wording) <= SHORTEST_INDEXED:
            selects.append(f"SELECT id FROM {source} WHERE {column} = %s COLLATE NOCASE")
            params.append(wording)
        else:
            selects.append(f"SELECT rowid FROM {index.table} WHERE {column} LIKE %s")
            params.append(f"%{wording}%")
    return RawSQL(" UNION ALL ".join(selects), params)


def detach(using: str = "default", **kwargs) -> None:
    """pre_migrate receiver: drop the triggers, which Django's SQLite schema editor would
    lose (or trip over) when it rebuilds a table; ``ensure`` makes them again."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in INDEXES.values():
            for name in index.triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def ensure(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: make each index whose table, triggers or NOCASE indexes are
    missing, and fill it from its rows."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        present = {name for (name,) in cursor.fetchall()}
        for index in INDEXES.values():
            if index.source not in present or not index.objects() - present:
                continue
            try:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {index.table} USING fts5("
                    f"{', '.join(index.columns)}, content='{index.source}', "
                    "content_rowid='id', tokenize='trigram')"
                )
            except DatabaseError:
                return  # no trigram tokenizer: scoped searches scan the rows
            for name, body in index.triggers().items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
            for name, target in index.nocase_indexes().items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
            cursor.execute(f"INSERT INTO {index.table}({index.table}) VALUES ('rebuild')")
    _available.clear()
