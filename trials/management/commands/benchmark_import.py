"""Measure import speed: N documents made from the sample corpus, imported twice.

Run it against a scratch database (it refuses a database that already holds trials unless
--allow-existing):  DATABASE_URL=postgres://.../scratch manage.py benchmark_import 10000
``--jobs N`` imports with N worker processes (as ``import_trials --jobs N``).

Rates depend on what else the machine runs; the CPU times per document do much less. On a
PostgreSQL server on the same machine the database backends' CPU time is read from /proc
(the server's share of the work, which a busy machine's rates hide).
"""

import multiprocessing
import os
import random
import re
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, reset_queries
from django.utils import timezone

from trials.importing.files import import_document
from trials.importing.lookups import Lookups
from trials.models import Trial

SAMPLES = Path(settings.BASE_DIR) / "data" / "sources"
NCT = re.compile(r"NCT\d{8}")
EU_CT = re.compile(r"\d{4}-5\d{5}-\d{2}-\d{2}")


def synthetic_documents(count: int, seed: int) -> list[tuple[str, str]]:
    """(file name, text) pairs: the samples with fresh registry ids and varied numbers."""
    rng = random.Random(seed)
    templates = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    documents = []
    for index in range(count):
        stem, text = templates[index % len(templates)]
        text = NCT.sub(f"NCT{70000000 + index:08d}", text)
        text = EU_CT.sub(f"2030-5{index:05d}-{index % 100:02d}-00", text)
        text = text.replace("MSC-CLI/FMBA/001", f"MSC-CLI/FMBA/{index:06d}")
        text = re.sub(
            r"(?m)^(- )?(\d{2,3})$", lambda m: f"{m.group(1) or ''}{rng.randint(10, 900)}", text
        )
        documents.append((f"{stem}-{index:06d}.txt", text))
    return documents


class Command(BaseCommand):
    help = "Benchmark the importer on N generated documents (first import, then re-import)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--allow-existing", action="store_true")
        parser.add_argument("--jobs", type=int, default=1, help="Worker processes.")

    def handle(self, *args, count, seed, allow_existing, jobs, **options):
        if Trial.objects.exists() and not allow_existing:
            raise CommandError("The database already holds trials; use a scratch database.")
        documents = synthetic_documents(count, seed)
        self.stdout.write(f"{connection.vendor}: {count} documents, {jobs} process(es)")
        for label in ("first import", "re-import (unchanged)"):
            queries = self.run(documents, label, jobs)
            self.stdout.write(f"  queries per document: {queries / count:.1f}")

    def run(self, documents, label: str, jobs: int) -> int:
        now = timezone.now()
        tasks = [
            (name, text, now + timedelta(microseconds=index))
            for index, (name, text) in enumerate(documents)
        ]
        started = time.perf_counter()
        if jobs > 1:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs, initializer=_start_worker) as pool:
                outcomes = pool.map(_import, tasks, chunksize=16)
        else:
            _start_worker()
            outcomes = [_import(task) for task in tasks]
        elapsed = time.perf_counter() - started
        cpu = sum(cpu for _, cpu, _ in outcomes)
        rate = len(documents) / elapsed
        self.stdout.write(
            f"{label}: {elapsed:.1f} s, {rate:.0f} documents/s "
            f"(importing processes' CPU: {1000 * cpu / len(documents):.1f} ms/document)"
        )
        server = [cpu for _, _, cpu in outcomes]
        if None not in server:
            self.stdout.write(
                f"  database backends' CPU: {1000 * sum(server) / len(documents):.1f} ms/document"
            )
        return sum(queries for queries, _, _ in outcomes)


_lookups = Lookups()


def _start_worker() -> None:
    global _lookups
    _lookups = Lookups()


def _import(task) -> tuple[int, float, float | None]:
    """Import one document; returns its number of queries, CPU seconds, and the database
    backend's CPU seconds (None when they cannot be read)."""
    name, text, now = task
    backend = _backend_stat()
    server_before = _cpu_seconds(backend)
    connection.force_debug_cursor = True
    reset_queries()
    started = time.process_time()
    try:
        import_document(text, filename=name, now=now, lookups=_lookups)
    finally:
        connection.force_debug_cursor = False
    cpu = time.process_time() - started
    server_after = _cpu_seconds(backend)
    server = None if None in (server_before, server_after) else server_after - server_before
    return len(connection.queries), cpu, server


def _backend_stat() -> Path | None:
    """/proc's stat file of this connection's PostgreSQL backend, if it is on this machine."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    path = Path(f"/proc/{pid}/stat")
    # The same pid on another host is another process: only trust a postgres process here.
    if not path.exists() or Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
        return None
    return path


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(stat: Path | None) -> float | None:
    """User plus system CPU seconds of a process (fields 14 and 15 of /proc/PID/stat)."""
    if stat is None:
        return None
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS
