"""An Atom feed of the list page's current search, newest first.

Valid Atom (RFC 4287): the feed has an author, a ``self`` link with the search's query and a
title naming its filters; each entry says what changed in its trial at its latest version
(from the history, ``catalogue/changes.py``).
"""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from trials.catalogue.changes import latest_changes
from trials.catalogue.filters import TrialFilter
from trials.models import Trial

FEED_SIZE = 50
SITE_TITLE = "RegenTrials"
# Characters XML 1.0 cannot carry, even escaped (a curator may paste one into a field).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _with_query(path: str, request) -> str:
    query = request.GET.urlencode()
    return path + (f"?{query}" if query else "")


class TrialFeed(Feed):
    feed_type = Atom1Feed
    subtitle = (
        "Regenerative-medicine clinical trials matching a RegenTrials search, "
        "most recently updated first."
    )
    author_name = SITE_TITLE

    def get_object(self, request, *args, **kwargs):
        self.filterset = TrialFilter(request.GET, queryset=Trial.objects.published())
        return request

    def title(self, request):
        """Names the search: "RegenTrials: trials matching “knee”; Status: Completed"."""
        described = self.filterset.described()
        if not described:
            return f"{SITE_TITLE}: all published trials"
        query = self.filterset.form.cleaned_data.get("q")
        lead = "trials matching " + described.pop(0) if query else "trials"
        return xml_text(f"{SITE_TITLE}: " + "; ".join([lead, *described]))

    def link(self, request):
        return _with_query(reverse("trials:list"), request)

    def feed_url(self, request):
        return _with_query(reverse("trials:feed"), request)

    def items(self, request):
        trials = list(self.filterset.qs.order_by("-updated_at", "-id")[:FEED_SIZE])
        self.changes = latest_changes(trial.pk for trial in trials)
        return trials

    def item_title(self, trial):
        return xml_text(f"{trial.title} ({trial.public_id})")

    def item_description(self, trial):
        change = self.changes.get(trial.pk)
        summary = xml_text(trial.brief_summary or trial.title)
        if change is None:
            return format_html("<p>{}</p>", summary)
        return format_html(
            "<p><strong>{}</strong> {}</p><p>{}</p>",
            change.date.strftime("%Y-%m-%d"),
            xml_text(change.text),
            summary,
        )

    def item_updateddate(self, trial):
        return trial.updated_at

    def item_pubdate(self, trial):
        return trial.created_at
