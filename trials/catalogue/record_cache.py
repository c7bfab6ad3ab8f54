"""Published records kept in the cache, so that API pages serialise only what changed.

A record is keyed by its trial and the catalogue's version (the latest change of any trial,
and a counter moved by deletions): any write makes the old entries unreachable, and they
expire on their own.
"""

from django.core.cache import cache

from trials.catalogue.records import trial_record
from trials.catalogue.versions import catalogue_version, record_keys
from trials.models import Trial

RECORD_CACHE_SECONDS = 600


def records(trials: list[Trial], *, base_url: str) -> list[dict]:
    """The records of ``trials`` (only ``pk`` needs to be loaded), in order.

    Records missing from the cache are built from one ``for_detail`` load and stored.
    """
    keys = record_keys([trial.pk for trial in trials], catalogue_version(), base_url)
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {
            keys[trial.pk]: trial_record(trial, base_url=base_url)
            for trial in Trial.objects.for_detail().filter(pk__in=missing)
        }
        cache.set_many(built, RECORD_CACHE_SECONDS)
        found |= built
    return [found[keys[trial.pk]] for trial in trials]
