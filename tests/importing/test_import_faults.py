"""Imports under faults: a failure mid-document, a batch killed with SIGKILL, readers meanwhile.

The batch tests run real processes on SQLite database files (the pytest database lives in
memory, out of other processes' reach), whatever DATABASE_URL says.
"""

import io
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PROJECT, SAMPLE_SOURCES
from tests.servers import AppServer, manage, project_env
from trials.backup import backup_models
from trials.importing import upsert
from trials.management.commands.benchmark_import import synthetic_documents
from trials.models import SourceDocument, Trial

SAMPLE = SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt"


def catalogue_rows() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in backup_models()}


@pytest.mark.django_db
def test_a_new_document_failing_midway_leaves_nothing(import_documents, monkeypatch):
    real = upsert.WriteBatch.flush
    written = {}

    def write_then_fail(batch):
        real(batch)
        written.update(catalogue_rows())  # the trial and its rows exist at this point
        raise RuntimeError("disk full")

    monkeypatch.setattr(upsert.WriteBatch, "flush", write_then_fail)
    with pytest.raises(CommandError):
        import_documents(SAMPLE)
    assert written["trials.Trial"] == 1 and written["trials.Condition"] > 0
    assert set(catalogue_rows().values()) == {0}  # no trial, source, condition, organisation


@pytest.mark.django_db
def test_an_update_failing_midway_keeps_the_trial_as_it_was(
    tmp_path, import_documents, monkeypatch
):
    path = tmp_path / "001.txt"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    import_documents(path)
    before = catalogue_rows()
    monkeypatch.setattr(upsert, "_write_flags", lambda *a: 1 / 0)  # after the trial's save
    path.write_text(original.replace("- 32\n", "- 40\n"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_trials", str(path), stdout=io.StringIO(), stderr=err)
    assert "ZeroDivisionError" in err.getvalue()
    assert catalogue_rows() == before
    assert Trial.objects.get().enrollment == 32
    assert SourceDocument.objects.get().raw_text == original


# --- real processes on SQLite files ----------------------------------------------------------

DOCUMENTS = 30


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """An empty, migrated SQLite database file to copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    manage(f"sqlite:///{path}", "migrate", "--noinput", "-v", "0")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A directory of distinct documents made from the samples."""
    directory = tmp_path_factory.mktemp("batch")
    for name, text in synthetic_documents(DOCUMENTS, seed=8):
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def fresh_database(template, path) -> str:
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def trial_count(path) -> int:
    with sqlite3.connect(path, timeout=20) as connection:
        return connection.execute("SELECT count(*) FROM trials_trial").fetchone()[0]


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")


def backup_without_times(url: str, path) -> str:
    """The full backup (every row, with its key) with the import times blanked out."""
    manage(url, "export_trials", "--format", "backup", "--output", str(path))
    return TIMESTAMP.sub("<time>", path.read_text(encoding="utf-8"))


def test_batch_killed_at_a_random_point_then_rerun_equals_a_clean_import(
    migrated_sqlite, batch, tmp_path
):
    clean = fresh_database(migrated_sqlite, tmp_path / "clean.sqlite3")
    manage(clean, "import_trials", str(batch), "--publish")
    expected = backup_without_times(clean, tmp_path / "clean.jsonl")

    killed_path = tmp_path / "killed.sqlite3"
    killed = fresh_database(migrated_sqlite, killed_path)
    kill_after = random.Random().randint(1, DOCUMENTS - 10)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_trials", str(batch), "--publish"],
        cwd=PROJECT,
        env=project_env(killed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while trial_count(killed_path) < kill_after and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert kill_after <= trial_count(killed_path) < DOCUMENTS

    output = manage(killed, "import_trials", str(batch), "--publish")
    assert f"{DOCUMENTS} document(s)" in output and "0 failed" in output
    assert backup_without_times(killed, tmp_path / "killed.jsonl") == expected


def test_readers_during_an_import_never_see_database_is_locked(migrated_sqlite, batch, tmp_path):
    url = fresh_database(migrated_sqlite, tmp_path / "shared.sqlite3")
    manage(url, "import_trials", str(SAMPLE_SOURCES), "--publish")
    server = AppServer(url, workers=2, GUNICORN_THREADS="4")
    statuses: list[int] = []
    done = threading.Event()

    def read():
        paths = ("/trials/", "/trials/?q=stem+cells", "/", "/api/trials/", "/trials/NCT03239535/")
        while not done.is_set():
            for path in paths:
                statuses.append(server.get(path)[0])

    try:
        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        output = manage(url, "import_trials", str(batch), "--publish")
        done.set()
        for reader in readers:
            reader.join(timeout=60)
        assert f"{DOCUMENTS} created" in output
        assert len(statuses) > 10
        assert set(statuses) == {200}
        assert "database is locked" not in server.output()
    finally:
        done.set()
        server.stop()
