"""A digest's text parts encoded by ``binascii`` read back exactly as the e-mail package's own
encoding does, as quoted-printable within the line limit; short lines keep its choice."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives

from trials.alerts.mail import DigestMessage

LONG_LINK = "http://testserver/alerts/unsubscribe/" + "WzEyLCJyZWFkZXJAZXhhbXBsZS5vcmciXQ" * 4
TEXT = f"Status: Not yet recruiting → Recruiting\n\nStop this alert: {LONG_LINK}\n  * = café\t\n"
HTML = f'<p><a href="{LONG_LINK}">Stop this alert</a> · <b>Milan</b></p>\n'


def _sent(message_class, text: str, html: str) -> email.message.EmailMessage:
    message = message_class("Subject", text, "alerts@example.org", ["reader@example.org"])
    message.attach_alternative(html, "text/html")
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    return email.message_from_bytes(raw, policy=email.policy.default)


@pytest.mark.parametrize("text, html", [(TEXT, HTML), ("Short.\n", "<p>Short</p>\n")])
def test_reads_back_as_the_standard_encoding(text, html):
    fast, standard = _sent(DigestMessage, text, html), _sent(EmailMultiAlternatives, text, html)
    for subtype in ("plain", "html"):
        ours, theirs = fast.get_body((subtype,)), standard.get_body((subtype,))
        assert ours.get_content() == theirs.get_content()
        assert ours["Content-Transfer-Encoding"] == theirs["Content-Transfer-Encoding"]
        assert ours.get_content_charset() == "utf-8"


def test_long_lines_are_quoted_printable():
    fast = _sent(DigestMessage, TEXT, HTML)
    assert fast.get_body(("plain",))["Content-Transfer-Encoding"] == "quoted-printable"
    assert fast.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
