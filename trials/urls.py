from django.urls import path

from trials import api, exports, views
from trials.feeds import TrialFeed

app_name = "trials"

urlpatterns = [
    path("", views.home, name="home"),
    path("trials/", views.TrialListView.as_view(), name="list"),
    path("trials/export.csv", exports.export_csv, name="export-csv"),
    path("trials/export.json", exports.export_json, name="export-json"),
    path("trials/feed/", TrialFeed(), name="feed"),
    path("trials/<str:public_id>/", views.trial_detail, name="detail"),
    path("api/trials/", api.trial_list, name="api-list"),
    path("api/trials/<str:public_id>/", api.trial_detail, name="api-detail"),
    path("robots.txt", views.robots_txt, name="robots"),
]
