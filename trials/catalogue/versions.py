"""Every cache key and version of the catalogue's read side, in one place.

A cached answer (facet counts, landscape crosses, records, page ids, rendered HTML) is keyed
by the catalogue version, which moves with the data *and* with the deployed code: a write
makes the old entries unreachable at once, and so does a deploy, so a shared cache (Redis)
never serves what older templates or code made. Old entries expire on their own.
"""

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from trials.models import Trial

GENERATION_KEY = "catalogue:generation"


@functools.cache
def code_version() -> str:
    """A digest of the deployed code: the ``trials`` package, the templates and the static
    files, by their paths (relative, so every server of a deploy agrees) and contents.

    Computed once per process (about a megabyte read at the first request).
    """
    roots = [Path(__file__).resolve().parents[1]]
    roots += [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    digest = hashlib.sha256()
    for root in roots:
        files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in sorted(files):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CatalogueState:
    version: str  # see catalogue_version()
    last_modified: datetime | None  # the latest write that left a timestamp


def catalogue_state() -> CatalogueState:
    """The catalogue's version and the time of its latest timestamped write, read at once.

    The latest ``updated_at`` moves with imports, curators' edits and publication; the
    generation counter in the (shared) cache moves with deletions, which leave no timestamp.
    """
    latest = Trial.objects.aggregate(version=Max("updated_at"))["version"]
    generation = cache.get_or_set(GENERATION_KEY, 0, timeout=None)
    return CatalogueState(f"{code_version()}|{latest}|{generation}", latest)


def catalogue_version() -> str:
    """Changes with every write to the catalogue, in every process sharing the database,
    and with every deploy of other code."""
    return catalogue_state().version


def bump_generation(**kwargs) -> None:
    """Signal receiver: a trial was deleted, so every cached count and fragment is stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key is missing (evicted or never set)
        cache.set(GENERATION_KEY, 1, timeout=None)


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def filters_digest(version: str, filters: dict, without: str | None = None) -> str:
    """A digest of the catalogue version and the active filters (a FilterSet's cleaned data)
    but ``without``: the list's facets and the landscape's crosses share it."""
    parameters = sorted(
        (name, sorted(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in filters.items()
        if value not in (None, "", []) and name not in ("sort", without)
    )
    return hashlib.sha256(json.dumps([version, parameters]).encode()).hexdigest()


# ---- counts ----------------------------------------------------------------------------------


def facets_key(version: str, filters: dict) -> str:
    """Every facet's counts for one set of filters."""
    return "facets:" + filters_digest(version, filters)


def facet_set_key(version: str, filters: dict, without: str | None, names) -> str:
    """The counts of the facets ``names`` over the trials of every filter but ``without``."""
    return f"facet-set:{filters_digest(version, filters, without)}:{','.join(names)}"


def total_key(version: str, filters: dict) -> str:
    """The number of trials one set of filters selects."""
    return "total:" + filters_digest(version, filters)


def facet_bitmaps_key(version: str) -> str:
    """The generation of SQLite's facet bitmaps (``facet_bitmaps``) for one version."""
    return "facet-bitmaps:" + hashlib.sha256(version.encode()).hexdigest()


def facet_labels_key(version: str) -> str:
    return "facet-labels:" + hashlib.sha256(version.encode()).hexdigest()


def landscape_key(version: str, filters: dict) -> str:
    """The landscape's start-year and phase crosses for one set of filters."""
    return "landscape:" + filters_digest(version, filters)


# ---- rows, records and HTML ------------------------------------------------------------------


def page_ids_key(version: str, database: str, sql: str, params) -> str:
    """The trial ids of one page of a list, by the statement that picks them."""
    text = f"{version}|{database}|{sql}|{params!r}"
    return "page-ids:" + hashlib.sha256(text.encode()).hexdigest()


def record_keys(trial_ids, version: str, base_url: str) -> dict[int, str]:
    """The published records of these trials (their URLs start with ``base_url``)."""
    salt = hashlib.sha256(f"{version}|{base_url}".encode()).hexdigest()[:16]
    return {pk: f"record:{pk}:{salt}" for pk in trial_ids}


def detail_key(trial_id: int, version: str, url: str) -> str:
    """A trial page's rendered body and JSON-LD."""
    return "detail:" + _digest(trial_id, version, url)


def list_fragment_keys(version: str, query_string: str, *, counts_complete: bool):
    """The list page's ``{% cache %}`` keys: (its facets, its result cards). Both depend on
    the catalogue and the whole query string; the facets also on whether some counts were
    cut short (those are recounted sooner than complete ones)."""
    query = hashlib.sha256(f"{version}|{query_string}".encode()).hexdigest()
    return f"{query}|{counts_complete}", query


def landscape_fragment_key(version: str, query_string: str, *, counts_complete: bool) -> str:
    """The landscape's rendered charts (``{% cache %}`` key), like the list's facets."""
    query = hashlib.sha256(f"{version}|{query_string}".encode()).hexdigest()
    return f"{query}|{counts_complete}"


# ---- HTTP -----------------------------------------------------------------------------------


def response_etag(version: str, path: str, query_string: str) -> str:
    """A weak validator of one answer: the catalogue version and the full request URL.

    Weak because the same content may be sent gzipped or not."""
    return 'W/"' + _digest(version, path, query_string)[:32] + '"'
