import pytest
from django.db import IntegrityError

from tests.factories import make_trial
from trials.models import Condition, Publication, RegistryId, Trial
from trials.registries import registry_url, url_slug

pytestmark = pytest.mark.django_db


def test_published_and_visible_to(django_user_model):
    published = make_trial()
    draft = make_trial(publication=Publication.DRAFT)
    staff = django_user_model.objects.create_user("curator", is_staff=True)
    visitor = django_user_model.objects.create_user("visitor")
    assert list(Trial.objects.published()) == [published]
    assert set(Trial.objects.visible_to(staff)) == {published, draft}
    assert list(Trial.objects.visible_to(visitor)) == [published]


def test_registry_id_is_unique_per_registry_and_value():
    trial = make_trial(registry_id="NCT00000001")
    with pytest.raises(IntegrityError):
        RegistryId.objects.create(trial=trial, registry="nct", value="NCT00000001", slug="x")


def test_only_one_primary_registry_id_per_trial():
    trial = make_trial()
    with pytest.raises(IntegrityError):
        RegistryId.objects.create(
            trial=trial, registry="other", value="PROTO-1", slug="PROTO-1", is_primary=True
        )


def test_condition_key_folds_case_accents_and_lookalikes():
    condition = Condition.objects.create(name="Sjögren Syndrome Т-cell")
    assert condition.key == "sjogren syndrome t-cell"


def test_trial_url_uses_public_id():
    assert make_trial(registry_id="NCT12345678").get_absolute_url() == "/trials/NCT12345678/"


@pytest.mark.parametrize(
    ("value", "slug"),
    [("NCT05520125", "NCT05520125"), ("CTRI/2020/01/012345", "ctri-2020-01-012345")],
)
def test_url_slug(value, slug):
    assert url_slug(value) == slug


def test_registry_links():
    assert registry_url("nct", "NCT05520125") == "https://clinicaltrials.gov/study/NCT05520125"
    assert "2025-520841-60-00" in registry_url("eu_ct", "2025-520841-60-00")
    assert registry_url("other", "X") == ""
