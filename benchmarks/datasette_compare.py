"""Time the same faceted, searched trial list on RegenTrials and on Datasette, in one run.

1. Installs Datasette into ``benchmarks/.venv-datasette`` (git-ignored) if it is missing.
2. Exports the configured catalogue (DATABASE_URL) to ``benchmarks/.data/trials.db``: one
   ``trials`` table with the facet columns (status, donor, sex, study type as columns;
   phases, countries, conditions, cell types as JSON arrays for ``_facet_array``) and an
   FTS5 index over title and search document, which Datasette detects.
3. Runs both servers on loopback: Datasette, and this project as production serves it
   (gunicorn, ``config/gunicorn.conf.py``, one worker) with DEBUG off on the configured
   database.
4. Requests the same search with the same filter and facets on each, alternating, and
   prints p50/p95 of each and the ratio (RegenTrials / Datasette; below 1 is faster).
   With ``--cold N``: N distinct searches neither server has seen (common and rare title
   words, phrases, with a status, phase, country or donor filter or none; made by
   ``trials/catalogue/cold_questions.py``), each asked once on each server, alternating,
   then all again (warm); p50/p95/p99 of each phase and the ratio of cold p50.

    DATABASE_URL=postgres://.../bench python benchmarks/datasette_compare.py --requests 40
    DATABASE_URL=postgres://.../bench python benchmarks/datasette_compare.py --cold 100

Run ``benchmarks/datasette_compare.sh`` for the same with the project's virtualenv.
"""

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
VENV = HERE / ".venv-datasette"
DATA = HERE / ".data"
DATASETTE_VERSION = "0.65.5"

# The same question on both: "mesenchymal" trials that completed, with status, donor,
# phase, country, condition and cell type counted.
QUERY, STATUS = "mesenchymal", "completed"
OURS = f"/trials/?q={QUERY}&status={STATUS}"
FACETS_ASKED = (
    "&_facet=status&_facet=donor&_facet_array=phases&_facet_array=countries"
    "&_facet_array=conditions&_facet_array=cell_types&_size=25"
)
THEIRS = f"/trials/trials?_search={QUERY}&status={STATUS}{FACETS_ASKED}"
# Our filters as Datasette's: a column equal, or a JSON array containing the value.
THEIR_FILTERS = {
    "q": "_search",
    "status": "status",
    "donor": "donor",
    "phase": "phases__arraycontains",
    "country": "countries__arraycontains",
}


