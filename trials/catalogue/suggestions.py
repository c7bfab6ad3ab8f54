"""Did you mean: a corrected query offered (as a link, never applied) when few trials match.

The words it may offer are the thesaurus, the classification's vocabulary, the conditions
and the titles of published trials (``search_words``). PostgreSQL looks up the words close
to the typed ones in a trigram-indexed table; SQLite reads every word once per catalogue
version (one statement over titles and condition names) and keeps them in the cache.
"""

import hashlib
from collections import Counter
from itertools import chain

from django.core.cache import cache

from trials import search
from trials.catalogue import search_words

VOCABULARY_CACHE_SECONDS = 3600
# Fewer results than this and the list page offers a corrected query.
SUGGEST_BELOW = 3


def vocabulary(catalogue_version: str) -> dict[str, int]:
    """Word -> how often the catalogue's titles and conditions use it (thesaurus and
    vocabulary words count once more)."""
    key = "search:vocabulary:" + hashlib.sha256(catalogue_version.encode()).hexdigest()
    words = cache.get(key)
    if words is None:
        words = dict(
            Counter(chain(search_words.vocabulary_words(), search_words.catalogue_words()))
        )
        cache.set(key, words, VOCABULARY_CACHE_SECONDS)
    return words


def did_you_mean(query: str, result_count: int, catalogue_version: str) -> str | None:
    """A corrected query to offer when few trials matched."""
    if not query or result_count >= SUGGEST_BELOW:
        return None
    scoped = search.split_scopes(query)
    if scoped.scoped:
        return None
    if search.uses_postgres():
        typed = search.correctable_words(scoped.text)
        words = search_words.close_words(typed)
    else:
        words = vocabulary(catalogue_version)
    return search.suggest_query(scoped.text, words)
