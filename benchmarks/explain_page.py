"""Where a first visit to a page spends its SQL time: every statement the page runs, timed as
the page ran it, then run again under ``EXPLAIN (ANALYZE, BUFFERS)``.

    DATABASE_URL=postgres://.../db python benchmarks/explain_page.py '/trials/?q=stem' [--plans]

The page is asked once through Django's test client in this process, with DEBUG off and an
empty cache, so no cached count or page id answers it (as ``benchmark_cold`` asks a fresh
server). ``--plans`` prints each statement's whole plan; without it, the plan's first line,
its execution time and its shared buffers (hit / read). PostgreSQL only. Run it from the
project root.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = ""
os.environ.setdefault("RATE_LIMIT_PER_MINUTE", "0")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

_BUFFERS = re.compile(r"Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?")
_EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


def explained(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def summary(plan: list[str]) -> str:
    buffers = next((m for line in plan if (m := _BUFFERS.search(line))), None)
    execution = next((m[1] for line in plan if (m := _EXECUTION.search(line))), "?")
    hit, read = (buffers[1] or "0", buffers[2] or "0") if buffers else ("0", "0")
    return f"explain {execution} ms, buffers hit {hit} read {read}: {plan[0].strip()[:110]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--plans", action="store_true", help="Print every plan in full.")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (DATABASE_URL).")
    client = Client(SERVER_NAME="127.0.0.1")
    for url in arguments.urls:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = client.get(url).status_code
            elapsed = (time.perf_counter() - started) * 1000
        print(f"\n== {url}: {status}, {elapsed:.0f} ms, {len(captured)} statements, uptime: "
              f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}")  # fmt: skip
        for number, query in enumerate(captured.captured_queries, 1):
            sql = query["sql"]
            ran = float(query["time"]) * 1000
            print(f"-- {number}. {ran:.1f} ms in the page: {sql[:160]}")
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or "set_config" in sql:
                continue
            plan = explained(sql)
            print("   " + summary(plan))
            if arguments.plans:
                print("\n".join("   | " + line for line in plan))


if __name__ == "__main__":
    main()
