"""The issue's end to end, with the locmem mail backend: subscribe from a list search, confirm
from the mail's link, a trial changes by re-import, ``send_alerts`` mails the change once,
and the one-click unsubscribe (header and link) ends the alert."""

import email
import email.policy
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from tests.conftest import SAMPLE_SOURCES
from trials.models import AlertSubscription

pytestmark = pytest.mark.django_db

DOCUMENT = SAMPLE_SOURCES / "000_b087d68130d6e372.txt"


@pytest.fixture
def alert_settings(settings):
    settings.SITE_URL = "http://testserver"
    settings.ALERTS_SETTLE_SECONDS = 0
    return settings


def _link(text: str, name: str) -> str:
    return re.search(rf"http://testserver(/alerts/{name}/[^/\s]+/)", text).group(1)


def _send() -> str:
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def test_subscribe_confirm_change_send_once_unsubscribe(client, tmp_path, import_documents,
                                                        alert_settings):  # fmt: skip
    path = tmp_path / "000.txt"
    original = DOCUMENT.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    import_documents(path, publish=True)

    list_page = client.get("/trials/?q=mesenchymal&page=2&bogus=1").content.decode()
    assert "/alerts/subscribe/?q=mesenchymal" in list_page
    form = client.get("/alerts/subscribe/?q=mesenchymal&page=2&bogus=1")
    assert "“mesenchymal”" in form.content.decode()
    response = client.post("/alerts/subscribe/?q=mesenchymal", {"email": "Reader@Example.org"})
    assert response.status_code == 302
    assert not AlertSubscription.objects.exists()  # nothing stored before the confirmation

    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    confirm_path = _link(confirmation.body, "confirm")
    assert client.get(confirm_path).status_code == 200
    assert not AlertSubscription.objects.exists()  # a GET (a mail scanner) confirms nothing
    assert client.post(confirm_path).status_code == 200
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.query) == ("reader@example.org", "q=mesenchymal")
    client.post(confirm_path)  # the link opened twice: still one subscription
    assert AlertSubscription.objects.count() == 1

    mail.outbox.clear()
    assert "0 alert mail(s)" in _send()  # nothing changed yet
    changed = original.replace("- Status\n- UNKNOWN", "- Status\n- RECRUITING").replace(
        "- pregnancy;\n", "- pregnancy;\n- body mass index above 35;\n"
    )
    path.write_text(changed, encoding="utf-8")
    import_documents(path)

    assert "1 alert mail(s)" in _send()
    [alert] = mail.outbox
    assert alert.to == ["reader@example.org"]
    assert "Status: Unknown → Recruiting" in alert.body
    assert "New eligibility criterion: body mass index above 35" in alert.body
    html = alert.alternatives[0].content
    assert "Status: Unknown → Recruiting" in html and "<img" not in html
    unsubscribe_path = _link(alert.body, "unsubscribe")
    # The headers as the SMTP backend writes them, where a mail client reads them.
    sent = alert.message(policy=email.policy.SMTP).as_bytes()
    headers = email.message_from_bytes(sent, policy=email.policy.default)
    assert headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe_path}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/manage/" in alert.body

    mail.outbox.clear()
    assert "0 alert mail(s)" in _send()  # a second run sends nothing again
    assert not mail.outbox

    # The mail client's one-click POST (RFC 8058): no CSRF token, no cookie.
    assert client.get(unsubscribe_path).status_code == 200
    assert AlertSubscription.objects.exists()  # a GET does not unsubscribe
    one_click = client.__class__(enforce_csrf_checks=True)
    response = one_click.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()
