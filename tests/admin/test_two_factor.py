"""First login: enrolment in the admin; recovery codes in the code field; the codes page."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trials.curation import two_factor

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery"
pytestmark = pytest.mark.django_db


def staff(django_user_model, username="nina"):
    return django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def log_in(client, user, code=""):
    data = {"username": user.username, "password": PASSWORD, "otp_token": code, "next": "/admin/"}
    return client.post(LOGIN, data)


def test_staff_without_a_device_is_led_through_enrolment(client, django_user_model):
    nina = staff(django_user_model)
    assert log_in(client, nina).status_code == 302  # the password alone, once
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/enrol/"
    page = response.content.decode()
    assert "<svg" in page and "Set up your authenticator app" in page
    assert client.get("/admin/trials/trial/").status_code == 302  # nothing else before that

    device = TOTPDevice.objects.get(user=nina, confirmed=False)
    response = client.post("/admin/enrol/", {"otp_token": "000000"})
    assert "does not match" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    response = client.post("/admin/enrol/", {"otp_token": code_of(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10 and "Your authenticator app is set up" in response.content.decode()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/enrol/").status_code == 302  # done once

    # From now on the password alone is not enough.
    client.logout()
    response = log_in(client, nina)
    assert (
        response.status_code == 200 and "Please enter your OTP token" in response.content.decode()
    )


def test_a_recovery_code_works_at_the_first_try_in_the_same_field(client, django_user_model):
    nina = staff(django_user_model)
    two_factor.new_totp_device(nina)
    code = two_factor.new_recovery_codes(nina)[3]
    response = log_in(client, nina, code=f" {code.upper()[:4]} {code.upper()[4:]}")
    assert response.status_code == 302, response.content.decode()
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()  # used up
    client.logout()
    response = log_in(client, nina, code=code)
    assert response.status_code == 200 and "Invalid token" in response.content.decode()


def test_the_code_field_suits_both_kinds_of_code(client):
    page = client.get(LOGIN).content.decode()
    field = re.search(r"<input[^>]*name=\"otp_token\"[^>]*>", page).group(0)
    assert 'inputmode="text"' in field and 'autocomplete="one-time-code"' in field
    assert "recovery codes" in page


def test_a_curator_sees_and_regenerates_recovery_codes(client, django_user_model):
    nina = staff(django_user_model)
    first = two_factor.new_recovery_codes(nina)
    client.force_login(nina)
    page = client.get("/admin/recovery-codes/").content.decode()
    assert all(code in page for code in first)
    assert 'href="/admin/recovery-codes/"' in client.get("/admin/").content.decode()
    page = client.post("/admin/recovery-codes/").content.decode()
    second = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(second) == 10 and not set(second) & set(first)
    assert sorted(two_factor.recovery_codes(nina)) == sorted(second)


def test_create_editor_prints_a_qr_code_and_recovery_codes(django_user_model, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    out = io.StringIO()
    call_command("create_editor", "eve", stdout=out)
    eve = django_user_model.objects.get(username="eve")
    assert eve.is_staff and eve.check_password(PASSWORD)
    assert list(eve.groups.values_list("name", flat=True)) == ["editor-in-chief"]
    assert TOTPDevice.objects.get(user=eve).confirmed
    assert "█" in out.getvalue() and "otpauth://totp/" in out.getvalue()
    assert sorted(two_factor.recovery_codes(eve)) == sorted(
        re.search(r"Recovery codes.*\n\s+(.*)", out.getvalue()).group(1).split()
    )
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_editor", "eve", stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError):
        call_command("create_editor", "fay", stdout=io.StringIO())
