"""The words "Did you mean" may offer: the thesaurus, the classification's labels, and the
words of published trials' titles and conditions, each with how often it is used.

On PostgreSQL they are kept in the ``SearchWord`` table, whose trigram index (pg_trgm,
migration 0017) finds the words close to a misspelling without reading the others. The
table is rebuilt by ``import_trials`` and ``generate_trials`` when they finish (seconds at
100,000 trials, too long for a visitor's request), and by the first suggestion when it is
empty; a published trial saved elsewhere (admin, curation, code) adds the words of its
title and conditions at once (``add_words_of``), whose counts and removals wait for the
next rebuild. SQLite reads the same words into a cached dictionary instead
(``suggestions.vocabulary``).
"""

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import connections, transaction

from trials import search
from trials.models import Condition, Publication, SearchWord, Trial, search_thesaurus
from trials.text import search_key
from trials.vocab.regen import VOCABULARIES
from trials.vocab.thesaurus import words_of

REFRESH_LOCK = 0x5EA2C4  # advisory lock key: one refresh at a time
CLOSE_WORDS_PER_WORD = 50
LONGEST_WORD = SearchWord._meta.get_field("word").max_length

# Every word of published titles and of the conditions of published trials, counted. Split
# and lower-cased in the database; words with other than printable ASCII are folded by
# ``words_of`` afterwards (accents, look-alike letters), as search folds what people type.
_FILL = """
INSERT INTO trials_searchword (word, uses)
SELECT word, count(*) FROM (
    SELECT regexp_split_to_table(lower(title), '[^[:alnum:]]+') AS word
    FROM trials_trial WHERE publication = %(published)s
    UNION ALL
    SELECT regexp_split_to_table(lower(name), '[^[:alnum:]]+')
    FROM trials_condition AS condition WHERE EXISTS (
        SELECT 1 FROM trials_trialcondition AS link
        JOIN trials_trial AS trial ON trial.id = link.trial_id
        WHERE link.condition_id = condition.id AND trial.publication = %(published)s
    )
) AS found
WHERE word <> '' AND length(word) <= %(longest)s
GROUP BY word
"""

# The words close to each typed word (trigram similarity above pg_trgm's threshold, 0.3),
# among those ``search.may_correct`` would compare; the typed words themselves come back
# when known. difflib then chooses among them as it does on SQLite.
_CLOSE = """
SELECT close.word, close.uses FROM unnest(%(typed)s::text[]) AS typed(word)
CROSS JOIN LATERAL (
    SELECT word, uses FROM trials_searchword
    WHERE word %% typed.word
      AND left(word, 1) = left(typed.word, 1)
      AND abs(length(word) - length(typed.word)) <= %(slack)s
    ORDER BY similarity(word, typed.word) DESC, word
    LIMIT %(limit)s
) AS close
"""


def vocabulary_words() -> Iterator[str]:
    """The thesaurus's and the classification's words (each wording once)."""
    for wordings in search_thesaurus().values():
        for wording in wordings:
            yield from wording.split()
    for terms in VOCABULARIES.values():
        for term in terms:
            yield from words_of(term.label)


def catalogue_words() -> Iterator[str]:
    """The words of published trials' titles and of their conditions, read in Python."""
    for name in Condition.objects.in_published_trials().values_list("name", flat=True):
        yield from words_of(name)
    for title in Trial.objects.published().values_list("title", flat=True).iterator():
        yield from words_of(title)


def _uses_postgres(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def refresh(using: str = "default", *, wait: bool = True) -> bool:
    """Rebuild the word table from the catalogue (PostgreSQL; nothing elsewhere). Readers
    see the old words until it commits. While another refresh runs, this one waits for it,
    or with ``wait=False`` gives up at once (False) and leaves the words as they are."""
    if not _uses_postgres(using):
        return False
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        else:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
            if not cursor.fetchone()[0]:
                return False
        cursor.execute("DELETE FROM trials_searchword")
        cursor.execute(_FILL, {"published": Publication.PUBLISHED, "longest": LONGEST_WORD})
        unfolded = SearchWord.objects.using(using).filter(word__regex=r"[^ -~]")
        extra = Counter(vocabulary_words())
        for word, uses in unfolded.values_list("word", "uses"):
            for folded in words_of(word):
                extra[folded] += uses
        unfolded.delete()
        _add(extra, using)
    return True


def _add(counts: Counter, using: str) -> None:
    """Add ``counts`` to the uses of their words, creating the words not there yet."""
    counts = Counter({w: n for w, n in counts.items() if 0 < len(w) <= LONGEST_WORD})
    present = SearchWord.objects.using(using).filter(word__in=list(counts))
    for word, uses in present.values_list("word", "uses"):
        counts[word] += uses
    SearchWord.objects.using(using).bulk_create(
        [SearchWord(word=word, uses=uses) for word, uses in counts.items()],
        update_conflicts=True,
        unique_fields=["word"],
        update_fields=["uses"],
        batch_size=1000,
    )


def add_words_of(trial: Trial, using: str = "default") -> None:
    """Add the words of a published trial's title and conditions that the table lacks
    (PostgreSQL; one statement), so a trial saved one at a time is suggested at once."""
    if not _uses_postgres(using) or not trial.is_published:
        return
    names = trial.condition_links.values_list("condition__name", flat=True)
    words = {w for text in (trial.title, *names) for w in words_of(text)}
    SearchWord.objects.using(using).bulk_create(
        [SearchWord(word=w, uses=1) for w in words if len(w) <= LONGEST_WORD],
        ignore_conflicts=True,
    )


def trial_saved(sender, instance: Trial, raw: bool = False, using: str = "default", **kwargs):
    """post_save receiver of Trial."""
    if not raw:
        add_words_of(instance, using)


def close_words(typed: Iterable[str], using: str = "default") -> dict[str, int]:
    """The known words among ``typed`` and the words close to each, with their uses
    (PostgreSQL: one query on the trigram index; the table is built first when empty)."""
    typed = [search_key(word) for word in typed]
    if not typed:
        return {}
    if not SearchWord.objects.using(using).exists():
        refresh(using, wait=False)
    with connections[using].cursor() as cursor:
        cursor.execute(
            _CLOSE, {"typed": typed, "slack": search.LENGTH_SLACK, "limit": CLOSE_WORDS_PER_WORD}
        )
        return dict(cursor.fetchall())
