"""axe-core finds no violation, of any impact, on the public pages: light and dark, wide and
narrow, with the phone's filter panel open, and the no-JavaScript page too."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": "/",
    "list": "/trials/",
    "list-filtered": "/trials/?q=cells&status=completed&status=unknown&country=BY&sort=title",
    "list-empty": "/trials/?q=zzzzqqq&status=completed",
    "list-notice": "/trials/?status=bogus",
    "detail": "/trials/NCT03239535/",
    "detail-unlabelled": "/trials/NCT05520125/",
    "list-age-sex": "/trials/?age=30&sex=female&exclude_pay=true",
    "report": "/trials/NCT03239535/report/",
    "not-found": "/trials/NCT99999999/",
    "landscape": "/landscape/",
    "landscape-filtered": "/landscape/?status=completed",
    "api": "/api/",
}

MODES = {
    "desktop-light": {"viewport": DESKTOP, "color_scheme": "light"},
    "desktop-dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone-light": {"viewport": PHONE, "color_scheme": "light"},
    "phone-dark": {"viewport": PHONE, "color_scheme": "dark"},
}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def check(axe, page):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def violations(axe, page) -> str:
    results = axe.run(page)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("mode", MODES)
def test_no_axe_violations(new_page, axe, mode):
    """Every page in one browser context per mode; all violations are reported together."""
    page = new_page(**MODES[mode])
    reports = {}
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), name
        if mode.startswith("phone") and name.startswith("list"):
            page.locator("#filters-panel > summary").click()  # check the filters, not the button
        more = page.locator("details.facet-more:not([open]) > summary")
        if more.count():
            more.first.click()
        if report := violations(axe, page):
            reports[name] = report
    assert not reports, "\n\n".join(f"== {name}\n{report}" for name, report in reports.items())


def without_our_javascript(page):
    """The page as a browser without JavaScript gets it: site.js empty, <noscript> shown.

    (A context with JavaScript off cannot run axe, which is JavaScript itself.)
    """

    def document(route):
        response = route.fetch()
        html = response.text().replace("<noscript>", "").replace("</noscript>", "")
        route.fulfill(response=response, body=html)

    page.route("**/site*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.route(lambda url: "/static/" not in url, document)


@pytest.mark.parametrize("mode", ["desktop-light", "phone-dark"])
def test_no_axe_violations_without_javascript(new_page, axe, mode):
    page = new_page(**MODES[mode])
    without_our_javascript(page)
    page.goto(PAGES["list-filtered"])
    assert page.get_by_role("button", name="Sort").is_visible()
    if mode.startswith("phone"):
        page.locator("#filters-panel > summary").click()
    check(axe, page)


def test_after_filters_update_in_place(new_page, axe):
    page = new_page()
    page.goto("/trials/")
    page.locator('input[name="status"][value="completed"]').check()
    page.wait_for_url("**/trials/?status=completed")
    page.locator("#result-count", has_text="1 trial found").wait_for()
    check(axe, page)


def test_page_titles_say_where_you_are(page):
    titles = {}
    for name, path in PAGES.items():
        page.goto(path)
        titles[name] = page.title()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").count() == 1, name
        assert page.locator("main#main").count() == 1
    assert titles["home"] == "Regenerative-medicine clinical trials · RegenTrials"
    assert titles["list"] == "Trials · RegenTrials"
    assert titles["list-empty"] == "Search “zzzzqqq”: 0 found · RegenTrials"
    assert titles["detail"].endswith("(NCT03239535) · RegenTrials")
    assert titles["not-found"] == "Page not found · RegenTrials"
    assert titles["list-filtered"] == "Search “cells”: 2 found · RegenTrials"
    assert titles["list-notice"] == titles["list"]  # an unknown filter value is ignored
    del titles["list-notice"]
    assert len(set(titles.values())) == len(titles)


# WCAG 2.2 2.5.8 (target size, minimum): every pointer target is at least 24 x 24 CSS pixels,
# or is a link inline in text, or a 24 px circle on it touches no other target (nor the circle
# of another small one). Read from the computed layout of every page type. A country on the map
# keeps its geographic size under the "equivalent" exception: the map's table links to it too.
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + 'label:has(> input), [tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(selector)].filter((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // A control inside its label is one target with it: the label is measured.
    const labelled = el.tagName === 'INPUT' && el.closest('label');
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && !labelled
      && !el.closest('[aria-hidden="true"], .skip-link');
  });
  const inline = (el) => {
    if (getComputedStyle(el).display !== 'inline' || el.tagName !== 'A') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, figcaption, blockquote');
    if (!block) return false;
    const own = el.textContent.trim().length;
    return block.textContent.trim().length > own + 1;
  };
  const boxes = targets.map((el) => el.getBoundingClientRect());
  const small = boxes.map((b) => b.width < 23.5 || b.height < 23.5);
  const centre = (b) => [b.left + b.width / 2, b.top + b.height / 2];
  const distanceToBox = ([x, y], b) => Math.hypot(
    Math.max(b.left - x, 0, x - b.right), Math.max(b.top - y, 0, y - b.bottom));
  const equivalent = (el) => el.closest('svg.world-map')
    && document.querySelector(`#map table a[href="${el.getAttribute('href')}"]`);
  const failing = [];
  targets.forEach((el, i) => {
    if (!small[i] || inline(el) || equivalent(el)) return;
    const c = centre(boxes[i]);
    const crowded = targets.some((other, j) => {
      if (j === i || other.contains(el) || el.contains(other)) return false;
      if (distanceToBox(c, boxes[j]) < 12) return true;
      if (!small[j]) return false;
      const d = centre(boxes[j]);
      return Math.hypot(c[0] - d[0], c[1] - d[1]) < 24;
    });
    if (crowded) {
      const b = boxes[i];
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim();
      const size = `${Math.round(b.width)}x${Math.round(b.height)}`;
      failing.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${size}`);
    }
  });
  return failing;
}"""


@pytest.mark.parametrize("mode", ["desktop-light", "phone-light"])
def test_touch_targets_are_at_least_24_px(new_page, mode):
    page = new_page(**MODES[mode])
    failing = {}
    for name, path in PAGES.items():
        page.goto(path)
        if mode.startswith("phone") and name.startswith("list"):
            page.locator("#filters-panel > summary").click()
        if small := page.evaluate(SMALL_TARGETS):
            failing[name] = small
    assert not failing, failing
