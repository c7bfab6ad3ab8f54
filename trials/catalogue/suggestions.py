"""Words a search may be corrected to: the thesaurus, the classification's vocabulary, the
conditions and the titles of published trials. Read once per catalogue version (one
statement over titles and condition names) and kept in the cache."""

import hashlib
from collections import Counter

from django.core.cache import cache

from trials import search
from trials.models import Condition, Trial, search_thesaurus
from trials.vocab.regen import VOCABULARIES
from trials.vocab.thesaurus import words_of

VOCABULARY_CACHE_SECONDS = 3600
# Fewer results than this and the list page offers a corrected query.
SUGGEST_BELOW = 3


def vocabulary(catalogue_version: str) -> dict[str, int]:
    """Word -> how often the catalogue's titles and conditions use it (thesaurus and
    vocabulary words count once more)."""
    key = "search:vocabulary:" + hashlib.sha256(catalogue_version.encode()).hexdigest()
    words = cache.get(key)
    if words is None:
        words = dict(Counter(_words()))
        cache.set(key, words, VOCABULARY_CACHE_SECONDS)
    return words


def _words():
    for wordings in search_thesaurus().values():
        for wording in wordings:
            yield from wording.split()
    for terms in VOCABULARIES.values():
        for term in terms:
            yield from words_of(term.label)
    for name in Condition.objects.in_published_trials().values_list("name", flat=True):
        yield from words_of(name)
    for title in Trial.objects.published().values_list("title", flat=True).iterator():
        yield from words_of(title)


def did_you_mean(query: str, result_count: int, catalogue_version: str) -> str | None:
    """A corrected query to offer (as a link, never applied) when few trials matched."""
    if not query or result_count >= SUGGEST_BELOW:
        return None
    scoped = search.split_scopes(query)
    if scoped.scoped:
        return None
    return search.suggest_query(scoped.text, vocabulary(catalogue_version))
