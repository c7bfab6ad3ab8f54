"""Time questions over HTTP against a fresh production server (``manage.py benchmark_cold``).

``served`` starts gunicorn (``config/gunicorn.conf.py``) from a checkout on a free port, with
DEBUG off and the rate limit off, against the database the environment names; its
per-process cache starts empty. ``ask_all`` sends every question once (cold: the server has
not seen it), then every one again in the same order (warm), one request at a time, and
``summarise`` gives p50/p95/p99 per page kind.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 is p95) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Timing:
    kind: str
    url: str
    phase: str  # "cold" or "warm"
    ms: float
    status: int


@dataclass(frozen=True)
class Summary:
    kind: str
    phase: str
    requests: int
    p50: float
    p95: float
    p99: float
    slowest_url: str
    failures: int  # answers other than 200


def summarise(timings: list[Timing], kinds: tuple[str, ...]) -> list[Summary]:
    """p50/p95/p99 per page kind and phase (cold before warm), in the order of ``kinds``."""
    summaries = []
    for kind in kinds:
        for phase in ("cold", "warm"):
            rows = [t for t in timings if t.kind == kind and t.phase == phase]
            if not rows:
                continue
            values = [t.ms for t in rows]
            summaries.append(
                Summary(
                    kind,
                    phase,
                    len(rows),
                    statistics.median(values),
                    percentile(values, 0.95),
                    percentile(values, 0.99),
                    max(rows, key=lambda t: t.ms).url,
                    sum(t.status != 200 for t in rows),
                )
            )
    return summaries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> tuple[float, int]:
    """(milliseconds until the whole body was read, HTTP status)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def server_python(project: Path) -> str:
    """The checkout's own virtualenv Python when it has one, else this one."""
    own = project / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


@contextmanager
def served(project: Path = PROJECT, *, workers: int = 1, port: int | None = None,
           log=subprocess.DEVNULL) -> Iterator[str]:  # fmt: skip
    """A fresh gunicorn of ``project`` on loopback (its static files collected first);
    yields its base URL, stops it after.

    One worker by default, so a repeated question meets the cache its first asking filled
    (the default cache is per process)."""
    port = port or free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMIT_PER_MINUTE": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_TIMEOUT": "300",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    # As a deploy does: with DEBUG off, pages name static files through the manifest.
    subprocess.run([server_python(project), "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=project, env=env, check=True, stdout=log, stderr=log)  # fmt: skip
    command = [server_python(project), "-m", "gunicorn", "-c", "config/gunicorn.conf.py",
               "config.wsgi:application"]  # fmt: skip
    process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/healthz", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit status {process.returncode})")
        try:
            fetch(url, timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def warm_up(base: str) -> None:
    """Load the code, templates and the catalogue version with pages no question asks:
    the health probe and a trial page that does not exist (404)."""
    fetch(base + "/healthz")
    fetch(base + "/trials/NOT-A-TRIAL-0/")


def ask_all(base: str, questions, *, progress=None) -> list[Timing]:
    """Every question cold, then every question again, warm, in the same order."""
    timings = []
    for phase in ("cold", "warm"):
        for question in questions:
            ms, status = fetch(base + question.url)
            timings.append(Timing(question.kind, question.url, phase, ms, status))
            if progress:
                progress()
    return timings
