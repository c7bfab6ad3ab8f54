"""Imports with worker processes (PostgreSQL) and the import benchmark's smoke test."""

import io
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import SAMPLE_SOURCES
from tests.servers import manage
from trials.models import Condition, SourceDocument, Trial


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one writer at a time on SQLite")
@pytest.mark.django_db(transaction=True)
def test_parallel_import_merges_like_a_sequential_one(tmp_path):
    # Every sample twice (a second copy of each trial under another name, to be merged),
    # imported by four workers at once: racing creations of one trial or one condition
    # end in one row each, and every trial lists both of its sources in file order.
    for path in sorted(SAMPLE_SOURCES.glob("*.txt")):
        shutil.copy(path, tmp_path / f"a-{path.name}")
        text = path.read_text(encoding="utf-8") + "\n\nCopied again.\n"
        (tmp_path / f"b-{path.name}").write_text(text, encoding="utf-8")
    # In its own process, as a curator runs it: forking the test process, which holds other
    # tests' threads (live server, browser driver), could copy a held lock into the workers.
    db = connection.settings_dict
    login = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    out = manage(url, "import_trials", str(tmp_path), "--jobs", "4")
    assert "10 document(s): 5 created, 0 updated, 0 unchanged, 5 merged, 0 failed" in out
    assert Trial.objects.count() == 5
    for trial in Trial.objects.all():
        names = [s.filename[:2] for s in trial.sources.order_by("imported_at", "id")]
        assert names == ["a-", "b-"]
    keys = list(Condition.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert SourceDocument.objects.count() == 10


@pytest.mark.django_db
def test_import_benchmark_runs(settings):
    out = io.StringIO()
    call_command("benchmark_import", "10", stdout=out)
    lines = out.getvalue()
    assert "first import:" in lines and "re-import (unchanged):" in lines
    assert "queries per document: 1.0" in lines  # the unchanged documents
    assert Trial.objects.count() == 10


@pytest.mark.django_db
def test_a_text_stored_meanwhile_by_another_import_is_unchanged(
    import_documents, monkeypatch, tmp_path
):
    """The race of two imports of one text: both look for it before either has stored it.
    The second, once it holds the trial's lock, finds the text and reports it unchanged."""
    path = tmp_path / "trial.txt"
    shutil.copy(sorted(SAMPLE_SOURCES.glob("*.txt"))[0], path)
    copy = tmp_path / "copy.txt"
    shutil.copy(path, copy)
    assert "1 created" in import_documents(path)
    monkeypatch.setattr("trials.importing.files.known_document", lambda sha: None)
    for again in (path, copy):  # the same file, and the same text under another name
        out = import_documents(again)
        assert "0 updated, 1 unchanged, 0 merged" in out, out
    assert SourceDocument.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one writer at a time on SQLite")
@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_the_same_documents_never_report_updates(tmp_path):
    for path in sorted(SAMPLE_SOURCES.glob("*.txt")):
        shutil.copy(path, tmp_path / path.name)
    db = connection.settings_dict
    login = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with ThreadPoolExecutor(3) as pool:
        runs = list(
            pool.map(lambda _: manage(url, "import_trials", str(tmp_path), "--jobs", "2"), range(3))
        )
    summaries = [line for out in runs for line in out.splitlines() if "document(s):" in line]
    assert len(summaries) == 3
    assert all(" 0 updated," in line and " 0 failed" in line for line in summaries), summaries
    assert Trial.objects.count() == 5
    assert SourceDocument.objects.count() == 5