def install_datasette() -> Path:
    executable = VENV / "bin" / "datasette"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"datasette=={DATASETTE_VERSION}"], check=True)
    return executable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def cold_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    """(our path, Datasette's path) of ``count`` distinct searches from the catalogue's words,
    filtered only by facets both servers filter the same way."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    from trials.catalogue.cold_questions import SEARCH, cold_questions, sample_vocabulary

    facets = tuple(name for name in THEIR_FILTERS if name != "q")
    questions = cold_questions(
        sample_vocabulary(seed=seed), count, seed=seed, shares={SEARCH: 1.0}, facets=facets
    )
    pairs = []
    for question in questions:
        params = [(k, v) for k, v in parse_qsl(urlsplit(question.url).query) if k != "sort"]
        ours = "/trials/?" + urlencode(params)
        theirs = [(THEIR_FILTERS[k], v) for k, v in params]
        pairs.append((ours, "/trials/trials?" + urlencode(theirs) + FACETS_ASKED))
    return pairs


def export(target: Path) -> int:
    """Write the published catalogue to an SQLite file with FTS5; returns the trial count."""
    setup_django()
    from trials.models import Trial, TrialCondition, TrialCountry, TrialPhase

    published = Trial.objects.published()
    many: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    sources = {
        "phases": TrialPhase.objects.filter(trial__in=published).values_list("trial_id", "phase"),
        "countries": TrialCountry.objects.filter(trial__in=published).values_list(
            "trial_id", "country"
        ),
        "conditions": TrialCondition.objects.filter(trial__in=published).values_list(
            "trial_id", "condition__name"
        ),
        "cell_types": Trial.cell_types.through.objects.filter(trial__in=published).values_list(
            "trial_id", "celltype__term"
        ),
    }
    for name, rows in sources.items():
        for trial_id, value in rows.iterator(chunk_size=20_000):
            many[name][trial_id].append(str(value))
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    db.executescript(
        """
        CREATE TABLE trials (
            id INTEGER PRIMARY KEY, public_id TEXT, title TEXT, status TEXT, donor TEXT,
            sex TEXT, study_type TEXT, phases TEXT, countries TEXT, conditions TEXT,
            cell_types TEXT, brief_summary TEXT, search_document TEXT, updated_at TEXT);
        CREATE INDEX trials_status ON trials(status);
        CREATE INDEX trials_donor ON trials(donor);
        CREATE INDEX trials_updated ON trials(updated_at);
        """
    )
    columns = ("id", "public_id", "title", "status", "donor", "sex", "study_type",
               "brief_summary", "search_document", "updated_at")  # fmt: skip
    count = 0
    for row in published.values_list(*columns).iterator(chunk_size=5_000):
        record = dict(zip(columns, row, strict=True))
        record["updated_at"] = record["updated_at"].isoformat()
        for name in sources:
            record[name] = json.dumps(many[name].get(record["id"], []))
        db.execute(
            f"INSERT INTO trials ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
            list(record.values()),
        )
        count += 1
    db.executescript(
        """
        CREATE VIRTUAL TABLE trials_fts USING fts5(
            title, search_document, content='trials', content_rowid='id');
        INSERT INTO trials_fts(trials_fts) VALUES ('rebuild');
        """
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return count


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
        if response.status != 200 or not body:
            raise SystemExit(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def compare_cold(bases: dict[str, str], pairs: list[tuple[str, str]]) -> None:
    """Each question once on each server (cold), alternating, then all again (warm)."""
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for phase in ("cold", "warm"):
        for ours, theirs in pairs:
            for name, path in (("RegenTrials", ours), ("Datasette", theirs)):
                times[name, phase].append(fetch(bases[name] + path))
    print(f"{len(pairs)} distinct searches, each asked once cold and once warm per server.")
    print("| server | phase | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for (name, phase), values in sorted(times.items()):
        print(f"| {name} | {phase} | {len(values)} | {statistics.median(values):.1f} "
              f"| {percentile(values, 0.95):.1f} | {percentile(values, 0.99):.1f} |")  # fmt: skip
    for phase in ("cold", "warm"):
        ratio = statistics.median(times["RegenTrials", phase]) / statistics.median(
            times["Datasette", phase]
        )
        print(f"Ratio of {phase} p50 (RegenTrials / Datasette): {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="per server")
    parser.add_argument("--reuse-export", action="store_true")
    parser.add_argument("--ours-port", type=int, default=8761)
    parser.add_argument("--datasette-port", type=int, default=8762)
    parser.add_argument(
        "--facet-time-limit-ms",
        type=int,
        default=200,
        help="facet time limit on both servers (Datasette's default 200 ms drops slower facets)",
    )
    parser.add_argument(
        "--cold", type=int, default=0, metavar="N", help="N distinct searches, cold then warm"
    )
    parser.add_argument("--seed", type=int, default=1, help="which distinct searches (--cold)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")  # DEBUG stays off

    datasette = install_datasette()
    target = DATA / "trials.db"
    if not (args.reuse_export and target.exists()):
        started = time.perf_counter()
        count = export(target)
        elapsed = time.perf_counter() - started
        print(f"Exported {count:,} trials to {target.name} in {elapsed:.0f} s")
    if args.cold:
        setup_django()
        pairs = cold_pairs(args.cold, args.seed)
        subprocess.run([sys.executable, str(PROJECT / "manage.py"), "collectstatic",
                        "--noinput", "-v0"], check=True)  # fmt: skip

    env = {**os.environ, "DJANGO_DEBUG": "", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "FACET_TIMEOUT_MS": str(args.facet_time_limit_ms),  # the same limit on both
           # Served as in production (one worker, like Datasette's one process).
           "GUNICORN_BIND": f"127.0.0.1:{args.ours_port}", "GUNICORN_WORKERS": "1",
           "RATE_LIMIT_PER_MINUTE": "0", "GUNICORN_TIMEOUT": "300"}  # fmt: skip
    servers = [
        subprocess.Popen(
            [str(datasette), "serve", str(target), "-h", "127.0.0.1", "-p",
             str(args.datasette_port), "--setting", "suggest_facets", "off",
             "--setting", "facet_time_limit_ms", str(args.facet_time_limit_ms),
             "--setting", "sql_time_limit_ms", str(max(1000, args.facet_time_limit_ms))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py",
             "config.wsgi:application"],
            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ),
    ]  # fmt: skip
    try:
        if args.cold:
            bases = {
                "RegenTrials": f"http://127.0.0.1:{args.ours_port}",
                "Datasette": f"http://127.0.0.1:{args.datasette_port}",
            }
            wait_for(bases["RegenTrials"] + "/healthz")
            wait_for(bases["Datasette"] + "/-/versions.json")
            compare_cold(bases, pairs)
            return
        urls = {
            "RegenTrials": f"http://127.0.0.1:{args.ours_port}{OURS}",
            "Datasette": f"http://127.0.0.1:{args.datasette_port}{THEIRS}",
        }
        for url in urls.values():
            wait_for(url)
            for _ in range(3):
                fetch(url)  # warm caches on both sides
        times: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.requests):
            for name, url in urls.items():
                times[name].append(fetch(url))
        json_url = urls["Datasette"].replace("/trials/trials?", "/trials/trials.json?")
        with urllib.request.urlopen(json_url, timeout=60) as response:
            counted = json.load(response)["facet_results"]
        with urllib.request.urlopen(urls["RegenTrials"], timeout=60) as response:
            omitted = "Counts omitted" in response.read().decode()
        print(f"RegenTrials: {'some facet counts omitted' if omitted else 'every facet counted'}.")
        print(f"Datasette returned {len(counted)} of 6 facets "
              f"(facet_time_limit_ms={args.facet_time_limit_ms}).")  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    print("| server | URL | requests | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for name, url in urls.items():
        path = url.split(":", 2)[2].split("/", 1)[1]
        p50, p95 = statistics.median(times[name]), percentile(times[name], 0.95)
        print(f"| {name} | `/{path}` | {len(times[name])} | {p50:.1f} | {p95:.1f} |")
    ratio = statistics.median(times["RegenTrials"]) / statistics.median(times["Datasette"])
    print(f"\nRatio of p50 (RegenTrials / Datasette): {ratio:.2f}")


if __name__ == "__main__":
    main()
