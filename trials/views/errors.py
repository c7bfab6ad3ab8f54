"""Error answers in the site's own templates (``<status>.html``), JSON under ``/api/``.

Django's own handlers render 403 and 404; 400 and 500 are rendered here with the request, so
the page carries the CSP nonce of its script, and so are CSRF failures, bodies too large
(413), rate-limit and login lockout answers (429) and 503.
"""

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "Bad request.",
    403: "Forbidden.",
    404: "Not found.",
    413: "Request body too large.",
    429: "Too many requests: slow down and try again later.",
    500: "Server error.",
    503: "Service unavailable: try again later.",
}


def wants_json(request) -> bool:
    return request.path_info.startswith("/api/")


def error_response(request, status: int, *, retry_after: int | None = None, context=None):
    if wants_json(request):
        response = JsonResponse({"error": MESSAGES[status]}, status=status)
    else:
        try:
            body = loader.render_to_string(f"{status}.html", context or {}, request=request)
        except Exception:  # the error page itself failed (e.g. no database): plain text
            logger.exception("rendering %s.html failed", status)
            body = MESSAGES[status]
            response = HttpResponse(body, status=status, content_type="text/plain")
        else:
            response = HttpResponse(body, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def bad_request(request, exception=None):
    return error_response(request, 400)


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: 429 with the wait, on the site's page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return error_response(
        request,
        429,
        retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()),
        context={"locked_out": True, "cooloff_minutes": minutes},
    )
