"""HTTP caching of public answers.

``catalogue_conditional``: a view's answer changes only with the catalogue, so its ``ETag``
(the catalogue version and the URL) and ``Last-Modified`` (the catalogue's latest write) let
clients revalidate; a matching ``If-None-Match`` answers 304 without running the view.

``PublicCacheMiddleware``: an anonymous GET of a public page or of the API may be kept by
browsers and shared caches for ``PUBLIC_MAX_AGE`` seconds. Never an answer to a signed-in
user (staff), one that used a CSRF token (a page with a POST form) or sets a cookie, the admin,
or a streamed download; those keep Django's defaults.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from trials.catalogue import versions
from trials.catalogue.versions import response_etag

PUBLIC_MAX_AGE = 60


def catalogue_state(request):
    """The catalogue's state, read once per request (the validators and the view need it)."""
    if not hasattr(request, "catalogue_state"):
        request.catalogue_state = versions.catalogue_state()
    return request.catalogue_state


def _etag(request, *args, **kwargs) -> str:
    return response_etag(
        catalogue_state(request).version, request.path, request.META.get("QUERY_STRING", "")
    )


def _last_modified(request, *args, **kwargs):
    return catalogue_state(request).last_modified


catalogue_conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


class PublicCacheMiddleware:
    """Listed after the CSRF and authentication middleware: it sees ``request.user`` and
    whether the page used a CSRF token before the CSRF middleware sets its cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.cacheable(request, response):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    @staticmethod
    def cacheable(request, response) -> bool:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        return (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 304)
            and not response.streaming
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
            and not request.path_info.startswith("/" + settings.ADMIN_URL)
        )
