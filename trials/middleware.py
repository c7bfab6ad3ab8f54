"""The site's own middleware: a per-client rate limit, a cap on request bodies and a guard
against NUL bytes in paths.

Rate limit: each client IP gets ``RATE_LIMIT_PER_MINUTE`` requests per clock minute; beyond
that the site answers 429 with ``Retry-After`` (the seconds left in the minute), as its own
page or, under ``/api/``, as JSON. Every counted answer says where the client stands in
``RateLimit-*`` headers. It is counted in Django's cache (Redis in production).
Static files never reach it (WhiteNoise answers them first), the health probes are never
counted (a balancer polls them from one address), and the admin is left to django-axes, except
its login: each POST there costs a password hash (a second of CPU or more) whether or not the
user exists, so login POSTs have their own budgets, per client IP and for the whole site
(``ADMIN_LOGIN_RATE_PER_MINUTE``, ``ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE``), spent before the
form is read. A cache that fails lets requests through.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from trials.views.errors import error_response

logger = logging.getLogger(__name__)

WINDOW = 60
clock = time.time  # replaced in tests
HEALTH_PROBES = ("/healthz", "/readyz")


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    With ``TRUSTED_PROXY_COUNT`` = n reverse proxies in front of the app, the client is the
    n-th address from the right of X-Forwarded-For (those left of it can be forged).
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = clock()
        window = int(now // WINDOW)
        reset = max(1, int((window + 1) * WINDOW - now + 0.999))
        told = None  # (limit, count) of the first budget counted, for the headers
        # A client over its own budget does not spend the shared one.
        for counter, limit in self.budgets(request):
            if limit <= 0:
                continue
            count = spend(f"ratelimit:{counter}:{window}")
            if count > limit:
                response = error_response(request, 429, retry_after=reset)
                self.add_headers(response, limit, count, reset)
                return response
            if count and told is None:  # not when the cache failed: nothing was counted
                told = (limit, count)
        response = self.get_response(request)
        if told:
            self.add_headers(response, *told, reset)
        return response

    @staticmethod
    def add_headers(response, limit: int, count: int, reset: int) -> None:
        """The IETF draft's RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
        (draft-ietf-httpapi-ratelimit-headers), and the policy: ``limit`` per ``WINDOW`` s."""
        response.headers["RateLimit-Limit"] = str(limit)
        response.headers["RateLimit-Remaining"] = str(max(0, limit - count))
        response.headers["RateLimit-Reset"] = str(reset)
        response.headers["RateLimit-Policy"] = f"{limit};w={WINDOW}"

    @staticmethod
    def budgets(request) -> tuple[tuple[str, int], ...]:
        """The (counter, limit per minute) pairs this request spends, in order."""
        admin = "/" + settings.ADMIN_URL
        path = request.path_info
        if request.method == "POST" and path == admin + "login/":
            return (
                (f"login:{client_ip(request)}", settings.ADMIN_LOGIN_RATE_PER_MINUTE),
                ("login", settings.ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE),
            )
        if path in HEALTH_PROBES or path.startswith((admin, "/" + settings.STATIC_URL.lstrip("/"))):
            return ()
        return ((client_ip(request), settings.RATE_LIMIT_PER_MINUTE),)


def spend(key: str, *, seconds: int = WINDOW) -> int:
    """Count one request against ``key``: how many it has seen this window (0: no cache)."""
    try:
        cache.add(key, 0, timeout=seconds + 5)
        return cache.incr(key)
    except ValueError:  # the key is gone: evicted, or the cache is down (and logged)
        return 0
    except Exception:  # an unavailable cache must not take the site down
        logger.warning("rate limit: cache unavailable", exc_info=True)
        return 0


class RejectControlCharactersMiddleware:
    """A NUL byte in the path cannot be stored or looked up (PostgreSQL refuses it): 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return error_response(request, 400)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """A body larger than ``REQUEST_MAX_BYTES`` (by its Content-Length) is refused, unread: 413.

    Verified staff may send up to ``IMPORT_MAX_REQUEST_BYTES`` to the admin's document import.
    It sits after the OTP middleware (it asks who sends) and before anything reads the body
    (the CSRF check reads the form in ``process_view``, after every middleware's call).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length > settings.REQUEST_MAX_BYTES and not (
            length <= settings.IMPORT_MAX_REQUEST_BYTES and is_staff_import(request)
        ):
            return error_response(request, 413)
        return self.get_response(request)


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # Django then reads no body at all
        return 0


def is_staff_import(request) -> bool:
    user = request.user
    return (
        request.path_info == reverse("admin:trials_trial_import")
        and user.is_staff
        and user.is_verified()
    )
