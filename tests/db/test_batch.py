"""WriteBatch and read_all store and read values exactly, whatever characters they hold;
the importer's batch sets the import's synchronous_commit."""

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import SAMPLE_SOURCES
from tests.factories import make_trial
from trials.db.batch import WriteBatch, read_all
from trials.importing.files import import_document
from trials.models import Contact, Organisation, SourceDocument

pytestmark = pytest.mark.django_db

AWKWARD = ["O'Brien", "100% sure", "back\\slash", 'a "quote"', "%s and %(name)s", "émigré 東京"]


def test_written_and_read_values_round_trip():
    trial = make_trial()
    batch = WriteBatch()
    organisations = [Organisation(name=name) for name in AWKWARD]
    batch.reserve_pks(organisations)
    batch.insert(Organisation, organisations)
    # Several rows (one array per column on PostgreSQL), and one row with a JSON column.
    batch.insert(
        Contact,
        [Contact(trial=trial, position=i, name=name, phone="") for i, name in enumerate(AWKWARD)],
    )
    parsed = {"title": "It's 50%", "ages": [1.5, None], "note": "\\n"}
    document = SourceDocument(
        trial=trial, sha256="c" * 64, format="x", raw_text="%%", parsed=parsed,
        imported_at=trial.created_at,
    )  # fmt: skip
    batch.insert(SourceDocument, [document])
    batch.update(Contact.objects.filter(trial=trial, name="100% sure"), role="it's %s")
    batch.flush()

    names, roles = read_all(
        [
            Organisation.objects.filter(name__in=AWKWARD).values_list("name"),
            Contact.objects.filter(trial=trial, role__contains="%").values_list("name", "role"),
        ]
    )
    assert sorted(name for (name,) in names) == sorted(AWKWARD)
    assert roles == [("100% sure", "it's %s")]
    assert list(Contact.objects.filter(trial=trial).values_list("name", flat=True)) == AWKWARD
    stored = SourceDocument.objects.get(sha256="c" * 64)
    assert (stored.parsed, stored.raw_text) == (parsed, "%%")


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.parametrize("setting", ["off", ""])
def test_import_transaction_takes_the_synchronous_commit_setting(settings, setting):
    settings.IMPORT_SYNCHRONOUS_COMMIT = setting
    server_default = _synchronous_commit()
    text = (SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_text(encoding="utf-8")
    # The test's own transaction is still open: the import's SET LOCAL shows in it.
    import_document(text, filename="sample.txt", now=timezone.now())
    assert _synchronous_commit() == (setting or server_default)
