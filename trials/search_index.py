"""The SQLite full-text index of trials (FTS5), kept current by triggers.

An FTS5 index of each trial's title, keywords, brief summary and the rest of its search
document, ranked by bm25 with the weights PostgreSQL gives them. Triggers keep it in step
with every write (the importer's bulk inserts included). Django's SQLite schema editor
rebuilds a table to alter it, which drops its triggers and fails on a view of it, so
``detach`` drops both before every
``migrate`` and ``ensure`` runs after it (and after ``flush``): it recreates what is missing
and then rebuilds the index from the rows.
PostgreSQL has its own (migration 0014); on it, and on an SQLite without FTS5, this does
nothing and search falls back as ``trials.search`` says.
"""

from django.db import DatabaseError, connections
from django.db.models.expressions import RawSQL

TABLE = "trial_fts"
# bm25 weights of the indexed columns, as PostgreSQL weighs them (A, B, C, D): the rank
# the index gives its hidden "rank" column.
RANK = "bm25(10.0, 5.0, 2.0, 1.0)"

# An external-content table whose content is a view of the trial rows: the rows hold the
# text, the index only its terms. The view's columns are the sections of the search document
# (the text, a line break, the keywords), with the title and the brief summary.
VIEW = "trial_fts_source"
_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"title, keywords, summary, body, content='{VIEW}', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)


def _columns(row: str) -> str:
    document = f"{row}.search_document"
    cut = f"instr({document}, char(10))"
    return (
        f"{row}.id, {row}.title, "
        f"CASE WHEN {cut} > 0 THEN substr({document}, {cut} + 1) ELSE '' END, "
        f"{row}.brief_summary, "
        f"CASE WHEN {cut} > 0 THEN substr({document}, 1, {cut} - 1) ELSE {document} END"
    )


_CREATE_VIEW = (
    f"CREATE VIEW IF NOT EXISTS {VIEW}(id, title, keywords, summary, body) AS "
    f"SELECT {_columns('trials_trial')} FROM trials_trial"
)
_NAMES = "rowid, title, keywords, summary, body"
_INSERT = f"INSERT INTO {TABLE}({_NAMES}) SELECT {_columns('new')};"
_DELETE = f"INSERT INTO {TABLE}({TABLE}, {_NAMES}) SELECT 'delete', {_columns('old')};"
TRIGGERS = {
    "trial_fts_insert": f"AFTER INSERT ON trials_trial BEGIN {_INSERT} END",
    "trial_fts_delete": f"AFTER DELETE ON trials_trial BEGIN {_DELETE} END",
    "trial_fts_update": (
        "AFTER UPDATE OF title, brief_summary, search_document ON trials_trial "
        f"BEGIN {_DELETE} {_INSERT} END"
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


def detach(using: str = "default", **kwargs) -> None:
    """pre_migrate receiver: drop the view and the triggers (``ensure`` remakes them), which
    would stop Django's SQLite schema editor from rebuilding trials_trial."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP VIEW IF EXISTS {VIEW}")


def ensure(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: create the index and its triggers where missing, then rebuild."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        if "trials_trial" not in present:
            return
        missing = {TABLE, VIEW, *TRIGGERS} - present
        if not missing:
            return
        try:
            cursor.execute(_CREATE_VIEW)
            cursor.execute(_CREATE_TABLE)
        except DatabaseError:
            return  # this SQLite has no FTS5: search matches word starts instead
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', %s)", [RANK])
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    refresh_statistics(using)
    _available.clear()


def refresh_statistics(using: str = "default") -> None:
    """Give SQLite's planner the trial table's statistics after a bulk write. Without them
    (or with those of an empty table) it guesses that few trials are published and probes
    the index once per trial (seconds at 10,000) instead of reading its matches once.
    PostgreSQL's autovacuum keeps its own statistics."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trials_trial")


def matching_ids(expression: str) -> RawSQL:
    """The ids of the trials matching an FTS5 expression, for ``pk__in``."""
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])
