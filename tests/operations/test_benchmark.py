"""The benchmark command runs end to end on a tiny catalogue (timings are not asserted)."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def force_login_is_two_factor():
    """The command must pass the admin's two-factor check by itself, so the conftest's
    verified force_login is switched off here."""


def test_benchmark_runs_on_a_tiny_catalogue(seeds, tmp_path):
    out = io.StringIO()
    target = tmp_path / "bench.md"
    call_command("benchmark", "--requests", "30", "--output", str(target), stdout=out)
    table = target.read_text(encoding="utf-8")
    assert "| list, 3 filters |" in table
    assert "| detail A |" in table
    assert table.count("\n| ") >= 21  # header + 20 URLs at least


def test_benchmark_refuses_an_empty_catalogue():
    with pytest.raises(CommandError):
        call_command("benchmark", stdout=io.StringIO())


def test_export_benchmark_prints_each_export(seeds):
    out = io.StringIO()
    call_command("benchmark_exports", "--repeat", "1", stdout=out)
    table = out.getvalue()
    for export in ("export.csv", "export.json", "export.ris"):
        assert f"| `/trials/{export}` |" in table
    assert "5 published trials" in table


def test_cold_benchmark_refuses_an_empty_catalogue():
    with pytest.raises(CommandError, match="No published trials"):
        call_command("benchmark_cold", stdout=io.StringIO())


def test_cold_benchmark_refuses_a_directory_that_is_no_checkout(seeds, tmp_path):
    with pytest.raises(CommandError, match="not a RegenTrials checkout"):
        call_command("benchmark_cold", "--project", str(tmp_path), stdout=io.StringIO())
