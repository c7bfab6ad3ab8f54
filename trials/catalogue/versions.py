"""Every cache key and version of the catalogue's read side, in one place."""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Max

from trials.models import Trial

GENERATION_KEY = "catalogue:generation"


def catalogue_version() -> str:
    """Changes with every write to the catalogue, in every process sharing the database.

    The latest ``updated_at`` moves with imports, curators' edits and publication; the
    generation counter in the (shared) cache moves with deletions, which leave no timestamp.
    """
    latest = Trial.objects.aggregate(version=Max("updated_at"))["version"]
    generation = cache.get_or_set(GENERATION_KEY, 0, timeout=None)
    return f"{latest}|{generation}"


def bump_generation(**kwargs) -> None:
    """Signal receiver: a trial was deleted, so every cached count and fragment is stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key is missing (evicted or never set)
        cache.set(GENERATION_KEY, 1, timeout=None)


def filters_digest(version: str, filters: dict, without: str | None = None) -> str:
    """A digest of the catalogue version and the active filters (a FilterSet's cleaned data)
    but ``without``, for cache keys."""
    parameters = sorted(
        (name, sorted(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in filters.items()
        if value not in (None, "", []) and name not in ("sort", without)
    )
    return hashlib.sha256(json.dumps([version, parameters]).encode()).hexdigest()
