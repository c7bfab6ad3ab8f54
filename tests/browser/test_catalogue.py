"""A visitor's paths through the catalogue in a real browser, with and without JavaScript."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import make_trial
from trials.models import Status

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def count_text(page) -> str:
    return page.locator("#result-count").inner_text()


def test_search_from_home_page(page):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_label("Search trials").fill("olfactory")
    page.get_by_label("Search trials").press("Enter")
    expect(page).to_have_url(re.compile(r"/trials/\?q=olfactory$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator(".snippet mark").first).to_have_text(re.compile("olfactory", re.I))
    expect(page).to_have_title(re.compile("olfactory"))


def test_search_updates_while_typing(page):
    page.goto("/trials/")
    expect(page.locator("#result-count")).to_have_text("5 trials found")
    page.locator("#f-q").press_sequentially("olfactory", delay=20)
    expect(page).to_have_url(re.compile(r"\?q=olfactory$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator("#list-heading")).to_have_text("Trials matching “olfactory”")
    expect(page.locator("#f-q")).to_be_focused()  # typing was never interrupted


def test_registry_id_in_the_box_opens_the_trial(page):
    page.goto("/trials/")
    page.locator("#f-q").fill("nct04382547")
    page.locator("#f-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/trials/NCT04382547/$"))


def test_apply_and_remove_filters(page):
    page.goto("/trials/")
    page.locator('input[name="status"][value="completed"]').check()
    # Applied without a button press: results, count, address and chips update in place.
    expect(page).to_have_url(re.compile(r"/trials/\?status=completed$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator(".chips")).to_contain_text("Status: Completed")
    expect(page.locator("#result-count")).to_have_attribute("aria-live", "polite")

    page.locator('input[name="country"][value="BY"]').check()
    expect(page).to_have_url(re.compile(r"status=completed&country=BY"))
    page.locator("#f-sort").select_option("title")
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(page).to_have_title(re.compile(r"Trials: 1 found"))
    screenshot(page, "list")

    # Removing a chip is an ordinary link.
    page.get_by_role("link", name="Remove filter Status: Completed").click()
    expect(page).to_have_url(re.compile(r"\?country=BY&sort=title$"))
    expect(page.locator("#result-count")).to_have_text("3 trials found")

    # Back returns to the view before.
    page.go_back()
    expect(page).to_have_url(re.compile(r"status=completed&country=BY&sort=title$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")

    page.get_by_role("link", name="Clear all filters").click()
    expect(page.locator("#result-count")).to_have_text("5 trials found")


def test_empty_results_and_long_facets(page):
    for number in range(12):
        make_trial(title=f"Extra trial {number}", status=Status.RECRUITING, enrollment=number)
    page.goto("/trials/?status=completed&registry=eu_ct")
    expect(page.get_by_role("heading", name="No trials match")).to_be_visible()
    expect(page.locator("#result-count")).to_have_text("0 trials found")

    page.goto("/trials/")
    more = page.locator('[data-facet="status"] details.facet-more')
    expect(more).to_have_count(0)  # five statuses fit
    page.goto("/trials/?enrollment_max=5")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^\d+ trials found"))


def test_paginate(page):
    for number in range(30):
        make_trial(title=f"Paged trial {number:02d}")
    page.goto("/trials/?sort=title")
    expect(page.locator("#result-count")).to_have_text("35 trials found, page 1 of 2")
    expect(page.locator(".result-list > li")).to_have_count(25)
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"sort=title&page=2$"))
    expect(page.locator("#result-count")).to_have_text("35 trials found, page 2 of 2")
    expect(page.locator(".result-list > li")).to_have_count(10)
    expect(page).to_have_title(re.compile(r"\(page 2\)"))
    page.get_by_role("link", name="Previous page").click()
    expect(page.locator("#result-count")).to_have_text("35 trials found, page 1 of 2")
    # A filter change goes back to the first page.
    page.get_by_role("link", name="Next page").click()
    page.locator('input[name="status"][value="completed"]').check()
    expect(page).to_have_url(
        re.compile(r"\?sort=title&status=completed$|status=completed&sort=title$")
    )


def test_open_a_trial(page):
    page.goto("/trials/?q=limb")
    page.get_by_role("link", name=re.compile("Critical Limb Ischemia")).click()
    expect(page).to_have_url(re.compile(r"/trials/NCT03239535/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Allogeneic Mesenchymal Stem Cells for the Critical Limb Ischemia Therapy"
    )
    expect(page).to_have_title(re.compile(r"\(NCT03239535\) · RegenTrials$"))
    screenshot(page, "detail")
    page.get_by_role("link", name="Eligibility").click()
    expect(page).to_have_url(re.compile(r"#eligibility$"))
    expect(page.get_by_role("heading", name="Eligibility")).to_be_in_viewport()


def test_copy_link(new_page, site):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto("/trials/?status=completed")
    page.locator('input[name="country"][value="BY"]').check()
    expect(page).to_have_url(re.compile(r"country=BY"))
    page.get_by_role("button", name="Copy link to this search").click()
    expect(page.locator("#results-body .copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert page.url.endswith("/trials/?status=completed&country=BY")

    page.goto("/trials/NCT04382547/")
    page.get_by_role("button", name="Copy link to this trial").click()
    expect(page.locator(".copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/trials/NCT04382547/")


def test_copy_link_without_clipboard_explains(new_page):
    page = new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/trials/NCT04382547/")
    page.get_by_role("button", name="Copy link to this trial").click()
    expect(page.locator(".copy-status")).to_contain_text("Could not copy automatically")
    expect(page.locator(".copy-status")).to_contain_text("/trials/NCT04382547/")


def tab_to(page, selector: str, limit: int = 80):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus by keyboard")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_keyboard_only_filters(new_page, viewport):
    for status in [s for s in Status if s != Status.COMPLETED][:8]:
        make_trial(title=f"Extra {status.label} trial", status=status)
    page = new_page(viewport=viewport)
    page.goto("/trials/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    if viewport is PHONE:
        tab_to(page, "#filters-panel > summary")
        page.keyboard.press("Enter")
        expect(page.locator("#filters-panel")).to_have_attribute("open", "")
    completed = 'input[name="status"][value="completed"]'
    tab_to(page, completed)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"\?status=completed$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator(completed)).to_be_focused()  # the focus survives the update
    expect(page.locator(completed)).to_be_checked()

    # Long lists open with the keyboard ("Show all N"), and their options are reachable.
    tab_to(page, '[data-facet="status"] summary')
    expect(page.locator('[data-facet="status"] summary')).to_contain_text(
        re.compile(r"Show all \d+")
    )
    page.keyboard.press("Enter")
    expect(page.locator('[data-facet="status"] details')).to_have_attribute("open", "")
    tab_to(page, '[data-facet="status"] details input[type="checkbox"]')
    page.keyboard.press("Space")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^[2-9] trials found"))
    expect(page.locator('[data-facet="status"] details')).to_have_attribute("open", "")

    # A number, typed and left to settle, applies too.
    tab_to(page, "#f-age")
    page.keyboard.type("70")
    expect(page).to_have_url(re.compile(r"age=70"))

    # The explicit button still works from the keyboard (and on a phone closes the panel).
    tab_to(page, "#filters-apply")
    page.keyboard.press("Enter")
    if viewport is PHONE:
        expect(page.locator("#filters-panel")).not_to_have_attribute("open", "")
        expect(page.locator("#result-count")).to_be_focused()
    screenshot(page, "list-keyboard", top=False)


def test_everything_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/trials/")
    expect(page.get_by_role("button", name="Copy link to this search")).to_be_hidden()
    page.locator('input[name="status"][value="completed"]').check()
    expect(page).to_have_url(re.compile(r"/trials/$"))  # nothing happens until asked
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=completed"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    page.locator("#f-sort").select_option("title")
    page.get_by_role("button", name="Sort").click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    page.locator("#f-q").fill("olfactory")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=olfactory"))


def test_phone_layout_hides_filters_behind_a_disclosure(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/trials/?status=completed")
    panel = page.locator("#filters-panel")
    expect(page.locator("#filters-panel > summary")).to_have_text(
        re.compile(r"Filters\s*\(1 active\)")
    )
    expect(page.locator('input[name="status"][value="completed"]')).to_be_hidden()
    page.locator("#filters-panel > summary").click()
    expect(page.locator('input[name="status"][value="completed"]')).to_be_visible()
    page.locator('input[name="status"][value="completed"]').uncheck()
    expect(page.locator("#result-count")).to_have_text("5 trials found")
    expect(panel).to_have_attribute("open", "")  # the panel stays open while filtering
    expect(page.get_by_role("button", name="Show 5 trials")).to_be_visible()
    no_overflow = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_overflow)
    screenshot(page, "list")
    for name, path in (
        ("home", "/"),
        ("detail", "/trials/NCT03239535/"),
        ("empty", "/trials/?q=zz"),
    ):
        page.goto(path)
        assert page.evaluate(no_overflow), path
        screenshot(page, name)


def test_desktop_shows_filters_without_a_disclosure(page):
    page.goto("/trials/")
    expect(page.locator("#filters-panel > summary")).to_be_hidden()
    expect(page.locator('input[name="status"][value="completed"]')).to_be_visible()
    expect(page.get_by_role("heading", name="Filters")).to_be_visible()


def test_trial_page_prints_without_navigation(page):
    page.goto("/trials/NCT03239535/")
    expect(page.locator(".toc")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".toc", ".breadcrumb", ".share", ".site-footer", ".skip-link"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.get_by_role("heading", name="Eligibility")).to_be_visible()
    colour = page.locator("h1").evaluate("(element) => getComputedStyle(element).color")
    assert colour == "rgb(0, 0, 0)"
