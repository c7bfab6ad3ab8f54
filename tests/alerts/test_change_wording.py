"""One wording of a trial's changes for the mails, the Atom feed and the public change log;
the log leaves out drafts, curators' names and their notes, within the detail page's budget."""

import pytest
from django.contrib.auth.models import User

from trials.catalogue.changes import change_log
from trials.history import change_reason
from trials.models import Trial

pytestmark = pytest.mark.django_db

NEWS = (
    "Status: Unknown → Recruiting",
    "New eligibility criterion: body mass index above 35",
    "New site: Ospedale San Raffaele, Milan, Italy",
    "New country: Italy",
)


def test_the_feed_says_the_news_in_the_mails_words(client, registry_page):
    registry_page.update()
    feed = client.get("/trials/feed/").content.decode()
    for item in NEWS:
        assert item in feed


def test_change_log_is_dated_and_public(client, registry_page):
    registry_page.update()
    trial = Trial.objects.get(public_id="NCT05520125")
    curator = User.objects.create_user("alice.curator", is_staff=True)
    trial.min_age_years = 21
    trial._history_user = curator
    with change_reason("internal note: sponsor phoned"):
        trial.save()

    page = client.get(trial.get_absolute_url()).content.decode()
    log = page[page.index('id="changes"') :]
    log = log[: log.index("</section>")]
    for item in NEWS:
        assert item in log
    assert "Published in the catalogue" in log
    assert "corrected by the catalogue's curators" in log
    assert "Minimum age (years): 18 → 21" in log
    assert "alice" not in page and "sponsor phoned" not in page


def test_change_log_leaves_out_drafts():
    trial = Trial.objects.create(public_id="NCT00000001", title="Draft", status="unknown")
    trial.status = "recruiting"
    trial.save()
    assert change_log(trial.history.order_by("history_date", "history_id")) == []
    trial.publication = "published"
    trial.save()
    [entry] = change_log(trial.history.order_by("history_date", "history_id"))
    assert entry.items == ("Published in the catalogue",)
