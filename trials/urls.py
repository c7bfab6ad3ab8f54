from django.urls import path

from trials.views import api, api_docs, exports, landscape, pages, reports
from trials.views.feeds import TrialFeed

app_name = "trials"

urlpatterns = [
    path("", pages.home, name="home"),
    path("trials/", pages.TrialListView.as_view(), name="list"),
    path("landscape/", landscape.landscape_page, name="landscape"),
    path("landscape/<slug:chart>.csv", landscape.landscape_csv, name="landscape-csv"),
    path("trials/export.csv", exports.export_csv, name="export-csv"),
    path("trials/export.json", exports.export_json, name="export-json"),
    path("trials/export.ris", exports.export_ris, name="export-ris"),
    path("trials/feed/", TrialFeed(), name="feed"),
    path("trials/<str:public_id>/", pages.trial_detail, name="detail"),
    path("trials/<str:public_id>/report/", reports.report_problem, name="report"),
    path("trials/<str:public_id>/report/thanks/", reports.report_thanks, name="report-thanks"),
    path("api/", api_docs.api_index, name="api"),
    path("api/openapi.json", api_docs.openapi_json, name="openapi-json"),
    path("api/openapi.yaml", api_docs.openapi_yaml_view, name="openapi-yaml"),
    path("api/trials/", api.trial_list, name="api-list"),
    path("api/trials/<str:public_id>/", api.trial_detail, name="api-detail"),
    path("robots.txt", pages.robots_txt, name="robots"),
]
