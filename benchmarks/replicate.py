"""Grow a generated PostgreSQL catalogue by copying it in SQL: the fast path to sizes M and L.

``generate_trials`` builds every trial through the importer's code, at a few hundred trials
a second on an idle 2-core machine (far fewer when it is shared). To reach 100,000 or
500,000 trials in minutes, this script copies the whole catalogue COPIES times with
``INSERT ... SELECT``: every copy gets new primary keys, new NCT9xxxxxxx ids (trial and
registry id), and keeps the text, the search vectors and every child row. Distributions
(conditions, countries, statuses, phases) stay those of the generated set.

    DATABASE_URL=postgres://.../bench python benchmarks/replicate.py 9   # 10k -> 100k

Run it from the project root; PostgreSQL only.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from trials.models import Arm, SourceDocument, Trial  # noqa: E402

NCT = r"'^NCT9[0-9]{7}$'"


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _renumbered(column: str, number_offset: int) -> str:
    return (
        f"CASE WHEN {column} ~ {NCT} THEN 'NCT' || "
        f"(substr({column}, 4)::bigint + {number_offset})::text ELSE {column} END"
    )


def _copy(cursor, model, last: int, shifts: dict[str, int], renumber=(), number_offset=0) -> None:
    """Copy the rows with ids up to ``last`` (the original ones), shifting ``shifts`` columns."""
    table = model._meta.db_table
    select = []
    for column in _columns(model):
        if column in shifts:
            select.append(f"{column} + {shifts[column]}")
        elif column in renumber:
            select.append(_renumbered(column, number_offset))
        else:
            select.append(column)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(_columns(model))}) "  # noqa: S608 - names from models
        f"SELECT {', '.join(select)} FROM {table} WHERE id <= {last}"
    )


def _max(cursor, table: str, column: str = "id") -> int:
    cursor.execute(f"SELECT coalesce(max({column}), 0) FROM {table}")  # noqa: S608
    return cursor.fetchone()[0]


def main(copies: int) -> None:
    if connection.vendor != "postgresql":
        sys.exit("replicate.py needs PostgreSQL.")
    if SourceDocument.objects.exists():
        sys.exit("The catalogue holds imported sources: replicate only generated catalogues.")
    trial_children = [
        rel.related_model
        for rel in Trial._meta.related_objects
        if rel.one_to_many and rel.related_model._meta.db_table.startswith("trials_")
        and not rel.related_model.__name__.startswith("Historical")
    ]  # fmt: skip
    links = [
        f.remote_field.through
        for f in Trial._meta.many_to_many
        if f.remote_field.through not in trial_children  # a "through" model is a child
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(substr(public_id, 4)::bigint) FROM trials_trial "  # noqa: S608
                       f"WHERE public_id ~ {NCT}")  # fmt: skip
        number_step = cursor.fetchone()[0] - 90_000_000 + 1
        tables = [Trial, *trial_children, *links, Arm.interventions.through]
        maxima = {m: _max(cursor, m._meta.db_table) for m in tables}
        trial_step = maxima[Trial]
    for copy in range(1, copies + 1):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            trial_shift = trial_step * copy
            _copy(cursor, Trial, maxima[Trial], {"id": trial_shift},
                  renumber=("public_id",), number_offset=number_step * copy)  # fmt: skip
            for model in trial_children:
                renumber = ("value", "slug") if model._meta.model_name == "registryid" else ()
                shifts = {"id": maxima[model] * copy, "trial_id": trial_shift}
                _copy(cursor, model, maxima[model], shifts, renumber, number_step * copy)
            for model in links:
                shifts = {"id": maxima[model] * copy, "trial_id": trial_shift}
                _copy(cursor, model, maxima[model], shifts)
            arm_links = Arm.interventions.through
            _copy(cursor, arm_links, maxima[arm_links], {
                "id": maxima[arm_links] * copy,
                "arm_id": maxima[Arm] * copy,
                "intervention_id": maxima[arm_links._meta.get_field("intervention").related_model]
                * copy,
            })  # fmt: skip
        print(f"copy {copy}/{copies}: {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"  # noqa: S608
            )
    print(f"{Trial.objects.count()} trials.")


if __name__ == "__main__":
    main(int(sys.argv[1]))
