"""The SQLite full-text index of trials (FTS5), kept current by triggers.

An external-content FTS5 table over ``trials_trial(title, search_document)``: the trial row
holds the text, the index only its terms. Triggers keep it in step with every write (the
importer's bulk inserts included). Django's SQLite schema editor rebuilds a table to alter
it, which drops its triggers, so ``ensure`` runs after every ``migrate`` (and ``flush``):
it recreates what is missing and then rebuilds the index from the rows.
PostgreSQL has its own (migration 0014); on it, and on an SQLite without FTS5, this does
nothing and search falls back as ``trials.search`` says.
"""

from django.db import DatabaseError, connections
from django.db.models import FloatField, Func
from django.db.models.expressions import RawSQL

TABLE = "trial_fts"
# bm25 weights of the indexed columns: title, then the whole search document.
BM25 = "bm25(trial_fts, 8.0, 1.0)"

_CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS trial_fts USING fts5("
    "title, search_document, content='trials_trial', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
_INSERT = (
    "INSERT INTO trial_fts(rowid, title, search_document) "
    "VALUES (new.id, new.title, new.search_document);"
)
_DELETE = (
    "INSERT INTO trial_fts(trial_fts, rowid, title, search_document) "
    "VALUES ('delete', old.id, old.title, old.search_document);"
)
TRIGGERS = {
    "trial_fts_insert": f"AFTER INSERT ON trials_trial BEGIN {_INSERT} END",
    "trial_fts_delete": f"AFTER DELETE ON trials_trial BEGIN {_DELETE} END",
    "trial_fts_update": (
        f"AFTER UPDATE OF title, search_document ON trials_trial BEGIN {_DELETE} {_INSERT} END"
    ),
}

_available: dict[str, bool] = {}


def available(using: str = "default") -> bool:
    """Whether the FTS5 index exists on this (SQLite) database; asked once per process."""
    connection = connections[using]
    key = f"{using}:{connection.settings_dict['NAME']}"
    if key not in _available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [TABLE])
            _available[key] = cursor.fetchone() is not None
    return _available[key]


def ensure(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: create the index and its triggers where missing, then rebuild."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        if "trials_trial" not in present:
            return
        missing = {TABLE, *TRIGGERS} - present
        if not missing:
            return
        try:
            cursor.execute(_CREATE_TABLE)
        except DatabaseError:
            return  # this SQLite has no FTS5: search matches word starts instead
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute("INSERT INTO trial_fts(trial_fts) VALUES ('rebuild')")
    _available.clear()


class FtsRank(Func):
    """How well a trial matches an FTS5 expression (higher is better; NULL if it does not):
    ``FtsRank(Value(expression), F("pk"))``, a correlated lookup of one rowid."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        match, key = self.get_source_expressions()
        match_sql, match_params = compiler.compile(match)
        key_sql, key_params = compiler.compile(key)
        sql = f"(SELECT -{BM25} FROM {TABLE} WHERE {TABLE} MATCH {match_sql} AND rowid = {key_sql})"
        return sql, (*match_params, *key_params)


def matching_ids(expression: str) -> RawSQL:
    """The ids of the trials matching an FTS5 expression, for ``pk__in``."""
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])
