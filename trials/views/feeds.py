"""An Atom feed of the list page's current search, newest first."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from trials.catalogue.filters import TrialFilter
from trials.models import Trial

FEED_SIZE = 50
# Characters XML 1.0 cannot carry, even escaped (a curator may paste one into a field).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class TrialFeed(Feed):
    feed_type = Atom1Feed
    title = "RegenTrials: regenerative-medicine clinical trials"
    subtitle = "Trials matching a RegenTrials search, most recently updated first."

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("trials:list") + (f"?{query}" if query else "")

    def items(self, request):
        filterset = TrialFilter(request.GET, queryset=Trial.objects.published())
        return filterset.qs.order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, trial):
        return xml_text(f"{trial.title} ({trial.public_id})")

    def item_description(self, trial):
        return xml_text(trial.brief_summary or trial.title)

    def item_updateddate(self, trial):
        return trial.updated_at

    def item_pubdate(self, trial):
        return trial.created_at
