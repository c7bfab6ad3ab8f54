"""How many full exports may stream at once: per client, and over the whole site.

An export holds a worker for as long as it streams, so a few clients asking for every trial
at once could tie up every worker. Each export takes a slot, counted in the shared cache,
and gives it back when its response is closed (finished, failed or abandoned). Beyond the
limits the answer is 429 with ``Retry-After``. A slot left behind by a killed process
expires after ``SLOT_SECONDS``; while the cache is unavailable exports are not limited.
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import cache

from trials.middleware import client_ip

SLOT_SECONDS = 600
RETRY_AFTER_SECONDS = 10


def _count(key: str, delta: int) -> int | None:
    """The counter after adding ``delta``; None when the cache cannot count."""
    if delta > 0:
        cache.add(key, 0, timeout=SLOT_SECONDS)
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired, evicted, or the cache is down
        return None


class ExportSlot:
    """The export slots one response holds, given back once when it is closed."""

    def __init__(self, keys: list[str]):
        self.keys = keys

    def release(self) -> None:
        keys, self.keys = self.keys, []
        for key in keys:
            _count(key, -1)

    def around(self, chunks: Iterable) -> "_Guarded":
        return _Guarded(chunks, self)


class _Guarded:
    """Streaming content that gives the slot back when the response closes it."""

    def __init__(self, chunks: Iterable, slot: ExportSlot):
        self.chunks, self.slot = chunks, slot

    def __iter__(self) -> Iterator:
        return iter(self.chunks)

    def close(self) -> None:
        try:
            close = getattr(self.chunks, "close", None)
            if close:
                close()
        finally:
            self.slot.release()


def take_slot(request) -> ExportSlot | None:
    """A slot for one export, or None when the client or the site has too many running."""
    limits = (
        (f"exports:client:{client_ip(request)}", settings.EXPORTS_PER_CLIENT),
        ("exports:all", settings.EXPORTS_AT_ONCE),
    )
    slot = ExportSlot([])
    for key, limit in limits:
        if limit <= 0:
            continue
        count = _count(key, 1)
        if count is None:
            continue
        slot.keys.append(key)
        if count > limit:
            slot.release()
            return None
    return slot
