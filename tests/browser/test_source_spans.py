"""The change page highlights the exact passage a field came from (the parser's span), in
Chromium; a value without a span is searched; a value a curator changed still shows the
source's passage, saying so. The page's console stays clean (no CSP violation)."""

import pytest

from tests.admin_support import change_url, curator
from tests.browser.conftest import log_in_to_admin, screenshot
from trials.models import Trial

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = "000_b087d68130d6e372.txt"


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def text_before(mark) -> str:
    return mark.evaluate(
        "m => { const pre = m.closest('pre'); const r = document.createRange();"
        " r.setStart(pre, 0); r.setEndBefore(m); return r.toString(); }"
    )


def test_focusing_a_field_highlights_its_span(new_page, django_user_model):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    source = trial.sources.get()
    page = new_page()
    log_in_to_admin(page, curator(django_user_model), next_url=change_url(trial))
    page.wait_for_load_state("load")  # the page's deferred script listens from then on
    mark = page.locator(".curation-sources mark")
    status = page.locator(".curation-sources .source-match")

    # The enrollment, 20: the "20" under its label, not another "20" of the page.
    page.locator("#id_enrollment").focus()
    expect(mark).to_have_text("20")
    expect(mark).to_have_attribute("data-found", "span")
    start, end = source.spans["enrollment"][0]
    assert text_before(mark.first) == source.raw_text[:start]
    expect(status).to_contain_text(f"Highlighted where {SAMPLE}")

    # A criterion: its own row's passage.
    criterion = trial.criteria.order_by("position")[2]
    row = page.locator("#criteria-group textarea", has_text=criterion.text[:30]).first
    row.focus()
    expect(mark).to_have_text(criterion.text)
    expect(mark).to_have_attribute("data-found", "span")
    screenshot(page, "admin-edit-span-criterion", top=False)

    # A field the parser keeps no span for: found by searching its value.
    page.locator("#id_outcomes-0-time_frame").focus()
    expect(mark).to_have_attribute("data-found", "search")
    expect(status).to_contain_text("Found by searching")

    # After the curator's edit, the title's passage is still the source's, and said so.
    page.locator("#id_title").fill("A title the curator wrote")
    page.locator("#id_acronym").focus()
    page.locator("#id_title").focus()
    expect(mark).to_have_text(trial.title)
    expect(status).to_contain_text("differs from the source")


def test_the_status_choice_shows_the_recruitment_wording_it_was_read_from(
    new_page, django_user_model
):
    trial = Trial.objects.get(public_id="2025-520841-60-00")
    page = new_page()
    log_in_to_admin(page, curator(django_user_model), next_url=change_url(trial))
    page.wait_for_load_state("load")  # the page's deferred script listens from then on
    page.locator("#id_status").focus()
    mark = page.locator(".curation-sources mark")
    expect(mark).to_have_text("In arruolamento")  # "Recruiting", not the table's "Authorised"
    page.locator("#id_status_raw").focus()
    expect(mark).to_have_text("Authorised")
    expect(mark).to_have_attribute("data-found", "span")
