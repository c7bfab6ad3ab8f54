"""Curation in the admin: roles, protected edits, review, history, imports from the browser."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.admin_support import (
    CHANGELIST,
    DOC_001,
    IMPORT_URL,
    change_form_data,
    change_url,
    curator,
    editor,
    inline_prefix,
    make_user,
    reimport,
)
from tests.conftest import SAMPLE_SOURCES
from trials.curation.roles import CURATOR, EDITOR_IN_CHIEF
from trials.models import Publication, ReviewFlag, SourceDocument, Trial

pytestmark = pytest.mark.django_db


DOC_004 = SAMPLE_SOURCES / "004_06d783c427b23371.txt"  # NCT03239535, no review flags


def edit(client, trial, **changes):
    """Post the trial's change form with ``changes`` applied; returns the response."""
    data = change_form_data(client.get(change_url(trial)))
    data.update(changes)
    return client.post(change_url(trial), data)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


# --- roles and permissions -------------------------------------------------------------------


def test_roles_exist_after_migrate_and_setup_is_idempotent():
    assert set(Group.objects.values_list("name", flat=True)) >= {CURATOR, EDITOR_IN_CHIEF}
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert "curator: updated" in out.getvalue()
    assert Group.objects.filter(name__in=[CURATOR, EDITOR_IN_CHIEF]).count() == 2
    assert {g.name: set(g.permissions.all()) for g in Group.objects.all()} == before
    codenames = set(Group.objects.get(name=CURATOR).permissions.values_list("codename", flat=True))
    assert {"change_trial", "publish_trial", "change_reviewflag"} <= codenames
    assert "delete_trial" not in codenames
    assert not {"add_user", "change_user", "view_user", "change_group"} & codenames


