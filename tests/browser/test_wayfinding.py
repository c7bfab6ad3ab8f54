"""Getting around long pages: skip links to the results and the filters, the phone's sticky
"Show N trials" button, and cues on charts wider than a phone."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_skip_links_reach_results_and_filters(new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto("/trials/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    to_results = page.get_by_role("link", name="Skip to results")
    expect(to_results).to_be_focused()
    expect(to_results).to_be_in_viewport()  # shown while focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next Tab lands in the results (their sort control), not in the 80 filter controls;
    # the next one on the first trial.
    assert focused(page, "#f-sort")
    page.keyboard.press("Tab")
    assert focused(page, ".result-list a")

    page.goto("/trials/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to filters")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first_in_filters = "#filters-panel > summary" if viewport is PHONE else "#facets input"
    assert focused(page, first_in_filters)


def test_phone_keeps_show_n_trials_in_view_after_a_filter_changes(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/trials/")
    page.locator("#filters-panel > summary").click()
    button = page.locator("#filters-apply")
    expect(button).to_have_text("Apply filters")
    page.locator('input[name="status"][value="completed"]').check()
    expect(button).to_have_text("Show 1 trial")
    # Scrolled to the top of the long panel, the button is still on screen, at its bottom.
    page.evaluate("window.scrollTo(0, 0)")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["y"] > PHONE["height"] / 2
    screenshot(page, "list-show-n", top=False)
    button.click()
    expect(page.locator("#filters-panel")).not_to_have_attribute("open", "")
    expect(page.locator("#result-count")).to_be_focused()
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator("#result-count")).to_be_in_viewport()


def test_wide_charts_say_they_scroll_on_phones(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/landscape/")
    charts = page.locator(".chart:has(.chart-scroll)").evaluate_all("(l) => l.map((e) => e.id)")
    assert "map" in charts
    for chart in (f"#{name}" for name in charts):
        scroller = page.locator(f"{chart} .chart-scroll")
        assert scroller.evaluate("(el) => el.scrollWidth > el.clientWidth"), chart
        expect(page.locator(f"{chart} .scroll-hint")).to_be_visible()
        shadows = scroller.evaluate("(el) => getComputedStyle(el).backgroundImage")
        assert shadows.count("gradient") == 4, chart
    screenshot(page, "landscape-scroll-cue", top=False)

    wide = new_page(viewport=DESKTOP)
    wide.goto("/landscape/")
    expect(wide.locator("#map .scroll-hint")).to_be_hidden()


def test_landscape_button_counts_in_words(new_page):
    page = new_page()
    page.goto("/landscape/?status=completed")
    expect(page.get_by_role("link", name=re.compile(r"^List this 1 trial$"))).to_be_visible()
    page.goto("/landscape/")
    expect(page.get_by_role("link", name=re.compile(r"^List these 5 trials$"))).to_be_visible()
