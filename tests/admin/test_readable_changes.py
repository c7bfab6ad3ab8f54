"""Readable changes: word-level differences in the history and on conflict flags, every changed
item listed, with who, when and which source."""

import pytest

from tests.admin_support import change_url, curator, reimport
from trials.curation.diffs import list_diff, word_diff
from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_word_diff_marks_inserted_and_deleted_words_only():
    assert word_diff("pregnancy", "pregnancy or breastfeeding") == (
        "pregnancy<ins> or breastfeeding</ins>"
    )
    assert word_diff("aged 18 to 65 years", "aged 18 to 70 years") == (
        "aged 18 to <del>65</del><ins>70</ins> years"
    )
    assert word_diff("<b>", "<i>") == "&lt;<del>b</del><ins>i</ins>&gt;"


def test_list_diff_lists_every_changed_item():
    old = [f"rule {n}" for n in range(12)]
    new = [*old[:3], "rule 3 or breastfeeding", *old[4:], "rule 12", "rule 13"]
    new.remove("rule 7")
    changes = list_diff(old, new)
    assert [c.kind for c in changes] == ["changed", "removed", "added", "added"]
    assert changes[0].html == "rule 3<ins> or breastfeeding</ins>"


def test_history_shows_the_one_word_an_import_changed(
    client,
    django_user_model,
    one_trial,
    import_documents,
):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get()
    criterion = trial.criteria.order_by("kind", "position").first().text
    reimport(one_trial, import_documents, f"- {criterion}\n", f"- {criterion} or pregnancy\n")
    page = client.get(f"/admin/trials/trial/{trial.pk}/history/").content.decode()
    # The text gained two words, and the wording no longer suggests a kind ("/ inclusion").
    assert f"{criterion} <del>/</del><ins>or</ins> <del>inclusion</del><ins>pregnancy</ins>" in page
    assert "1 changed" in page and "<details" in page  # listed item by item, expandable
    assert "import of 001.txt" in page  # which source; who and when are columns


def test_a_conflict_flag_shows_the_curators_and_the_sources_values_word_by_word(
    client,
    django_user_model,
    one_trial,
    import_documents,
):
    client.force_login(curator(django_user_model))
    trial = Trial.objects.get()
    trial.title = "Treatment of severe Covid-19 pneumonia"
    trial.locked_fields = ["title"]
    trial.save()
    reimport(one_trial, import_documents, "Treatment of Covid-19", "Therapy of Covid-19")
    flag = trial.review_flags.get(code="curator_lock")
    page = client.get(change_url(trial)).content.decode()
    assert "<del>Treatment</del><ins>Therapy</ins> of<del> severe</del> Covid-19 <del>" in page
    assert flag.source.filename == "001.txt" and "001.txt say" in page  # which source
