"""Probes for a load balancer or orchestrator: is the process alive, can it serve pages?"""

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.cache import outage


@never_cache
@require_safe
def healthz(request):
    """The process answers; the database is not touched (a restart would not fix it)."""
    return JsonResponse({"status": "ok"})


def cache_state() -> dict:
    """The shared cache's state. Pages work without it (slower), so it never fails readiness."""
    probe = getattr(cache, "probe", None)  # config/cache.py's fail-soft Redis cache
    if probe is None:
        return {"cache": "ok"}
    problem = probe()
    state = {"cache": f"unreachable: {problem}" if problem else "ok"}
    return {**state, "cache_failures": outage.failures}


@never_cache
@require_safe
def readyz(request):
    """The database answers and every migration is applied: 200, else 503 saying why.
    A cache that is down makes the status "degraded", still 200."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        response = JsonResponse(
            {"status": "unavailable", "database": f"unreachable: {type(error).__name__}"},
            status=503,
        )
        response["Retry-After"] = "5"
        return response
    if pending:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in pending]
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "pending_migrations": names},
            status=503,
        )
    state = cache_state()
    status = "ok" if state["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "pending_migrations": [], **state})
