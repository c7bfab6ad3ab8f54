"""The site's own middleware: a per-client rate limit and a guard against NUL bytes in paths.

Rate limit: each client IP gets ``RATE_LIMIT_PER_MINUTE`` requests per clock minute; beyond
that the site answers 429 with ``Retry-After`` (the seconds left in the minute), as its own
page or, under ``/api/``, as JSON. Every counted answer says where the client stands in
``RateLimit-*`` headers. It is counted in Django's cache (Redis in production).
Static files never reach it (WhiteNoise answers them first) and the admin is left to
django-axes. A cache that fails lets requests through.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

from trials.views.errors import error_response

logger = logging.getLogger(__name__)

WINDOW = 60
clock = time.time  # replaced in tests


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
        limit = settings.RATE_LIMIT_PER_MINUTE
        if limit > 0 and not self.exempt(request.path_info):
            now = clock()
            window = int(now // WINDOW)
            key = f"ratelimit:{client_ip(request)}:{window}"
            try:
                cache.add(key, 0, timeout=WINDOW + 5)
                count = cache.incr(key)
            except ValueError:  # the key is gone: evicted, or the cache is down (and logged)
                count = 0
            except Exception:  # an unavailable cache must not take the site down
                logger.warning("rate limit: cache unavailable", exc_info=True)
                count = 0
            reset = max(1, int((window + 1) * WINDOW - now + 0.999))
            if count > limit:
                response = error_response(request, 429, retry_after=reset)
            else:
                response = self.get_response(request)
            if count:  # not when the cache failed: nothing was counted
                self.add_headers(response, limit, count, reset)
            return response
        return self.get_response(request)

    @staticmethod
    def add_headers(response, limit: int, count: int, reset: int) -> None:
        """The IETF draft's RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
        (draft-ietf-httpapi-ratelimit-headers), and the policy: ``limit`` per ``WINDOW`` s."""
        response.headers["RateLimit-Limit"] = str(limit)
        response.headers["RateLimit-Remaining"] = str(max(0, limit - count))
        response.headers["RateLimit-Reset"] = str(reset)
        response.headers["RateLimit-Policy"] = f"{limit};w={WINDOW}"

    @staticmethod
    def exempt(path: str) -> bool:
        return path.startswith(("/" + settings.ADMIN_URL, "/" + settings.STATIC_URL.lstrip("/")))


class RejectControlCharactersMiddleware:
    """A NUL byte in the path cannot be stored or looked up (PostgreSQL refuses it): 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return error_response(request, 400)
        return self.get_response(request)
