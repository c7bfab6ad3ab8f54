"""A curator edits a draft trial in the admin, publishes it, and visitors then find it."""

import re

import pytest

from tests.admin_support import curator
from tests.browser.conftest import PHONE, log_in_to_admin, screenshot
from tests.factories import make_trial
from trials.models import Publication, Status, Trial

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def test_curator_edits_and_publishes_a_trial(new_page, django_user_model):
    draft = make_trial(
        title="Autologous chondrocyte implantation for knee cartilage defects",
        status=Status.RECRUITING,
        publication=Publication.DRAFT,
    )
    cora = curator(django_user_model, "cora")
    visitor = new_page()
    response = visitor.goto(draft.get_absolute_url())
    assert response.status == 404  # a draft is not public

    admin = new_page()
    admin.goto("/admin/")
    expect(admin).to_have_url(re.compile(r"/admin/login/"))
    log_in_to_admin(admin, cora)

    # Find the draft in the list of trials and open it.
    admin.goto("/admin/trials/trial/?publication__exact=draft")
    screenshot(admin, "admin-list")
    admin.get_by_role("link", name=draft.public_id).click()
    expect(admin).to_have_url(re.compile(rf"/admin/trials/trial/{draft.pk}/change/"))

    # Edit the title, publish, save.
    admin.locator("#id_title").fill("Autologous chondrocytes for knee cartilage defects")
    admin.locator("#id_publication").select_option(label="Published")
    screenshot(admin, "admin-change")
    admin.locator('input[name="_continue"]').click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(admin.locator("#id_title")).to_have_value(
        "Autologous chondrocytes for knee cartilage defects"
    )

    trial = Trial.objects.get(pk=draft.pk)
    assert trial.publication == Publication.PUBLISHED
    assert "title" in trial.locked_fields  # the importer will not overwrite the edit

    # The public site shows it: its page, and a search for the new words.
    visitor.goto(draft.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Autologous chondrocytes for knee cartilage defects"
    )
    expect(visitor.locator(".badge-draft")).to_have_count(0)
    visitor.goto("/trials/?q=chondrocytes+knee")
    expect(visitor.locator("#result-count")).to_have_text("1 trial found")
    visitor.get_by_role("link", name="Autologous chondrocytes for knee cartilage defects").click()
    expect(visitor).to_have_url(re.compile(rf"{re.escape(draft.get_absolute_url())}$"))


def test_admin_on_a_phone(new_page, django_user_model):
    """The admin is usable at 375 px: the change form of a trial with sources beside it."""
    cora = curator(django_user_model, "cora")
    trial = Trial.objects.get(public_id="NCT03239535")
    page = new_page(viewport=PHONE)
    log_in_to_admin(page, cora, next_url="/admin/trials/trial/")
    expect(page.get_by_role("link", name="NCT03239535")).to_be_visible()
    screenshot(page, "admin-list")
    page.get_by_role("link", name="NCT03239535").click()
    expect(page.locator("#id_title")).to_have_value(trial.title)
    expect(page.get_by_role("heading", name=re.compile(r"Source documents \(1\)"))).to_be_visible()
    screenshot(page, "admin-change")
