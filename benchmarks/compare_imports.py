"""What an import stores, table by table, to compare two versions of the importer.

    DATABASE_URL=postgres://.../scratch python benchmarks/compare_imports.py OUT [PATH...]

Imports, in one process and in this order, into an empty database: N synthetic copies of
the samples (``benchmark_import``'s), the pages under each PATH (e.g. the shared seeds and
corpus), changed copies of the first 50 synthetic documents (updates), and the first N
again (unchanged). Then writes every row of every table of the app (history included) to
OUT, sorted, without the columns that hold the time of the run (date-times). Run it with
the code before and after a change on fresh databases and ``diff`` the two files: no
output means the change stores the same rows.
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402

from trials.importing.files import import_safely  # noqa: E402
from trials.importing.lookups import Lookups  # noqa: E402
from trials.management.commands.benchmark_import import synthetic_documents  # noqa: E402


def documents(count: int, paths: list[str]) -> list[tuple[str, str]]:
    synthetic = synthetic_documents(count, seed=1)
    pages = []
    for name in paths:
        path = Path(name)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        pages += [(file.name, file.read_text(encoding="utf-8")) for file in files]
    changed = synthetic_documents(min(count, 50), seed=2)
    return [*synthetic, *pages, *changed, *synthetic]


def import_all(named_texts: list[tuple[str, str]]) -> dict[str, int]:
    now = timezone.now()
    lookups = Lookups()
    actions: dict[str, int] = {}
    for index, (name, text) in enumerate(named_texts):
        result = import_safely(
            text, name=name, filename=name, now=now + timedelta(microseconds=index),
            lookups=lookups,
        )  # fmt: skip
        actions[result.action] = actions.get(result.action, 0) + 1
    return actions


def table_rows(model) -> list[tuple]:
    columns = [
        f.column
        for f in model._meta.concrete_fields
        if not isinstance(f, models.DateTimeField) and not getattr(f, "generated", False)
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(model._meta.db_table)}"
        )
        return columns, sorted(tuple(map(repr, row)) for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--count", type=int, default=1000)
    options = parser.parse_args()
    actions = import_all(documents(options.count, options.paths))
    print("actions:", ", ".join(f"{k} {v}" for k, v in sorted(actions.items())))
    with open(options.out, "w", encoding="utf-8") as out:
        tables = apps.get_app_config("trials").get_models(include_auto_created=True)
        for model in sorted(tables, key=lambda m: m._meta.db_table):
            if not model._meta.managed:  # another database's search table
                continue
            columns, rows = table_rows(model)
            out.write(f"== {model._meta.db_table} ({len(rows)} rows): {', '.join(columns)}\n")
            out.writelines("\t".join(row) + "\n" for row in rows)
            print(f"{model._meta.db_table}: {len(rows)} rows")


if __name__ == "__main__":
    main()
