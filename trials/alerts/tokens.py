"""Signed tokens in the alerts' links (django.core.signing: the secret key signs, no table).

A confirmation token carries the address and the search and expires after
``ALERTS_CONFIRM_HOURS``; nothing is stored before it comes back. Manage and unsubscribe
tokens do not expire: they only ever name confirmed subscriptions of that address.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "trials.alerts.confirm"
MANAGE_SALT = "trials.alerts.manage"
UNSUBSCRIBE_SALT = "trials.alerts.unsubscribe"


class BadToken(Exception):
    """The link was altered, expired, or never ours."""


@dataclass(frozen=True)
class Confirmation:
    email: str
    query: str


def confirmation_token(email: str, query: str) -> str:
    return signing.dumps({"e": email, "q": query}, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> Confirmation:
    payload = _load(token, CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_HOURS * 3600)
    if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k in "eq"):
        raise BadToken
    return Confirmation(payload["e"], payload["q"])


def manage_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=MANAGE_SALT)


def read_manage(token: str) -> str:
    email = _load(token, MANAGE_SALT)
    if not isinstance(email, str):
        raise BadToken
    return email


def unsubscribe_token(subscription_id: int, email: str) -> str:
    # The address is signed too, so a token never names a later subscription reusing the id.
    return signing.dumps([subscription_id, email.lower()], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe(token: str) -> tuple[int, str]:
    payload = _load(token, UNSUBSCRIBE_SALT)
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or not isinstance(payload[1], str)
    ):
        raise BadToken
    return payload[0], payload[1]


def _load(token: str, salt: str, max_age: int | None = None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadToken from error
