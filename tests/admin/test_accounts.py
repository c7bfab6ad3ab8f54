"""Who may manage whom (trials/admin/accounts.py): no privilege escalation through the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.admin_support import change_form_data, curator, editor, make_user
from trials.curation.roles import CURATOR, EDITOR_IN_CHIEF

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"


def user_url(user, page: str = "change/") -> str:
    return f"{USERS}{user.pk}/{page}"


@pytest.fixture
def chief(client, django_user_model):
    user = editor(django_user_model)
    client.force_login(user)
    return user


@pytest.fixture
def root(django_user_model):
    user = django_user_model.objects.create_superuser("root", password="root pw")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_editor_in_chief_cannot_make_itself_superuser(client, chief):
    response = client.get(user_url(chief))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert [group.name for group in form.fields["groups"].queryset] == [CURATOR]
    page = response.content.decode()
    assert "Superuser status" not in page and "user_permissions" not in page

    data = change_form_data(response)
    auditors = Group.objects.create(name="auditors")
    response = client.post(user_url(chief), {**data, "groups": [auditors.pk]})
    assert "groups" in response.context["adminform"].form.errors
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    data.update(
        is_superuser="on",
        user_permissions=every_permission,
        groups=[Group.objects.get(name=CURATOR).pk],
    )
    assert client.post(user_url(chief), data).status_code == 302
    chief.refresh_from_db()
    assert not chief.is_superuser
    assert not chief.user_permissions.exists()
    assert set(chief.groups.values_list("name", flat=True)) == {EDITOR_IN_CHIEF, CURATOR}


def test_editor_in_chief_cannot_touch_superusers_or_other_editors(
    client, chief, root, django_user_model
):
    peer = editor(django_user_model, "edna")
    for target in (root, peer):
        assert client.get(user_url(target)).status_code != 200
        response = client.post(user_url(target), {"username": "taken-over", "is_active": ""})
        assert response.status_code != 200
        target.refresh_from_db()
        assert target.username != "taken-over" and target.is_active
        assert client.post(user_url(target, "delete/"), {"post": "yes"}).status_code != 200
        assert django_user_model.objects.filter(pk=target.pk).exists()
    listed = {user.username for user in client.get(USERS).context["cl"].result_list}
    assert listed == {"eddie"}


def test_nobody_but_superusers_sets_another_users_password(client, chief, root, django_user_model):
    cora = curator(django_user_model)
    for target in (cora, root, chief):
        response = client.post(
            user_url(target, "password/"),
            {"password1": "a new long pass 1", "password2": "a new long pass 1"},
        )
        assert response.status_code in (403, 404)
        target.refresh_from_db()
        assert not target.check_password("a new long pass 1")
    # Their own, with the old one, at the admin's "Change password".
    assert client.get("/admin/password_change/").status_code == 200


def test_editor_in_chief_manages_curators(client, chief, django_user_model):
    cora = curator(django_user_model)
    auditors = Group.objects.create(name="auditors")
    cora.groups.add(auditors)
    newcomer = make_user(django_user_model, "newt")

    data = change_form_data(client.get(user_url(newcomer)))
    data["groups"] = [Group.objects.get(name=CURATOR).pk]
    assert client.post(user_url(newcomer), data).status_code == 302
    assert list(newcomer.groups.values_list("name", flat=True)) == [CURATOR]

    data = change_form_data(client.get(user_url(cora)))
    data.update(groups=[], is_active="")
    assert client.post(user_url(cora), data).status_code == 302
    cora.refresh_from_db()
    assert not cora.is_active
    assert list(cora.groups.all()) == [auditors]  # a group the form did not offer is kept

    response = client.post(
        f"{USERS}add/",
        {"username": "fresh", "usable_password": "true", "password1": "a long pass 12",
         "password2": "a long pass 12"},
    )  # fmt: skip
    assert response.status_code == 302
    assert not django_user_model.objects.get(username="fresh").is_superuser


def test_editor_in_chief_cannot_change_what_a_role_may_do(client, chief):
    group = Group.objects.get(name=EDITOR_IN_CHIEF)
    before = set(group.permissions.values_list("pk", flat=True))
    assert client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 200  # read-only
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": group.name, "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert client.post("/admin/auth/group/add/", {"name": "admins"}).status_code == 403


def test_only_superusers_see_otp_devices(client, chief, root, admin_client):
    device = TOTPDevice.objects.get(user=root)
    urls = (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        "/admin/otp_static/staticdevice/",
    )
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert device.key not in client.get("/admin/").content.decode()
    chief.user_permissions.add(*Permission.objects.filter(content_type__app_label="otp_totp"))
    assert client.get(urls[2]).status_code == 403  # even with the model's permissions
    assert StaticDevice.objects.filter(user=chief).exists()  # the test login's own device
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_superusers_keep_the_full_user_form(admin_client, chief):
    form = admin_client.get(user_url(chief)).context["adminform"].form
    assert {"is_superuser", "user_permissions", "groups"} <= set(form.fields)
    assert form.fields["groups"].queryset.count() == Group.objects.count()
