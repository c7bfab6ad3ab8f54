"""The sitemap: an index (/sitemap.xml) of sections, each paged by at most 10,000 URLs with
their last modification, so every published trial is listed however many there are."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from trials.models import Trial

URLS_PER_PAGE = 10_000


def latest_published_change():
    return Trial.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TrialSitemap(Sitemap):
    changefreq = "weekly"
    limit = URLS_PER_PAGE

    def items(self):
        return Trial.objects.published().only("public_id", "updated_at").order_by("id")

    def lastmod(self, trial):
        return trial.updated_at

    def get_latest_lastmod(self):
        """The index's lastmod of each page, in one query (Django's default reads every row)."""
        return latest_published_change()


class PageSitemap(Sitemap):
    """The pages that list the catalogue: they change when a published trial does."""

    changefreq = "daily"

    def items(self):
        self.latest = latest_published_change()
        return ["trials:home", "trials:list", "trials:landscape", "trials:api"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.latest

    def get_latest_lastmod(self):
        return latest_published_change()


SITEMAPS = {"pages": PageSitemap, "trials": TrialSitemap}
