"""Issue 16 in a real browser: filters that mean what they say, the report form, and review
notes that only staff see."""

import re

import pytest

from tests.admin_support import curator
from tests.browser.conftest import log_in_to_admin, screenshot
from tests.factories import make_trial
from trials.models import FlagCode, ReviewFlag

pytestmark = pytest.mark.django_db(transaction=True)


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def test_female_means_open_to_women(page):
    make_trial(title="Endometrial stromal cells for thin endometrium", sex="female")
    page.goto("/trials/")
    expect(page.locator("#result-count")).to_have_text("6 trials found")
    women = page.locator('input[name="sex"][value="female"]')
    expect(page.locator('label:has(input[name="sex"][value="female"])')).to_contain_text(
        "Open to women (5)"
    )
    women.check()
    expect(page).to_have_url(re.compile(r"\?sex=female$"))
    # The four all-sexes samples and the female-only trial.
    expect(page.locator("#result-count")).to_have_text("5 trials found")
    expect(page.locator(".result-list")).to_contain_text(re.compile(r"Sex\s*Women only"))
    expect(page.locator(".result-list")).to_contain_text(re.compile(r"Sex\s*Women and men"))
    screenshot(page, "list-open-to-women")

    women.uncheck()
    page.locator('input[name="sex"][value="female_only"]').check()
    expect(page).to_have_url(re.compile(r"\?sex=female_only$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator(".chips")).to_contain_text("Sex: Women only")


def test_age_leaves_out_trials_without_limits_unless_asked(page):
    page.goto("/trials/")
    page.locator("#f-age").fill("70")
    expect(page).to_have_url(re.compile(r"\?age=70$"))
    expect(page.locator("#result-count")).to_have_text("1 trial found")
    expect(page.locator(".result-list")).to_contain_text(re.compile(r"Age\s*18 to 80 years"))
    toggle = page.get_by_label("Include trials that state no age limits (3)")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(page).to_have_url(re.compile(r"\?age=70&age_unstated=true$"))
    expect(page.locator("#result-count")).to_have_text("4 trials found")
    expect(page.locator(".result-list")).to_contain_text(re.compile(r"Age\s*No age limits stated"))
    expect(page.locator(".chips")).to_contain_text("Include trials that state no age limits")

    page.locator("#f-age").fill("10")
    expect(page).to_have_url(re.compile(r"\?age=10&age_unstated=true$"))
    expect(page.locator("#result-count")).to_have_text("3 trials found")
    page.get_by_label(re.compile("Include trials that state no age limits")).uncheck()
    expect(page.locator("#result-count")).to_have_text("0 trials found")


def test_visitor_reports_a_problem(page):
    page.goto("/trials/NCT03239535/")
    page.get_by_role("link", name="Report a problem with this listing").click()
    expect(page).to_have_url(re.compile(r"/trials/NCT03239535/report/$"))
    expect(page.locator("#id_website")).not_to_be_visible()  # the honeypot
    page.get_by_role("button", name="Send report").click()  # nothing written yet
    expect(page.get_by_role("alert")).to_contain_text("Please describe the problem")
    page.get_by_label("What is wrong or out of date?").fill("The Moscow site stopped recruiting.")
    page.get_by_label(re.compile("Your email")).fill("reader@example.org")
    screenshot(page, "report-form")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Thank you for your report")).to_be_visible()
    flag = ReviewFlag.objects.get(code=FlagCode.VISITOR_REPORT)
    assert flag.trial.public_id == "NCT03239535"
    assert "Moscow site stopped recruiting" in flag.message
    assert "reader@example.org" in flag.message


def test_review_notes_are_for_staff_only(new_page, django_user_model):
    visitor = new_page()
    visitor.goto("/trials/NCT05520125/")
    article = visitor.locator("article.trial")
    expect(article).to_contain_text("Some details of this record are being checked.")
    expect(visitor.locator("body")).not_to_contain_text("sort them")
    expect(visitor.locator("body")).not_to_contain_text("Open review notes")
    expect(visitor.locator("body")).not_to_contain_text(".txt")
    expect(visitor.locator(".staff-notes")).to_have_count(0)

    staff = new_page()
    log_in_to_admin(staff, curator(django_user_model, "cora"))
    expect(staff).to_have_url(re.compile(r"/admin/$"))
    staff.goto("/trials/NCT05520125/")
    notes = staff.locator(".staff-notes")
    expect(notes).to_contain_text("Staff only")
    expect(notes).to_contain_text("criteria_unlabelled")
    expect(notes).to_contain_text("11 criteria are not labelled")
    screenshot(staff, "detail-staff-notes", top=False)
