"""Questions a server has not been asked before, for the cold benchmark (``benchmark_cold``).

Real visitors type new words and combine filters freely, so most of their questions miss
every cache. ``sample_vocabulary`` reads the catalogue's own words and facet values from a
sample of its trials; ``cold_questions`` (pure: a vocabulary and a seeded generator in,
URLs out) combines them into distinct questions of every page kind: common and rare title
words, two-word phrases, searches with a filter, two- and three-filter lists with a sort and
sometimes a deep page, trial pages, the landscape and the API.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from trials.catalogue.facets import KEY_SEPARATOR
from trials.models import Trial

# The page kinds the benchmark reports, in its table's order.
LIST, SEARCH, DETAIL, LANDSCAPE, API = "list", "list+search", "detail", "landscape", "API"
KINDS = (LIST, SEARCH, DETAIL, LANDSCAPE, API)
# How a mix of N questions is shared among the kinds.
KIND_SHARES = {LIST: 0.3, SEARCH: 0.35, DETAIL: 0.15, LANDSCAPE: 0.1, API: 0.1}

# Facets a visitor combines (registry and sex are rarely the question itself).
FILTER_FACETS = (
    "status",
    "phase",
    "condition",
    "condition_area",
    "cell_type",
    "source_tissue",
    "donor",
    "route",
    "product_type",
    "country",
    "study_type",
)
SORTS = ("relevance", "updated", "enrollment", "title")
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
# Words too short or too plain to be a visitor's question.
_STOPWORDS = frozenset(
    "with and the for from into versus after before during among their this that study".split()
)


@dataclass(frozen=True)
class Vocabulary:
    """What a sample of the catalogue says: title words and phrases with how many sampled
    titles hold them, facet values with how many sampled trials have them, trial ids."""

    words: dict[str, int]
    phrases: dict[str, int]
    facet_values: dict[str, dict[str, int]]
    public_ids: tuple[str, ...]
    total: int  # published trials in the catalogue


@dataclass(frozen=True)
class Question:
    kind: str
    url: str


def _searchable(word: str) -> bool:
    return len(word) >= 4 and word not in _STOPWORDS


def title_words(title: str) -> list[str]:
    """The searchable words of a title, lower case, in order."""
    return [w for w in _WORD.findall(title.lower()) if _searchable(w)]


def title_phrases(title: str) -> set[str]:
    """Two searchable words next to each other in a title."""
    words = _WORD.findall(title.lower())
    return {
        f"{a} {b}"
        for a, b in zip(words, words[1:], strict=False)
        if _searchable(a) and _searchable(b)
    }


def vocabulary_from_rows(rows, total: int) -> Vocabulary:
    """A vocabulary from (public id, title, facet keys) rows of sampled trials."""
    words: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    values: dict[str, Counter[str]] = {name: Counter() for name in FILTER_FACETS}
    ids = []
    for public_id, title, keys in rows:
        ids.append(public_id)
        words.update(set(title_words(title or "")))
        phrases.update(title_phrases(title or ""))
        for key in keys or ():
            name, _, value = key.partition(KEY_SEPARATOR)
            if name in values and value:
                values[name][value] += 1
    return Vocabulary(
        words=dict(words),
        phrases={phrase: n for phrase, n in phrases.items() if n >= 2},
        facet_values={name: dict(counter) for name, counter in values.items() if counter},
        public_ids=tuple(ids),
        total=total,
    )


def sample_vocabulary(size: int = 2000, *, seed: int = 1) -> Vocabulary:
    """The vocabulary of about ``size`` published trials picked at random by primary key
    (an index lookup, not a scan of the whole catalogue)."""
    published = Trial.objects.published()
    total = published.count()
    bounds = published.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None:
        return vocabulary_from_rows([], 0)
    rng = random.Random(seed)
    span = range(first, last + 1)
    picked = rng.sample(span, min(len(span), size * 2))
    rows = (
        published.filter(pk__in=picked)
        .order_by("pk")
        .values_list("public_id", "title", "facet_keys")[:size]
    )
    return vocabulary_from_rows(list(rows), total)


def common_and_rare(frequencies: dict[str, int]) -> tuple[list[str], list[str]]:
    """The most frequent fifth and the least frequent rest, each ordered (reproducible)."""
    ordered = sorted(frequencies, key=lambda w: (-frequencies[w], w))
    cut = max(1, len(ordered) // 5)
    return ordered[:cut], ordered[cut:]


class _Draw:
    """Seeded choices from a vocabulary."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random, facets=FILTER_FACETS):
        self.vocabulary, self.rng = vocabulary, rng
        self.common, self.rare = common_and_rare(vocabulary.words)
        self.phrases = sorted(vocabulary.phrases)
        self.facets = sorted(set(vocabulary.facet_values) & set(facets))

    def search_text(self) -> str:
        roll = self.rng.random()
        if roll < 0.4 and self.common:
            return self.rng.choice(self.common)
        if roll < 0.7 and self.rare:
            return self.rng.choice(self.rare)
        if roll < 0.85 and self.phrases:
            return f'"{self.rng.choice(self.phrases)}"'
        pool = self.common + self.rare
        return " ".join(self.rng.sample(pool, min(2, len(pool))))

    def filters(self, count: int) -> list[tuple[str, str]]:
        """``count`` filters of different facets, each value weighted by its frequency."""
        names = self.rng.sample(self.facets, min(count, len(self.facets)))
        chosen = []
        for name in sorted(names):
            values = self.vocabulary.facet_values[name]
            ordered = sorted(values)
            chosen.append((name, self.rng.choices(ordered, [values[v] for v in ordered])[0]))
        return chosen

    def deep_page(self) -> list[tuple[str, str]]:
        per_page = settings.TRIALS_PER_PAGE
        pages = max(1, min(self.vocabulary.total, 10_000) // per_page)
        return [("page", str(self.rng.randint(2, pages)))] if pages > 1 else []


def _question(draw: _Draw, kind: str) -> Question | None:
    rng = draw.rng
    if kind == DETAIL:
        if not draw.vocabulary.public_ids:
            return None
        return Question(kind, f"/trials/{rng.choice(draw.vocabulary.public_ids)}/")
    if kind == SEARCH:
        params = [("q", draw.search_text())] + draw.filters(rng.choice((0, 0, 1, 2)))
        if rng.random() < 0.2:
            params.append(("sort", rng.choice(SORTS)))
        return Question(kind, "/trials/?" + urlencode(params))
    if kind == LIST:
        params = draw.filters(rng.choice((2, 2, 3)))
        if rng.random() < 0.3:
            params.append(("sort", rng.choice(SORTS[1:])))
        if rng.random() < 0.2:
            params += draw.deep_page()
        return Question(kind, "/trials/?" + urlencode(params))
    if kind == LANDSCAPE:
        return Question(kind, "/landscape/?" + urlencode(draw.filters(rng.choice((1, 2)))))
    params = draw.filters(rng.choice((1, 2))) + [("page_size", rng.choice(("25", "50")))]
    return Question(kind, "/api/trials/?" + urlencode(params))


def cold_questions(
    vocabulary: Vocabulary,
    count: int,
    *,
    seed: int = 1,
    shares: dict[str, float] = KIND_SHARES,
    facets: tuple[str, ...] = FILTER_FACETS,
) -> list[Question]:
    """``count`` distinct questions (fewer when the vocabulary cannot make that many),
    shared among the page kinds by ``shares``, filtering only by ``facets``, shuffled."""
    draw = _Draw(vocabulary, random.Random(seed), facets)
    wanted = {kind: round(count * share) for kind, share in shares.items()}
    wanted[max(shares, key=shares.get)] += count - sum(wanted.values())
    seen: set[str] = set()
    questions = []
    for kind, number in wanted.items():
        made, attempts = 0, 0
        while made < number and attempts < number * 20:
            attempts += 1
            question = _question(draw, kind)
            if question is None or question.url in seen:
                continue
            seen.add(question.url)
            questions.append(question)
            made += 1
    draw.rng.shuffle(questions)
    return questions
