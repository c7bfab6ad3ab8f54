"""A full backup (export_trials --format backup) restores into an empty database losslessly."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import SAMPLE_SOURCES
from trials.backup import backup_models
from trials.curation.services import update_trials
from trials.models import Publication, ReviewFlag, SourceDocument, Trial

pytestmark = pytest.mark.django_db


def backup(path) -> str:
    call_command("export_trials", "--format", "backup", "--output", str(path), stdout=io.StringIO())
    return path.read_text(encoding="utf-8")


def restore(path) -> str:
    out = io.StringIO()
    call_command("restore_trials", str(path), stdout=out)
    return out.getvalue()


def empty_database() -> None:
    """What a fresh, migrated database holds: no catalogue, no users."""
    Trial.objects.all().delete()  # cascades to every row of a trial (and writes history)
    for model in reversed(backup_models()):
        model._default_manager.all().delete()
    get_user_model().objects.all().delete()
    assert not Trial.objects.exists() and not get_user_model().objects.exists()


@pytest.fixture
def curated_catalogue(seeds, django_user_model):
    """The samples after curators' work: a draft, a lock, a resolved flag, history with users."""
    cora = django_user_model.objects.create_user("cora", is_staff=True)
    update_trials(
        Trial.objects.filter(public_id="NCT05520125"),
        user=cora,
        reason="unpublished for review",
        publication=Publication.DRAFT,
    )
    locked = Trial.objects.get(public_id="NCT04382547")
    locked.enrollment = 99
    locked.locked_fields = ["enrollment"]
    locked.save()
    flag = locked.review_flags.first()
    flag.resolved_at = timezone.now().replace(microsecond=123456)
    flag.resolved_by = cora
    flag.save()
    return cora


def test_backup_restores_into_an_empty_database_identically(curated_catalogue, tmp_path):
    first = backup(tmp_path / "first.jsonl")
    header = json.loads(first.splitlines()[0])
    assert header["format"] == "regentrials-backup" and header["users"] == ["cora"]
    assert '"publication": "draft"' in first
    assert '"locked_fields": ["enrollment"]' in first
    assert ".123456" in first  # timestamps keep their microseconds

    empty_database()
    assert "Restored 5 trial(s)" in restore(tmp_path / "first.jsonl")
    second = backup(tmp_path / "second.jsonl")
    assert second == first

    draft = Trial.objects.get(public_id="NCT05520125")
    assert draft.publication == Publication.DRAFT
    assert draft.history.filter(history_user__username="cora").exists()
    assert ReviewFlag.objects.get(resolved_by__isnull=False).resolved_by.is_active is False
    source = SourceDocument.objects.get(filename="003_4d047765c7be5993.txt")
    assert source.raw_text == (SAMPLE_SOURCES / source.filename).read_text(encoding="utf-8")
    # Sequences continue after the restored keys: a new import inserts without collisions.
    Trial.objects.get(public_id="NCT03239535").delete()
    out = io.StringIO()
    call_command("import_trials", str(SAMPLE_SOURCES), stdout=out, stderr=io.StringIO())
    assert "1 created" in out.getvalue()


def test_restore_refuses_a_catalogue_that_is_not_empty(seeds, tmp_path):
    backup(tmp_path / "b.jsonl")
    with pytest.raises(CommandError, match="not empty"):
        restore(tmp_path / "b.jsonl")
    assert Trial.objects.count() == 5


def test_damaged_backup_restores_nothing(seeds, tmp_path):
    text = backup(tmp_path / "b.jsonl")
    lines = text.splitlines(keepends=True)
    (tmp_path / "damaged.jsonl").write_text(
        "".join(lines[: len(lines) // 2]) + '{"model": "trials.trial", "pk": 1, "fiel',
        encoding="utf-8",
    )
    (tmp_path / "other.jsonl").write_text("[]\n", encoding="utf-8")
    empty_database()
    with pytest.raises(CommandError, match="damaged"):
        restore(tmp_path / "damaged.jsonl")
    with pytest.raises(CommandError, match="Not a RegenTrials backup"):
        restore(tmp_path / "other.jsonl")
    assert not Trial.objects.exists() and not SourceDocument.objects.exists()


def test_backup_refuses_published_only(tmp_path):
    with pytest.raises(CommandError):
        call_command("export_trials", "--format", "backup", "--published-only")