@pytest.mark.parametrize(
    "url", [CHANGELIST, IMPORT_URL, "/admin/trials/trial/review/", "/admin/auth/user/"]
)
def test_anonymous_and_non_staff_are_sent_to_login(client, django_user_model, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(make_user(django_user_model, "visitor", staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_a_role_sees_no_trials(client, django_user_model, seeds):
    client.force_login(make_user(django_user_model, "staffer"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403


def test_curator_can_curate_but_not_delete_or_manage_users(client, django_user_model, seeds):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get(public_id="NCT03239535")
    for url in (
        CHANGELIST,
        change_url(trial),
        IMPORT_URL,
        f"/admin/trials/trial/{trial.pk}/history/",
        "/admin/trials/reviewflag/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(CHANGELIST)
    actions = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert {"publish", "unpublish", "withdraw", "mark_reviewed"} <= actions
    assert "delete_selected" not in actions
    assert edit(client, trial, title="Edited by a curator").status_code == 302

    assert client.get(f"/admin/trials/trial/{trial.pk}/delete/").status_code == 403
    response = client.post(f"/admin/trials/trial/{trial.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Trial.objects.filter(pk=trial.pk).exists()
    for url in ("/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"):
        assert client.get(url).status_code == 403, url


def test_editor_in_chief_can_delete_trials_and_manage_users(client, django_user_model, seeds):
    client.force_login(editor(django_user_model))
    trial = Trial.objects.get(public_id="NCT03239535")
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 200
    response = client.post(f"/admin/trials/trial/{trial.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Trial.objects.filter(pk=trial.pk).exists()


def test_publication_needs_the_publish_permission(client, django_user_model, seeds):
    user = make_user(django_user_model, "reader")
    user.user_permissions.add(
        *Group.objects.get(name=CURATOR).permissions.exclude(codename="publish_trial")
    )
    client.force_login(user)
    trial = Trial.objects.get(public_id="NCT03239535")
    response = client.get(change_url(trial))
    assert "publication" not in response.context["adminform"].form.fields
    response = client.post(
        CHANGELIST, {"action": "withdraw", "_selected_action": [trial.pk]}, follow=True
    )
    trial.refresh_from_db()
    assert trial.publication == Publication.PUBLISHED


# --- protected edits -------------------------------------------------------------------------


def test_curator_edit_is_locked_shown_and_survives_reimport(
    client, django_user_model, one_trial, import_documents
):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get()
    assert edit(client, trial, enrollment=33).status_code == 302
    trial.refresh_from_db()
    assert trial.enrollment == 33
    assert trial.locked_fields == ["enrollment"]
    page = client.get(change_url(trial)).content.decode()
    assert "Locked: a curator edited this" in page
    assert 'name="release_locks" value="enrollment"' in page

    reimport(one_trial, import_documents, "- 32\n", "- 40\n")
    trial.refresh_from_db()
    assert trial.enrollment == 33
    flag = trial.review_flags.get(code="curator_lock")
    assert "33" in flag.message and "40" in flag.message and "001.txt" in flag.message
    assert flag.source == trial.sources.get()


def test_inline_edit_locks_the_collection(client, django_user_model, one_trial, import_documents):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get()
    response = client.get(change_url(trial))
    data = change_form_data(response)
    prefix = inline_prefix(response, "criterion")
    data[f"{prefix}-0-text"] = "PCR-confirmed Covid-19 pneumonia (edited)"
    assert client.post(change_url(trial), data).status_code == 302
    trial.refresh_from_db()
    assert "criteria" in trial.locked_fields
    reimport(
        one_trial, import_documents, "- respiratory failure\n", "- acute respiratory failure\n"
    )
    assert "PCR-confirmed Covid-19 pneumonia (edited)" in trial.criteria.values_list(
        "text", flat=True
    )
    message = trial.review_flags.get(code="curator_lock").message
    assert "criteria" in message and "acute respiratory failure" in message


def test_release_lock_brings_the_source_value_back(
    client, django_user_model, one_trial, import_documents
):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get()
    edit(client, trial, enrollment=33)
    reimport(one_trial, import_documents, "- 32\n", "- 40\n")
    assert ReviewFlag.objects.filter(code="curator_lock", resolved_at=None).exists()

    response = edit(client, Trial.objects.get(), release_locks=["enrollment"])
    assert response.status_code == 302
    trial.refresh_from_db()
    assert trial.locked_fields == []
    assert trial.enrollment == 40
    assert not ReviewFlag.objects.filter(code="curator_lock", resolved_at=None).exists()
    assert trial.history.first().history_change_reason == "lock released: enrollment"


def test_release_all_locks_action(admin_client, one_trial):
    trial = Trial.objects.get()
    edit(admin_client, trial, enrollment=33, title="A title of our own")
    trial.refresh_from_db()
    assert sorted(trial.locked_fields) == ["enrollment", "title"]
    admin_client.post(CHANGELIST, {"action": "release_all_locks", "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert trial.locked_fields == []
    assert trial.enrollment == 32
    assert trial.title.startswith("Treatment of Covid-19")


def test_admin_edit_refreshes_the_search_document(admin_client, one_trial):
    trial = Trial.objects.get()
    edit(admin_client, trial, title="Zebrafishology of olfactory cells")
    assert list(Trial.objects.search("zebrafishology")) == [trial]


# --- review queue and flags ------------------------------------------------------------------


def test_review_queue_lists_open_flags_and_never_reviewed_oldest_first(admin_client, seeds):
    response = admin_client.get("/admin/trials/trial/review/")
    assert response.status_code == 302
    assert response["Location"].endswith("?review=queue")
    queue = admin_client.get(response["Location"]).context["cl"].result_list
    assert [t.pk for t in queue] == list(
        Trial.objects.order_by("created_at", "id").values_list("pk", flat=True)
    )

    clean = Trial.objects.get(public_id="NCT03239535")  # no flags
    flagged = Trial.objects.get(public_id="NCT04382547")
    ids = [clean.pk, flagged.pk]
    admin_client.post(CHANGELIST, {"action": "mark_reviewed", "_selected_action": ids})
    queue = admin_client.get(f"{CHANGELIST}?review=queue").context["cl"].result_list
    assert clean not in queue
    assert flagged in queue  # reviewed, but a flag is still open
    admin_client.post(CHANGELIST, {"action": "resolve_open_flags", "_selected_action": ids})
    queue = admin_client.get(f"{CHANGELIST}?review=queue").context["cl"].result_list
    assert flagged not in queue


def test_flag_resolved_from_the_trial_page(client, django_user_model, seeds):
    user = curator(django_user_model)
    client.force_login(user)
    trial = Trial.objects.get(public_id="NCT04382547")
    flag = trial.review_flags.get()
    response = client.get(change_url(trial))
    assert "criteria" in response.content.decode().lower()
    data = change_form_data(response)
    prefix = inline_prefix(response, "reviewflag")
    data[f"{prefix}-0-resolve"] = "on"
    assert client.post(change_url(trial), data).status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert flag.resolved_by == user
    trial.refresh_from_db()
    assert trial.locked_fields == []  # resolving a flag is not an edit


def test_flag_resolved_from_the_flag_list(client, django_user_model, seeds):
    user = curator(django_user_model)
    client.force_login(user)
    flags = ReviewFlag.objects.filter(trial__public_id="NCT05520125")
    response = client.post(
        "/admin/trials/reviewflag/",
        {"action": "resolve", "_selected_action": list(flags.values_list("pk", flat=True))},
    )
    assert response.status_code == 302
    assert set(flags.values_list("resolved_by", flat=True)) == {user.pk}
    listing = client.get("/admin/trials/reviewflag/?resolved_at__isempty=1")
    assert not [f for f in listing.context["cl"].result_list if f in flags]


def test_publication_actions(client, django_user_model, seeds):
    user = curator(django_user_model)
    client.force_login(user)
    ids = list(Trial.objects.values_list("pk", flat=True)[:2])
    for action, state in (
        ("withdraw", Publication.WITHDRAWN),
        ("unpublish", Publication.DRAFT),
        ("publish", Publication.PUBLISHED),
    ):
        client.post(CHANGELIST, {"action": action, "_selected_action": ids})
        assert set(Trial.objects.filter(pk__in=ids).values_list("publication", flat=True)) == {
            state
        }
    record = Trial.objects.get(pk=ids[0]).history.first()
    assert (record.history_change_reason, record.history_user) == ("published", user)


# --- history ---------------------------------------------------------------------------------


def test_imports_and_edits_are_in_the_history(
    client, django_user_model, one_trial, import_documents
):
    user = curator(django_user_model)
    client.force_login(user)
    trial = Trial.objects.get()
    assert {r.history_change_reason for r in trial.history.all()} == {"import of 001.txt"}
    assert all(r.history_user is None for r in trial.history.all())

    response = client.get(change_url(trial))
    data = change_form_data(response)
    data["enrollment"] = 33
    data[f"{inline_prefix(response, 'criterion')}-0-DELETE"] = "on"
    client.post(change_url(trial), data)
    latest = trial.history.first()
    assert latest.history_user == user
    assert latest.history_change_reason == "edited in the admin: enrollment, criteria"

    reimport(one_trial, import_documents, "Treatment of Covid-19", "Therapy of Covid-19")
    assert trial.history.first().history_change_reason == "import of 001.txt"

    page = client.get(f"/admin/trials/trial/{trial.pk}/history/").content.decode()
    assert "edited in the admin: enrollment, criteria" in page
    assert "cora" in page
    assert "Therapy of Covid-19" in page  # the import's title change
    assert '<li class="removed"><del>unclassified / 0 / PCR-confirmed Covid-19 pneumonia' in page
    assert client.get(f"/admin/trials/trial/{trial.pk}/history/{latest.pk}/").status_code == 200
    # History is for reading: reverting would leave the related rows behind.
    response = client.post(f"/admin/trials/trial/{trial.pk}/history/{latest.pk}/", {})
    assert response.status_code == 403


# --- import from the browser -----------------------------------------------------------------


def test_upload_preview_writes_nothing_and_names_bad_files(client, django_user_model, settings):
    settings.IMPORT_MAX_BYTES = 6000
    client.force_login(curator(django_user_model))
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b"multiple" in page.content
    response = client.post(
        IMPORT_URL,
        {
            "documents": [
                upload("good.txt", DOC_001.read_bytes()),
                upload("empty.txt", b""),
                upload("binary.bin", b"\x00\x01\x02\x03" * 50),
                upload("huge.txt", b"word " * 2000),
                upload("nothing.txt", b"Lorem ipsum\n\ndolor sit amet\n"),
            ],
            "format": "",
        },
    )
    assert response.status_code == 200
    assert not Trial.objects.exists()
    assert not SourceDocument.objects.exists()
    assert not ReviewFlag.objects.exists()
    assert not Trial.history.model.objects.exists()
    previews = {p.name: p for p in response.context["previews"]}
    assert previews["good.txt"].result.action == "created"
    assert previews["good.txt"].result.trial_id == "NCT04382547"
    assert previews["empty.txt"].error == "the file is empty"
    assert "binary" in previews["binary.bin"].error
    assert "over the 6,000 limit" in previews["huge.txt"].error
    assert previews["nothing.txt"].error
    page = response.content.decode()
    for name in previews:
        assert name in page
    assert "Treatment of Covid-19 Associated Pneumonia" in page
    assert response.context["importable"] == 1


def test_upload_confirm_imports_with_history(client, django_user_model):
    user = curator(django_user_model)
    client.force_login(user)
    response = client.post(
        IMPORT_URL,
        {
            "documents": [
                upload("001.txt", DOC_001.read_bytes()),
                upload("004.txt", DOC_004.read_bytes()),
            ]
        },
    )
    token = response.context["token"]
    response = client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert response.status_code == 200
    assert [r.action for r, _ in response.context["results"]] == ["created", "created"]
    assert set(Trial.objects.values_list("public_id", flat=True)) == {"NCT04382547", "NCT03239535"}
    assert not Trial.objects.published().exists()  # drafts unless asked
    record = Trial.objects.get(public_id="NCT04382547").history.first()
    assert (record.history_user, record.history_change_reason) == (user, "import of 001.txt")
    # The preview is used once.
    response = client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Trial.objects.count() == 2


def test_upload_preview_shows_the_diff_against_the_existing_trial(
    client, django_user_model, one_trial
):
    client.force_login(curator(django_user_model))
    changed = one_trial.read_text(encoding="utf-8").replace("- 32\n", "- 40\n")
    response = client.post(
        IMPORT_URL, {"documents": [upload("001.txt", changed.encode())], "publish": "on"}
    )
    preview = response.context["previews"][0]
    assert preview.result.action == "updated"
    assert ("Enrollment", "32", "40") in preview.diff
    assert Trial.objects.get().enrollment == 32
    client.post(IMPORT_URL, {"confirm": "1", "token": response.context["token"]})
    assert Trial.objects.get().enrollment == 40


def test_upload_of_an_unchanged_document_offers_nothing(client, django_user_model, one_trial):
    client.force_login(curator(django_user_model))
    response = client.post(IMPORT_URL, {"documents": [upload("001.txt", one_trial.read_bytes())]})
    assert response.context["previews"][0].result.action == "unchanged"
    assert response.context["importable"] == 0
    assert b'name="confirm"' not in response.content


def test_upload_without_files_is_a_form_error(client, django_user_model):
    client.force_login(curator(django_user_model))
    response = client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert response.context["form"].errors["documents"]


def test_confirm_with_a_stale_token_imports_nothing(client, django_user_model):
    client.force_login(curator(django_user_model))
    client.post(IMPORT_URL, {"documents": [upload("001.txt", DOC_001.read_bytes())]})
    response = client.post(IMPORT_URL, {"confirm": "1", "token": "forged"}, follow=True)
    assert "no longer available" in response.content.decode()
    assert not Trial.objects.exists()
