"""Which database a query goes to, and what a visitor sees when the database is unreachable.

Reads of public pages may be served by a read replica (``DATABASE_REPLICA_URLS``); every write,
the admin, sessions and users, management commands (imports) and anything outside a request go
to the primary ("default"), so a curator always reads what was just written.
"""

import logging
import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Set for the duration of a request that may read from a replica.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)

# Applications whose rows must always be read fresh: logins, sessions, permissions, admin log.
PRIMARY_ONLY_APPS = {"auth", "sessions", "contenttypes", "admin"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    """Reads to a random replica when the request allows it; all else to the primary."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        replicas = replica_aliases()
        return random.choice(replicas) if replicas else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas are copies of the primary: same rows everywhere

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas receive the schema through replication


class PrimaryForWritesMiddleware:
    """Let safe requests outside the admin read from a replica; the rest use the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "ADMIN_URL", "admin/").lstrip("/")

    def __call__(self, request):
        allowed = (
            bool(replica_aliases())
            and request.method in SAFE_METHODS
            and not request.path.startswith(self.admin_prefix)
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        )
        token = _replica_allowed.set(allowed)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


class DatabaseUnavailableMiddleware:
    """The database cannot be reached: 503 with Retry-After and the site's page, no traceback.

    The failed connection is discarded at the end of the request (Django closes connections
    that raised errors), and the next request connects again, so the site recovers by itself
    when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        logger.warning("Database unavailable on %s: %s", request.path, exception)
        return unavailable_response(request)


def is_unavailable(exception: BaseException) -> bool:
    """A connection-level failure, as opposed to a bug in a query (a ProgrammingError)."""
    return isinstance(exception, OperationalError | InterfaceError) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def unavailable_response(request):
    retry_after = str(settings.DATABASE_RETRY_AFTER)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "The catalogue is unavailable for a moment; please retry."}, status=503
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response
