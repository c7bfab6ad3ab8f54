"""A trial must have its own title to be published: without one it is flagged and kept back."""

import pytest
from django.utils import timezone

from trials.admin.forms import TrialAdminForm
from trials.importing.documents import text_sha256
from trials.importing.upsert import Document, upsert
from trials.models import Publication, Trial
from trials.parsers.record import ParsedTrial, RegistryIdentifier

pytestmark = pytest.mark.django_db


def import_untitled():
    parsed = ParsedTrial(format="generic", registry_ids=(RegistryIdentifier("nct", "NCT01234567"),))
    document = Document("NCT01234567", "a.txt", "test", text_sha256("NCT01234567"))
    return upsert(parsed, document, now=timezone.now(), publish=True)


def test_an_untitled_trial_is_flagged_and_stays_a_draft():
    result = import_untitled()
    trial = Trial.objects.get(public_id=result.trial_id)
    assert trial.publication == Publication.DRAFT
    assert list(trial.review_flags.values_list("code", flat=True)) == ["title_missing"]
    assert not Trial.objects.published().exists()


def test_the_admin_does_not_publish_it_until_it_has_a_title():
    trial = Trial.objects.get(public_id=import_untitled().trial_id)
    form = TrialAdminForm(data={"title": "", "publication": Publication.PUBLISHED}, instance=trial)
    form.fields["title"] = Trial._meta.get_field("title").formfield()
    form.fields["publication"] = Trial._meta.get_field("publication").formfield()
    assert not form.is_valid()
    assert "publication" in form.errors
