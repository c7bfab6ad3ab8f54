"""SQLite's FTS5 index survives what migrations do to the trials table."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import SAMPLE_SOURCES
from tests.factories import make_trial
from trials import search_index
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's full-text index")


def _objects() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'trial_fts%'")
        return {name for (name,) in cursor.fetchall()}


def test_detach_then_ensure_rebuilds_the_index_with_rows_written_meanwhile():
    search_index.detach()
    assert not _objects() & {search_index.VIEW, *search_index.TRIGGERS}
    trial = make_trial(title="Chondrocytes for the knee")  # written while detached
    search_index.ensure()
    assert _objects() >= {search_index.TABLE, search_index.VIEW, *search_index.TRIGGERS}
    assert list(Trial.objects.search("chondrocytes").values_list("pk", flat=True)) == [trial.pk]


def test_updates_and_deletes_reach_the_index():
    trial = make_trial(title="Chondrocytes for the knee")
    Trial.objects.filter(pk=trial.pk).update(title="Tenocytes for the shoulder")
    assert not Trial.objects.search("chondrocytes").exists()
    assert Trial.objects.search("tenocytes").exists()
    Trial.objects.filter(pk=trial.pk).delete()
    assert not Trial.objects.search("tenocytes").exists()


def _trial_statistics() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'trials_trial' LIMIT 1")
        row = cursor.fetchone()
        return row[0] if row else None


@pytest.mark.parametrize(
    "command, arguments",
    [("generate_trials", ["12"]), ("import_trials", [str(SAMPLE_SOURCES)])],
)
def test_bulk_writes_leave_the_planner_the_statistics_of_the_rows_written(command, arguments):
    if _trial_statistics() is not None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'trials_trial'")
    call_command(command, *arguments, stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0)
    statistics = _trial_statistics()
    assert statistics is not None
    assert int(statistics.split()[0]) == Trial.objects.count() > 0
