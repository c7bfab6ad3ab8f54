from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import health
from trials.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("trials.urls")),
]
