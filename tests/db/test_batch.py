"""WriteBatch and read_all store and read values exactly, whatever characters they hold;
the importer's batch sets the import's synchronous_commit."""

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import SAMPLE_SOURCES
from tests.factories import make_trial
from trials.db.batch import Rows, WriteBatch, read_all
from trials.importing.files import import_document
from trials.models import Contact, Organisation, SourceDocument, Trial, TrialCountry

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


def test_rows_given_as_tuples_are_stored_as_instances_would_be():
    trial = make_trial()
    batch = WriteBatch()
    fields = ("trial", "position", "name", "role", "email", "phone")
    batch.insert(
        Contact, Rows(fields, [(trial, i, name, "", "", "") for i, name in enumerate(AWKWARD)])
    )
    # A value that is prepared for saving (a country code), a related instance whose key
    # was reserved after the row was made.
    later = Trial(public_id="LATER", title="Later")
    batch.reserve_pks([later])
    batch.insert(Trial, [later])
    batch.insert(TrialCountry, Rows(("trial", "country"), [(later, "FR"), (trial, "DE")]))
    batch.flush()
    stored = Contact.objects.filter(trial=trial).order_by("position")
    assert list(stored.values_list("name", "role")) == [(name, "") for name in AWKWARD]
    assert sorted(TrialCountry.objects.values_list("trial__public_id", "country")) == [
        ("LATER", "FR"), (trial.public_id, "DE"),
    ]  # fmt: skip


def test_rows_must_give_every_field():
    batch = WriteBatch()
    with pytest.raises(ValueError, match="must give"):
        batch.insert(Contact, Rows(("trial", "name"), [(make_trial(), "x")]))


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
