"""The alerts' messages: the confirmation request and the digest, plain text and HTML.

Links are absolute (``SITE_URL``); no images and no tracking. Each digest carries RFC 8058
one-click unsubscribe headers and a link to manage every alert of the address.
"""

import email.policy
import email.utils

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import punycode

from trials.alerts import mime, tokens
from trials.alerts.digest import TrialNews
from trials.models import AlertSubscription


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def manage_url(email: str) -> str:
    return absolute(reverse("alerts:manage", args=[tokens.manage_token(email)]))


def unsubscribe_url(subscription: AlertSubscription) -> str:
    token = tokens.unsubscribe_token(subscription.pk, subscription.email)
    return absolute(reverse("alerts:unsubscribe", args=[token]))


def _message(to: str, subject: str, template: str, context: dict):
    context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/{template}.txt", context),
        from_email=settings.ALERTS_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"alerts/{template}.html", context), "text/html")
    return message


def confirmation_message(email: str, query: str, description: str):
    token = tokens.confirmation_token(email, query)
    context = {
        "confirm_url": absolute(reverse("alerts:confirm", args=[token])),
        "description": description or "all published trials",
        "hours": settings.ALERTS_CONFIRM_HOURS,
        "privacy_url": absolute(reverse("alerts:privacy")),
    }
    subject = f"{settings.SITE_NAME}: confirm your alert"
    return _message(email, subject, "confirm_mail", context)


# A digest lists at most this many trials; the rest are one link to the search away.
MAX_TRIALS_PER_MAIL = 50
# Stand-ins for the links that differ between subscribers of the same search: the digest is
# rendered and encoded once per search and moment, then each subscriber's links are put in.
UNSUBSCRIBE_SLOT, MANAGE_SLOT = "ALERT-UNSUBSCRIBE-URL", "ALERT-MANAGE-URL"


class DigestMessage(EmailMultiAlternatives):
    """One subscriber's digest. Its MIME form is assembled from the digest's body encoded
    once (``mime.py``), with this message's own subject, addresses and headers."""

    def __init__(self, *, encoded: mime.Alternatives, links: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.encoded, self.links = encoded, links

    def message(self, *, policy=email.policy.default):
        headers = {
            "Subject": str(self.subject),
            "From": self.from_email,
            "To": ", ".join(map(_ascii_domain, self.to)),
            "Date": email.utils.format_datetime(timezone.now()),
            "Message-ID": email.utils.make_msgid(domain=str(DNS_NAME)),
            **self.extra_headers,
        }
        return self.encoded.message(policy, headers, self.links)


class Digest:
    """One search's news since one moment, rendered and encoded once for its subscribers."""

    def __init__(self, subscription: AlertSubscription, news: list[TrialNews]):
        new = [item for item in news if item.is_new]
        changed = [item for item in news if not item.is_new]
        shown_new = new[:MAX_TRIALS_PER_MAIL]
        shown_changed = changed[: MAX_TRIALS_PER_MAIL - len(shown_new)]
        context = {
            "site_name": settings.SITE_NAME,
            "description": subscription.description or "all published trials",
            "list_url": absolute(subscription.list_url()),
            "new": [(item, _trial_url(item)) for item in shown_new],
            "changed": [(item, _trial_url(item)) for item in shown_changed],
            "more": len(news) - len(shown_new) - len(shown_changed),
            "unsubscribe_url": UNSUBSCRIBE_SLOT,
            "manage_url": MANAGE_SLOT,
        }
        self.text = render_to_string("alerts/digest.txt", context)
        self.html = render_to_string("alerts/digest.html", context)
        self.encoded = mime.Alternatives(self.text, self.html, (UNSUBSCRIBE_SLOT, MANAGE_SLOT))
        counts = [_counted(len(new), "new trial")] if new else []
        if changed:
            counts.append(_counted(len(changed), "trial changed", "trials changed"))
        self.subject = f"{settings.SITE_NAME}: " + ", ".join(counts)

    def message(self, subscription: AlertSubscription) -> DigestMessage:
        unsubscribe = unsubscribe_url(subscription)
        links = {UNSUBSCRIBE_SLOT: unsubscribe, MANAGE_SLOT: manage_url(subscription.email)}

        def filled(text: str) -> str:
            for slot, link in links.items():
                text = text.replace(slot, link)
            return text

        message = DigestMessage(
            encoded=self.encoded,
            links=links,
            subject=self.subject,
            body=filled(self.text),
            from_email=settings.ALERTS_FROM_EMAIL,
            to=[subscription.email],
            headers={
                "Auto-Submitted": "auto-generated",
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(filled(self.html), "text/html")
        return message


def _ascii_domain(address: str) -> str:
    # As Django does for its messages: an address's non-ASCII domain goes as IDNA.
    local, at, domain = address.rpartition("@")
    return f"{local}{at}{punycode(domain)}" if at and not domain.isascii() else address


def _trial_url(item: TrialNews) -> str:
    return absolute(reverse("trials:detail", args=[item.public_id]))


def _counted(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"
