"""Subscribing (double opt-in), confirming and unsubscribing.

Nothing is stored before the address confirms: the confirmation link carries the address
and the search, signed. Requests for confirmation mails are limited per address and per
client address, per hour, in the cache (a failing cache lets them through, as the site's
rate limit does).
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from trials.alerts import queries, tokens
from trials.alerts.mail import confirmation_message
from trials.middleware import spend
from trials.models import AlertSubscription

HOUR = 3600


class TooManyRequests(Exception):
    """This address or client asked for too many confirmation mails this hour."""


def request_confirmation(email: str, query: str, client: str) -> None:
    """Mail ``email`` a link that starts an alert for ``query`` (canonical) once opened."""
    email = normalised(email)
    _spend_budget("address", email, settings.ALERTS_REQUESTS_PER_ADDRESS)
    _spend_budget("client", client, settings.ALERTS_REQUESTS_PER_CLIENT)
    confirmation_message(email, query, queries.describe(query)).send()


def _spend_budget(kind: str, who: str, limit: int) -> None:
    if limit <= 0:
        return
    hour = int(timezone.now().timestamp() // HOUR)
    # Hashed: the cache holds no address in clear.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    if spend(f"alerts:{kind}:{hour}:{digest}", seconds=HOUR) > limit:
        raise TooManyRequests


def confirm(token: str) -> AlertSubscription:
    """Store the subscription a confirmation link names (again: the same one)."""
    confirmation = tokens.read_confirmation(token)
    email = normalised(confirmation.email)
    query = confirmation.query  # signed by us, from a search no longer than MAX_QUERY_CHARS
    existing = AlertSubscription.objects.filter(email=email, query=query).first()
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            return AlertSubscription.objects.create(
                email=email,
                query=query,
                description=queries.describe(query)[:500],
                confirmed_at=now,
                sent_up_to=now,
            )
    except IntegrityError:  # the same link opened twice at once
        return AlertSubscription.objects.get(email=email, query=query)


def unsubscribe(token: str) -> bool:
    """Delete the subscription an unsubscribe link names; False if it was already gone."""
    pk, email = tokens.read_unsubscribe(token)
    deleted, _ = AlertSubscription.objects.filter(pk=pk, email=email).delete()
    return bool(deleted)


def unsubscribe_all(email: str) -> int:
    deleted, _ = AlertSubscription.objects.filter(email=normalised(email)).delete()
    return deleted


def normalised(email: str) -> str:
    return email.strip().lower()
