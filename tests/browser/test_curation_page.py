"""The edit page for work, in Chromium: sources beside every section with the passage of the
focused field highlighted, the criteria table, the sticky save bar, folding sections, one-click
settling of a conflict with a curator's edit; and the review queue."""

import re

import pytest

from tests.admin_support import change_url, curator
from tests.browser.conftest import log_in_to_admin, screenshot
from trials.importing.upsert import synchronise
from trials.models import Criterion, CriterionKind, ReviewFlag, Trial

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = "001_d4c0c229a9acb573.txt"


def expect(*args, **kwargs):
    from playwright.sync_api import expect

    return expect(*args, **kwargs)


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] + min(box["height"], 40) <= height + 1


def test_edit_page_for_work(new_page, django_user_model):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    page = new_page()
    log_in_to_admin(page, curator(django_user_model), next_url=change_url(trial))
    expect(page.locator("#id_title")).to_have_value(trial.title)

    # Focusing a field highlights its passage in the source panel.
    page.locator("#id_title").focus()
    mark = page.locator(".curation-sources mark")
    expect(mark).to_be_visible()
    assert mark.inner_text().lower().startswith(" ".join(trial.title.split()[:3]).lower())
    screenshot(page, "admin-edit-page")

    # Down at the criteria, the sources are still beside the fields, and so is Save.
    criteria = page.locator("#criteria-group")
    first_text = criteria.locator("textarea").first
    first_text.scroll_into_view_if_needed()
    first_text.focus()
    assert in_viewport(page, page.locator(".curation-sources h2"))
    assert in_viewport(page, page.locator(".submit-row input[name=_continue]"))
    expect(mark).to_be_visible()  # the criterion's passage
    screenshot(page, "admin-edit-criteria", top=False)

    # Kinds are radio buttons in one table; rows move with buttons, positions follow.
    rows = list(trial.criteria.order_by("kind", "position", "id"))
    first_row = criteria.locator("tbody tr.form-row.has_original").first
    first_row.get_by_label("Exclusion").check()
    first_row.get_by_role("button", name="Move criterion down").click()
    second_row = criteria.locator("tbody tr.form-row.has_original").nth(1)
    expect(second_row.locator("textarea")).to_have_value(rows[0].text)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    moved = Criterion.objects.get(pk=rows[0].pk)
    assert moved.kind == CriterionKind.EXCLUSION and moved.position == 1
    assert Criterion.objects.get(pk=rows[1].pk).position == 0
    assert "criteria" in Trial.objects.get(pk=trial.pk).locked_fields

    # Sections fold.
    design = page.locator("details.curation-section", has_text="Design").first
    expect(page.locator("#id_allocation")).to_be_visible()
    design.locator("summary").first.click()
    expect(page.locator("#id_allocation")).to_be_hidden()


def test_one_click_on_a_conflict_with_a_curators_edit(new_page, django_user_model):
    trial = Trial.objects.get(sources__filename=SAMPLE)
    imported = trial.enrollment
    for value in (99, 77):
        trial.enrollment, trial.locked_fields = value, ["enrollment"]
        trial.save()
        synchronise(trial)  # the next import disagrees: a curator_lock flag
    assert trial.review_flags.filter(code="curator_lock", resolved_at=None).count() == 1
    page = new_page()
    log_in_to_admin(page, curator(django_user_model), next_url=change_url(trial))
    page.get_by_role("button", name="Keep mine").click()
    expect(page.locator(".messagelist")).to_contain_text("Enrollment: your value is kept")
    assert Trial.objects.get(pk=trial.pk).enrollment == 77
    assert not trial.review_flags.filter(code="curator_lock", resolved_at=None).exists()

    ReviewFlag.objects.filter(code="curator_lock").update(resolved_at=None, resolved_by=None)
    page.reload()
    page.get_by_role("button", name="Accept imported value").click()
    expect(page.locator(".messagelist")).to_contain_text("the imported value is back")
    trial.refresh_from_db()
    assert trial.enrollment == imported and "enrollment" not in trial.locked_fields


def test_review_queue(new_page, django_user_model):
    cora = curator(django_user_model)
    page = new_page()
    log_in_to_admin(page, cora, next_url="/admin/trials/trial/review/")
    tabs = page.locator(".review-tabs")
    flagged = Trial.objects.in_review_state("attention").count()
    expect(tabs.get_by_role("link", name=re.compile(r"^Needs attention"))).to_contain_text(
        str(flagged)
    )
    tabs.get_by_role("link", name=re.compile(r"^Needs attention")).click()
    expect(page).to_have_url(re.compile(r"review=attention"))
    expect(page.locator("#result_list tbody tr")).to_have_count(flagged)
    expect(page.locator("#result_list .queue-reason").first).not_to_be_empty()
    screenshot(page, "admin-review-queue")

    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("assign_to_me")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text(
        re.compile(rf"{flagged} trials? assigned to you")
    )
    assert Trial.objects.filter(assigned_to=cora).count() == flagged

    page.get_by_role("link", name="Unlabelled criteria").click()
    expect(page).to_have_url(re.compile(r"kind=unlabelled_criteria"))
    unlabelled = Trial.objects.with_open_flags_of_kind("unlabelled_criteria").count()
    expect(page.locator("#result_list tbody tr")).to_have_count(unlabelled)


def test_readable_changes(new_page, django_user_model, tmp_path, import_documents):
    from tests.conftest import SAMPLE_SOURCES

    trial = Trial.objects.get(sources__filename=SAMPLE)
    trial.title = "Treatment of severe Covid-19 pneumonia"
    trial.locked_fields = ["title"]
    trial.save()
    text = (SAMPLE_SOURCES / SAMPLE).read_text(encoding="utf-8")
    changed = tmp_path / SAMPLE
    changed.write_text(
        text.replace("- respiratory failure\n", "- respiratory failure or sepsis\n").replace(
            "Treatment of Covid-19", "Therapy of Covid-19"
        ),
        encoding="utf-8",
    )
    import_documents(changed)
    page = new_page()
    log_in_to_admin(page, curator(django_user_model), next_url=change_url(trial))

    # The conflict flag: the curator's title and the source's, word by word.
    diff = page.locator("#review_flags-group td.field-changes")
    expect(diff.locator("del", has_text="Treatment").first).to_be_visible()
    expect(diff.locator("ins", has_text="Therapy").first).to_be_visible()

    # The history: the import's one-word change to a criterion, inside an expandable list.
    page.get_by_role("link", name="History").click()
    criteria = page.locator("details.item-diff", has_text="Criteria").first
    expect(criteria.locator("summary")).to_contain_text("1 changed")
    expect(criteria.locator("ins", has_text="sepsis")).to_be_hidden()
    criteria.locator("summary").click()
    expect(criteria.locator("ins", has_text="sepsis")).to_be_visible()
    expect(page.locator("#change-history")).to_contain_text(f"import of {SAMPLE}")
    screenshot(page, "admin-history")
