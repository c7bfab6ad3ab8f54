"""A digest's message as a mail server gets it: encoded once per digest, each subscriber's
copy reads back as valid MIME with the text and HTML the e-mail package's own encoding
would give, that subscriber's signed links, and RFC 8058 headers a mail client can use."""

import binascii
import email
import email.policy

import pytest
from django.core import signing
from django.core.mail import EmailMultiAlternatives

from trials.alerts import tokens
from trials.alerts.digest import TrialNews
from trials.alerts.encoding import EncodedText
from trials.alerts.mail import Digest, unsubscribe_url
from trials.alerts.mime import folded
from trials.models import AlertSubscription

LONG_LINK = "http://testserver/alerts/unsubscribe/" + "WzEyLCJyZWFkZXJAZXhhbXBsZS5vcmciXQ" * 4
TEXT = "Status: Not yet recruiting → Recruiting\r\n\nStop this alert: SLOT-A\n  * = café\t\n"


@pytest.mark.parametrize("text", [TEXT, "SLOT-A · SLOT-B and SLOT-A again ", "No slot\n\n"])
def test_filled_text_decodes_to_the_text_with_its_values(text):
    values = {"SLOT-A": LONG_LINK, "SLOT-B": "http://testserver/alerts/manage/x=y/"}
    encoded = EncodedText(text, tuple(values)).fill(values)
    expected = text.replace("\r\n", "\n").replace("SLOT-A", values["SLOT-A"])
    expected = expected.replace("SLOT-B", values["SLOT-B"]).removesuffix("\n") + "\n"
    assert binascii.a2b_qp(encoded).decode("utf-8") == expected
    assert encoded.isascii() and all(len(line) <= 76 for line in encoded.splitlines())


def _digest(site_name="RegenTrials") -> tuple[Digest, list[AlertSubscription]]:
    readers = [
        AlertSubscription(
            pk=pk, email=f"reader{pk}@example.org", query="q=knee", description="“knee”"
        )  # fmt: skip
        for pk in (7, 8)
    ]
    news = [
        TrialNews(1, "RT-000001", "Cord blood cells for a knee — café " * 3, True, ()),
        TrialNews(2, "RT-000002", "Chondrocytes", False, ("Status: Unknown → Recruiting",)),
    ]
    return Digest(readers[0], news), readers


def _wire(message, policy=email.policy.SMTP) -> tuple[bytes, email.message.EmailMessage]:
    raw = message.message(policy=policy).as_bytes()
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


def _standard(message) -> email.message.EmailMessage:
    """The same message built and encoded by Django and the e-mail package alone."""
    standard = EmailMultiAlternatives(message.subject, message.body, message.from_email,
                                      message.to, headers=message.extra_headers)  # fmt: skip
    standard.attach_alternative(message.alternatives[0].content, "text/html")
    return _wire(standard)[1]


def test_each_copy_is_valid_mime_with_its_own_signed_links(alert_settings, monkeypatch):
    # The links are signed with the second they were made: the test makes them again, and
    # a second ending in between made them differ (a flaky failure).
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(1_800_000_000)
    )
    digest, readers = _digest()
    for reader in readers:
        message = digest.message(reader)
        raw, parsed = _wire(message)
        assert not parsed.defects and parsed.get_content_type() == "multipart/alternative"
        assert [part.get_content_type() for part in parsed.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
        text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
        assert text.get_content().replace("\r\n", "\n") == message.body
        assert html.get_content().replace("\r\n", "\n") == message.alternatives[0].content
        standard = _standard(message)
        for subtype in ("plain", "html"):
            assert (parsed.get_body((subtype,)).get_content()
                    == standard.get_body((subtype,)).get_content())  # fmt: skip
        assert parsed["To"] == reader.email and parsed["Subject"] == message.subject
        assert parsed["Date"] and parsed["Message-ID"]
        assert parsed["Auto-Submitted"] == "auto-generated"

        # RFC 8058: one URL in angle brackets on one line (never RFC 2047-encoded), signed
        # for this subscriber; the same link in the text.
        unsubscribe = parsed["List-Unsubscribe"]
        assert (
            unsubscribe
            == message.extra_headers["List-Unsubscribe"]
            == f"<{unsubscribe_url(reader)}>"
        )
        assert f"List-Unsubscribe: {unsubscribe}\r\n".encode() in raw
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert (
            unsubscribe_url(reader) in message.body
            and unsubscribe_url(reader) in message.alternatives[0].content
        )
        token = unsubscribe_url(reader).rstrip("/").rsplit("/", 1)[1]
        assert tokens.read_unsubscribe(token) == (reader.pk, reader.email)

        lines = raw.split(b"\r\n")
        assert all(len(line) <= 78 for line in lines if not line.startswith(b"List-Unsub"))
        assert b"\n" not in raw.replace(b"\r\n", b"")


def test_copies_share_the_encoded_body(alert_settings):
    digest, readers = _digest()
    first, second = (digest.message(reader) for reader in readers)
    assert first.encoded is second.encoded
    assert first.message().as_bytes() != second.message().as_bytes()


def test_a_non_ascii_subject_is_encoded_as_the_policy_does(alert_settings):
    alert_settings.SITE_NAME = "RégénTrials"
    digest, [reader, _] = _digest()
    raw, parsed = _wire(digest.message(reader))
    assert raw.isascii() and parsed["Subject"] == "RégénTrials: 1 new trial, 1 trial changed"


def test_the_default_policy_writes_line_feeds(alert_settings):
    digest, [reader, _] = _digest()
    raw = digest.message(reader).message().as_bytes()
    assert b"\r" not in raw
    assert email.message_from_bytes(raw, policy=email.policy.default).get_body(("plain",))


def test_a_header_value_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        folded(email.policy.SMTP, "To", "a@example.org\r\nBcc: b@example.org")


def test_a_non_ascii_domain_goes_as_idna_as_in_djangos_messages(alert_settings):
    digest, [reader, _] = _digest()
    reader.email = "reader@bücher.example"
    raw, parsed = _wire(digest.message(reader))
    assert parsed["To"] == "reader@xn--bcher-kva.example" and raw.isascii()
