"""The alerts' messages: the confirmation request and the digest, plain text and HTML.

Links are absolute (``SITE_URL``); no images and no tracking. Each digest carries RFC 8058
one-click unsubscribe headers and a link to manage every alert of the address.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from trials.alerts import tokens
from trials.alerts.digest import TrialNews
from trials.models import AlertSubscription


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def manage_url(email: str) -> str:
    return absolute(reverse("alerts:manage", args=[tokens.manage_token(email)]))


def unsubscribe_url(subscription: AlertSubscription) -> str:
    token = tokens.unsubscribe_token(subscription.pk, subscription.email)
    return absolute(reverse("alerts:unsubscribe", args=[token]))


def _message(to: str, subject: str, template: str, context: dict, headers=None):
    context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/{template}.txt", context),
        from_email=settings.ALERTS_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
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
    return _message(email, subject, "confirm", context)


def digest_message(subscription: AlertSubscription, news: list[TrialNews]):
    unsubscribe = unsubscribe_url(subscription)
    new = [item for item in news if item.is_new]
    changed = [item for item in news if not item.is_new]
    context = {
        "description": subscription.description or "all published trials",
        "list_url": absolute(subscription.list_url()),
        "new": [(item, absolute(reverse("trials:detail", args=[item.public_id]))) for item in new],
        "changed": [
            (item, absolute(reverse("trials:detail", args=[item.public_id]))) for item in changed
        ],
        "unsubscribe_url": unsubscribe,
        "manage_url": manage_url(subscription.email),
    }
    counts = [_counted(len(new), "new trial")] if new else []
    if changed:
        counts.append(_counted(len(changed), "trial changed", "trials changed"))
    subject = f"{settings.SITE_NAME}: " + ", ".join(counts)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return _message(subscription.email, subject, "digest", context, headers)


def _counted(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"
