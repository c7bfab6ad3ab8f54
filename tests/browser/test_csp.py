"""The enforced Content-Security-Policy in a real browser: no violation, scripts still run.

Any CSP violation shows in Chromium's console as an error, which the ``new_page`` fixture
turns into a failure; a ``securitypolicyviolation`` listener counts them as well.
"""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import SAMPLE_SOURCES
from trials.models import Trial

pytestmark = pytest.mark.django_db(transaction=True)

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


@pytest.fixture
def watched(new_page):
    page = new_page()
    page.set_default_timeout(20_000)  # the admin's pages are heavier than the catalogue's
    page.context.add_init_script(WATCH_VIOLATIONS)
    return page


def test_public_pages_run_their_script_under_the_policy(watched):
    page = watched
    for url in ("/", "/trials/", "/trials/NCT04382547/", "/no-such-page/"):
        response = page.goto(url)
        assert "script-src 'nonce-" in response.headers["content-security-policy"]
        assert violations(page) == [], url
    page.goto("/trials/")
    # site.js runs: the list's filters apply as they change.
    page.locator("#f-q").press_sequentially("olfactory", delay=20)
    expect(page).to_have_url(re.compile(r"\?q=olfactory$"))
    assert violations(page) == []


def test_admin_works_under_the_policy(watched, django_user_model):
    page = watched
    user = django_user_model.objects.create_superuser("ada", password="correct horse battery")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    page.goto("/admin/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Authentication code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert page.url.endswith("/admin/")

    trial = Trial.objects.get(public_id="NCT04382547")
    page.goto("/admin/trials/trial/")
    # The changelist's action bar is driven by actions.js.
    page.locator("input.action-select").first.check()
    expect(page.locator(".action-counter")).to_contain_text("1 of")

    page.goto(f"/admin/trials/trial/{trial.pk}/change/")
    # inlines.js adds the "Add another" links; the sources panel's styles apply (nonce).
    expect(page.locator(".add-row a").first).to_be_visible()
    assert violations(page) == []

    page.goto("/admin/trials/trial/import/")
    page.locator("input[type=file]").set_input_files(
        str(sorted(SAMPLE_SOURCES.glob("001_*.txt"))[0])
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".import-file").first).to_be_visible()
    assert violations(page) == []

    page.goto("/admin/auth/user/add/")
    expect(page.locator("#id_username")).to_be_visible()
    assert violations(page) == []

    # Enrolling a curator in the admin: the device's QR code page.
    page.goto(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    image = page.locator("img.qrcode-image")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert violations(page) == []
