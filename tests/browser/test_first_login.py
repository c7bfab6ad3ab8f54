"""A new curator, from the account an editor-in-chief made to a first edit: password, enrolment
(QR code page, confirm a code), recovery codes, an edit; later a recovery code logs in."""

import base64
import re

import pytest
from django_otp.oath import totp

from tests.admin_support import curator
from tests.browser.conftest import screenshot
from trials.models import Trial

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def log_in(page, username: str, code: str = "") -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_label("Authentication code").fill(code)
    page.get_by_role("button", name="Log in").click()


def test_new_curator_from_creation_to_first_edit(new_page, django_user_model):
    curator(django_user_model, "newbie")  # staff in the curator group, no device yet
    page = new_page()
    log_in(page, "newbie")
    expect(page).to_have_url(re.compile(r"/admin/enrol/$"))
    expect(page.locator(".qr-code svg")).to_be_visible()
    screenshot(page, "admin-enrol")

    field = page.get_by_label("Code shown by the app")
    secret = page.locator(".totp-secret").inner_text()
    field.fill(f"{totp(base64.b32decode(secret)):06d}")  # what the phone app would show
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".enrolled")).to_contain_text("Your authenticator app is set up")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("link", name="Continue to the admin").click()
    page.goto("/admin/trials/trial/")
    page.get_by_role("link", name="NCT03239535").click()
    page.locator("#id_acronym").fill("FIRST-EDIT")
    page.locator('input[name="_continue"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Trial.objects.get(public_id="NCT03239535").acronym == "FIRST-EDIT"

    # Later, phone lost: a recovery code in the same field, at the first try.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "newbie", codes[0])
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Recovery codes").click()
    expect(page.locator(".recovery-codes code")).to_have_count(9)
    page.get_by_role("button", name=re.compile("Generate new codes")).click()
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    assert codes[1] not in page.locator(".recovery-codes").inner_text()
