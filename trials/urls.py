from django.urls import path

from trials.views import api, exports
from trials.views import landscape as landscape_views
from trials.views import pages as views
from trials.views.feeds import TrialFeed

app_name = "trials"

urlpatterns = [
    path("", views.home, name="home"),
    path("trials/", views.TrialListView.as_view(), name="list"),
    path("landscape/", landscape_views.landscape_page, name="landscape"),
    path("landscape/<slug:chart>.csv", landscape_views.landscape_csv, name="landscape-csv"),
    path("trials/export.csv", exports.export_csv, name="export-csv"),
    path("trials/export.json", exports.export_json, name="export-json"),
    path("trials/feed/", TrialFeed(), name="feed"),
    path("trials/<str:public_id>/", views.trial_detail, name="detail"),
    path("api/trials/", api.trial_list, name="api-list"),
    path("api/trials/<str:public_id>/", api.trial_detail, name="api-detail"),
    path("robots.txt", views.robots_txt, name="robots"),
]
