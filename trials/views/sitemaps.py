from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from trials.models import Trial


class TrialSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Trial.objects.published().only("public_id", "updated_at").order_by("id")

    def lastmod(self, trial):
        return trial.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["trials:home", "trials:list", "trials:landscape"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "trials": TrialSitemap}
