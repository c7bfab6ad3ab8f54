"""The JSON export serves stored record texts, and a changed trial never serves its old one."""

import json

import pytest

from tests.admin_support import DOC_001, change_form_data, change_url, curator, reimport
from trials.catalogue import stored_records
from trials.models import StoredRecord, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_trial(tmp_path, import_documents):
    path = tmp_path / "001.txt"
    path.write_text(DOC_001.read_text(encoding="utf-8"), encoding="utf-8")
    import_documents(path, publish=True)
    return path


def exported(client) -> dict:
    response = client.get("/trials/export.json")
    (record,) = json.loads(b"".join(response.streaming_content))
    return record


def test_export_serves_the_stored_text_without_building_it(client, published_trial, monkeypatch):
    first = exported(client)
    assert StoredRecord.objects.get().stamp == stored_records.stamp(Trial.objects.get().updated_at)

    def not_again(trial, **kwargs):
        raise AssertionError("a current record was built again")

    monkeypatch.setattr(stored_records, "trial_record", not_again)
    assert exported(client) == first
    assert exported(client)["url"] == f"http://testserver/trials/{first['id']}/"


def test_a_reimported_change_shows_in_the_export(client, published_trial, import_documents):
    assert "Acute respiratory failure" not in json.dumps(exported(client))
    reimport(
        published_trial,
        import_documents,
        "- respiratory failure\n",
        "- Acute respiratory failure\n",
    )
    assert "Acute respiratory failure" in json.dumps(exported(client))


def test_a_curators_edit_shows_in_the_export(client, published_trial, django_user_model):
    exported(client)
    trial = Trial.objects.get()
    staff = client.__class__()
    staff.force_login(curator(django_user_model))
    data = change_form_data(staff.get(change_url(trial)))
    data["title"] = "An edited title"
    assert staff.post(change_url(trial), data).status_code == 302
    assert exported(client)["title"] == "An edited title"
