"""Subscribing in the browser: from a filtered list to the form, the confirmation mail's link
opened in the browser, the alert started and listed on the manage page."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import screenshot
from trials.models import AlertSubscription

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def test_subscribe_and_confirm(page, site, settings):
    settings.SITE_URL = site
    page.goto("/trials/?status=completed")
    page.get_by_role("link", name=re.compile("E-mail me when trials matching")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-mail me")
    expect(page.locator("main")).to_contain_text("Status: Completed")
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_role("button", name="Send me the confirmation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert not AlertSubscription.objects.exists()

    [message] = mail.outbox
    link = re.search(r"(http://\S+/alerts/confirm/\S+/)", message.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Start the alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alert is on")
    screenshot(page, "alert-confirmed")
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.query) == ("reader@example.org", "status=completed")

    page.get_by_role("link", name="See or stop your alerts").click()
    expect(page.locator("main")).to_contain_text("Status: Completed")
