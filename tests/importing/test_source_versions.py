"""Sources have versions: an older copy of a document that a newer one replaced is "stale" and
never reverts the trial (the issue's case: scripts/serve re-importing the samples after a
curator uploaded a newer copy in the admin)."""

import pytest

from tests.conftest import SAMPLE_SOURCES
from trials.curation import services
from trials.importing.upsert import Action
from trials.models import SupersededDocument, Trial

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt"


def newer_copy(enrollment: int) -> services.Upload:
    text = SAMPLE.read_text(encoding="utf-8").replace("- 32\n", f"- {enrollment}\n")
    return services.Upload(SAMPLE.name, text=text)


def test_an_older_copy_is_stale_and_does_not_revert_a_newer_upload(seeds, import_documents):
    trial = Trial.objects.get(sources__filename=SAMPLE.name)
    assert trial.enrollment == 32
    [result] = services.import_uploads([newer_copy(40)])  # a curator's upload in the admin
    assert result.action == Action.UPDATED
    updated_at = Trial.objects.get(pk=trial.pk).updated_at

    output = import_documents(SAMPLE_SOURCES, publish=True)  # scripts/serve, run again
    assert "0 updated, 4 unchanged" in output and "1 stale (older copies, not applied)" in output
    assert f"stale     {trial.public_id}" in output
    assert f"an older copy of {SAMPLE.name}, which a newer copy replaced" in output
    trial.refresh_from_db()
    assert trial.enrollment == 40 and trial.updated_at == updated_at
    assert trial.sources.get().raw_text == newer_copy(40).text

    # A newer copy still updates, and each replaced copy stays known.
    [result] = services.import_uploads([newer_copy(44)])
    assert result.action == Action.UPDATED
    assert SupersededDocument.objects.filter(source__trial=trial).count() == 2
    [result] = services.import_uploads([newer_copy(40)])
    assert result.action == Action.STALE
    assert Trial.objects.get(pk=trial.pk).enrollment == 44


def test_the_admin_preview_offers_no_stale_copy(seeds):
    services.import_uploads([newer_copy(40)])
    original = services.Upload(SAMPLE.name, text=SAMPLE.read_text(encoding="utf-8"))
    [preview] = services.preview_uploads([original])
    assert preview.result.action == Action.STALE and not preview.importable
