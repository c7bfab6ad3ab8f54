from django.urls import path

from trials.views import alerts

app_name = "alerts"

urlpatterns = [
    path("subscribe/", alerts.subscribe, name="subscribe"),
    path("subscribe/sent/", alerts.sent, name="sent"),
    path("confirm/<str:token>/", alerts.confirm, name="confirm"),
    path("manage/<str:token>/", alerts.manage, name="manage"),
    path("unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("privacy/", alerts.privacy, name="privacy"),
]
