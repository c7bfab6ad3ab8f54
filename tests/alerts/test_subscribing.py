"""Subscribing: signed, expiring confirmation links; limits per address and per client;
nothing stored before the confirmation; hostile input never a 500."""

import re
import time

import pytest
from django.core import mail

from trials.alerts import tokens
from trials.alerts.queries import canonical_query
from trials.models import AlertSubscription

pytestmark = pytest.mark.django_db


def _confirm_path(message) -> str:
    return re.search(r"http://testserver(/alerts/confirm/[^/\s]+/)", message.body).group(1)


def test_canonical_query_keeps_valid_filters_sorted():
    from django.http import QueryDict

    data = QueryDict("status=recruiting&q=knee&page=3&sort=title&status=completed&bogus=1&age=x")
    assert canonical_query(data) == "q=knee&status=completed&status=recruiting"
    assert canonical_query(QueryDict("")) == ""


def test_confirmation_link_expires(client, alert_settings, monkeypatch):
    client.post("/alerts/subscribe/?status=recruiting", {"email": "a@example.org"})
    path = _confirm_path(mail.outbox[0])
    later = time.time() + alert_settings.ALERTS_CONFIRM_HOURS * 3600 + 60
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: later)
        assert client.post(path).status_code == 400
    assert not AlertSubscription.objects.exists()
    assert client.post(path).status_code == 200
    assert AlertSubscription.objects.get().query == "status=recruiting"


@pytest.mark.parametrize("token", ["x", "a:b:c", "%00", "W10:1xZ0XF:0aOQwZvwNhGr"])
def test_tampered_links_answer_400(client, token):
    for name in ("confirm", "manage", "unsubscribe"):
        assert client.get(f"/alerts/{name}/{token}/").status_code in (400, 404)
        assert client.post(f"/alerts/{name}/{token}/").status_code in (400, 404)


def test_a_link_of_one_kind_is_not_another():
    token = tokens.manage_token("a@example.org")
    with pytest.raises(tokens.BadToken):
        tokens.read_unsubscribe(token)
    with pytest.raises(tokens.BadToken):
        tokens.read_confirmation(token)


@pytest.mark.parametrize(
    "query", ["", "?status=nope&age=abc&page=-1", "?q=%00", "?q=" + "x" * 3000]
)
def test_bad_parameters_never_500(client, query):
    assert client.get(f"/alerts/subscribe/{query}").status_code in (200, 400)
    response = client.post(f"/alerts/subscribe/{query}", {"email": "not an address"})
    assert response.status_code in (200, 400)


def test_rate_limited_per_address_and_per_client(client, settings, alert_settings):
    settings.ALERTS_REQUESTS_PER_ADDRESS = 2
    settings.ALERTS_REQUESTS_PER_CLIENT = 3
    for _ in range(2):
        assert client.post("/alerts/subscribe/", {"email": "Same@example.org"}).status_code == 302
    refused = client.post("/alerts/subscribe/", {"email": "same@example.org"})
    assert refused.status_code == 429 and "Too many" in refused.content.decode()
    assert client.post("/alerts/subscribe/", {"email": "b@example.org"}).status_code == 302
    # The client's fourth request this hour, whatever the address:
    assert client.post("/alerts/subscribe/", {"email": "c@example.org"}).status_code == 429
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other.post("/alerts/subscribe/", {"email": "d@example.org"}).status_code == 302
    assert len(mail.outbox) == 4


def test_honeypot_sends_nothing(client):
    response = client.post("/alerts/subscribe/", {"email": "a@example.org", "website": "x"})
    assert response.status_code == 302 and not mail.outbox


def test_manage_lists_and_stops_alerts(client, alert_settings):
    for query in ("status=recruiting", "q=knee"):
        client.post(f"/alerts/subscribe/?{query}", {"email": "a@example.org"})
    for message in mail.outbox:
        client.post(_confirm_path(message))
    manage = f"/alerts/manage/{tokens.manage_token('a@example.org')}/"
    page = client.get(manage).content.decode()
    assert "Status: Recruiting" in page and "“knee”" in page
    knee = AlertSubscription.objects.get(query="q=knee")
    client.post(manage, {"subscription": [str(knee.pk), "nope"]})
    assert list(AlertSubscription.objects.values_list("query", flat=True)) == ["status=recruiting"]
    client.post(manage, {"all": "1"})
    assert not AlertSubscription.objects.exists()
    # Another address's manage link cannot touch these.
    assert "follows no search" in client.get(manage).content.decode()


def test_alert_pages_are_not_cached(client):
    response = client.get("/alerts/subscribe/?status=recruiting")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_search_too_long_to_follow_is_refused(client):
    query = "?q=" + "cells%20" * 200
    response = client.post(f"/alerts/subscribe/{query}", {"email": "a@example.org"})
    assert response.status_code == 400 and "too long" in response.content.decode()
    assert not mail.outbox


def test_confirmation_mail_html_carries_the_link_not_the_pages_form(client, alert_settings):
    """A mail client showing the HTML part must be able to confirm: the part is a mail, with
    the same signed link as the text, not the confirmation page (its form cannot post)."""
    client.post("/alerts/subscribe/?status=recruiting", {"email": "a@example.org"})
    [message] = mail.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="http://testserver{_confirm_path(message)}"' in html
    assert "<form" not in html and "<script" not in html
    assert "Status: Recruiting" in html
