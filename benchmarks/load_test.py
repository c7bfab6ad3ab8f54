"""Load test of the production server: gunicorn on loopback, locust headless.

    python -m venv .venv-bench && .venv-bench/bin/pip install -r requirements-bench.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DJANGO_SECRET_KEY=... \
        .venv-bench/bin/python benchmarks/load_test.py            # 50 users, 60 s
    ... benchmarks/load_test.py --soak                            # 20 users, 5 min, memory

The database must hold `manage.py generate_trials N` trials (TRIAL_COUNT=N, default 100000).
The server runs from the project's .venv with config/gunicorn.conf.py (GUNICORN_WORKERS,
REDIS_URL... are passed on). Prints throughput, p50/p95/p99 and the workers' memory; exits
1 when a request failed, p95 is over --max-p95 ms, or (soak) memory grew 10% or more.
"""

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "DJANGO_LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_DEBUG", None)
    server = subprocess.Popen(
        [str(PROJECT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.conf.py",
         "config.wsgi:application"],
        cwd=PROJECT,
        env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not become ready")


def workers_rss(server: subprocess.Popen) -> dict[int, int]:
    """Resident memory (bytes) of each gunicorn worker."""
    return {child.pid: child.memory_info().rss for child in psutil.Process(server.pid).children()}


def warm_up(port: int, seconds: int) -> None:
    """Fill caches and settle the workers' memory before measuring."""
    locust(port, users=20, seconds=seconds, prefix=None)


def locust(port: int, *, users: int, seconds: int, prefix: str | None) -> None:
    command = [
        sys.executable, "-m", "locust", "-f", str(PROJECT / "benchmarks/locustfile.py"),
        "--headless", "--host", f"http://127.0.0.1:{port}", "--users", str(users),
        "--spawn-rate", str(max(1, users // 5)), "--run-time", f"{seconds}s",
        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10",
    ]  # fmt: skip
    if prefix:
        command += ["--csv", prefix]
    subprocess.run(command, check=False)


def summary(prefix: str) -> dict[str, str]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["Name"]: row for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--soak", action="store_true", help="20 users for 5 minutes")
    parser.add_argument("--users", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--warm-up", type=int, default=30, help="seconds before measuring")
    parser.add_argument("--max-p95", type=float, default=500)
    args = parser.parse_args()
    users = args.users or (20 if args.soak else 50)
    seconds = args.seconds or (300 if args.soak else 60)

    port = free_port()
    server = start_server(port)
    try:
        warm_up(port, args.warm_up)
        rss_before = workers_rss(server)
        with tempfile.TemporaryDirectory() as directory:
            prefix = str(Path(directory) / "run")
            locust(port, users=users, seconds=seconds, prefix=prefix)
            rows = summary(prefix)
        rss_after = workers_rss(server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()

    total = rows["Aggregated"]
    failures = int(total["Failure Count"])
    p95 = float(total["95%"])
    print(f"\n{users} users for {seconds} s, {len(rss_before)} gunicorn workers")
    print("| requests | name | req/s | p50 ms | p95 ms | p99 ms | max ms | failures |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(
            f"| {row['Request Count']} | {name} | {float(row['Requests/s']):.1f} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} | "
            f"{row['Failure Count']} |"
        )
    ok = failures == 0 and p95 <= args.max_p95
    if args.soak:
        same = sorted(set(rss_before) & set(rss_after))
        before = sum(rss_before[pid] for pid in same)
        after = sum(rss_after[pid] for pid in same)
        growth = (after - before) / before * 100 if before else 0.0
        print(
            f"worker memory (RSS, {len(same)} workers): {before / 2**20:.1f} MiB -> "
            f"{after / 2**20:.1f} MiB ({growth:+.1f}%)"
        )
        for pid in same:
            print(
                f"  worker {pid}: {rss_before[pid] / 2**20:.1f} -> {rss_after[pid] / 2**20:.1f} MiB"
            )
        ok = ok and growth < 10 and len(same) == len(rss_before)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
