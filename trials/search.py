"""Full-text search: web-search syntax ("quoted phrase", OR, -exclusion) on both databases,
expanded through the field's thesaurus (``vocab/thesaurus.py`` plus curators' synonyms).

The query is parsed (pure: ``parse_query``), then expanded (``expand``): every group of
alternatives also matches the thesaurus's wordings of what it says, and runs of plain words
that form a known wording ("heart attack") become one group. Words match whole (never inside
other words), so "EV" finds extracellular vesicles, not "every".

PostgreSQL matches the GIN-indexed ``search_vector`` (migration 0014: keywords B, the rest D)
with phrase queries and ranks the compact weighted ``title_vector`` (title A, keywords B,
summary C). SQLite matches an FTS5 index (``search_index.py``) and ranks by bm25; without FTS5
it falls back to matching words at word starts in the folded search document.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from enum import StrEnum
from functools import cache, lru_cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils.html import escape

from trials.text import fold_lookalikes, search_key
from trials.vocab.countries import country_code
from trials.vocab.thesaurus import CONCEPTS, build_index, wording_key, words_of

SEARCH_CONFIG = "english"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
LONGEST_WORDING = 6  # words; longer runs are not looked up in the thesaurus


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[str, ...], ...]  # every group must match one of its phrases
    excluded: tuple[str, ...]


def parse_query(text: str) -> ParsedQuery:
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(search_key(text)):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word == "or":
            join_next = bool(groups)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, phrase = "-", word[1:]
        term = (phrase if phrase is not None else word).strip()
        if not any(ch.isalnum() for ch in term):
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


class Scope(StrEnum):
    """Field prefixes that scope a search: "condition:knee", "sponsor:mesoblast"."""

    CONDITION = "condition"
    INTERVENTION = "intervention"
    SPONSOR = "sponsor"
    LOCATION = "location"


_SCOPED = re.compile(
    r"(?<![\w-])(" + "|".join(Scope) + r')\s*:\s*(?:"([^"]*)"?|(\S+))', re.IGNORECASE
)


@dataclass(frozen=True)
class ScopedQuery:
    text: str  # the query without its scoped terms
    scoped: tuple[tuple[Scope, str], ...]  # (scope, the term it must match)


def split_scopes(text: str) -> ScopedQuery:
    """Take the field-scoped terms out of a query ("condition:"knee pain" msc")."""
    scoped = []
    for match in _SCOPED.finditer(text):
        term = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if any(ch.isalnum() for ch in term):
            scoped.append((Scope(match.group(1).lower()), term))
    return ScopedQuery(_SCOPED.sub(" ", text).strip(), tuple(scoped))


def country_named(text: str) -> str | None:
    """The country code when the whole query (or its location: term) names a country."""
    scoped = split_scopes(text)
    if not scoped.scoped:
        return country_code(text) if text.strip() else None
    places = [term for scope, term in scoped.scoped if scope == Scope.LOCATION]
    return country_code(places[0]) if len(places) == 1 and not scoped.text else None


def scoped_alternatives(term: str, index) -> tuple[str, ...]:
    """A scoped term and its thesaurus wordings, as search keys."""
    return _expand_phrases((search_key(term),), index)


@dataclass(frozen=True)
class ExpandedQuery:
    """Alternatives as word phrases ("regulatory t cell"): every group must match one of
    its alternatives, no excluded alternative may match. ``phrase`` is the plain words of a
    multi-word query, whose matching as a phrase ranks higher."""

    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]
    phrase: str = ""
    # Per group: words that also satisfy it scattered anywhere (all of them), for a group
    # made from a run of plain words ("bone marrow" typed without quotes); else ().
    loose: tuple[tuple[str, ...], ...] = ()

    def loose_words(self, position: int) -> tuple[str, ...]:
        return self.loose[position] if position < len(self.loose) else ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


@cache
def builtin_index() -> dict[str, tuple[str, ...]]:
    return build_index(CONCEPTS)


@lru_cache(maxsize=8)
def thesaurus(extra_concepts: tuple[tuple[str, ...], ...] = ()) -> dict[str, tuple[str, ...]]:
    """The built-in thesaurus merged with more concepts (the curators' synonyms)."""
    if not extra_concepts:
        return builtin_index()
    return build_index((*CONCEPTS, *extra_concepts))


_LETTER_BEFORE_WORD = re.compile(r"\b([^\W\d_]) (?=[^\W_])")


def _variants(words: tuple[str, ...], index, typed: str = "") -> tuple[str, ...]:
    """The wordings a phrase stands for. A single letter before a word is also tried
    hyphenated ("t cell" / "t-cell"): PostgreSQL's parser counts positions differently, and
    drops a lone "t" or "s" as a stop word, so a wording starting with one is only tried
    hyphenated (else "t cells" would find every trial about cells)."""
    wordings = (" ".join(words), *index.get(wording_key(words), ()))
    hyphenated = [_LETTER_BEFORE_WORD.sub(r"\1-", w) for w in wordings]
    kept = [w for w, h in zip(wordings, hyphenated, strict=True) if w == h or w[1] != " "]
    typed = typed if typed and typed != wordings[0] and " " in typed else ""
    return tuple(dict.fromkeys(w for w in (*kept, *hyphenated, typed) if w))


def _expand_phrases(phrases, index) -> tuple[str, ...]:
    found: list[str] = []
    for phrase in phrases:
        if words := words_of(phrase):
            found.extend(v for v in _variants(words, index, phrase) if v not in found)
    return tuple(found)


def expand(parsed: ParsedQuery, index: dict[str, tuple[str, ...]]) -> ExpandedQuery:
    """The query with each group widened to the thesaurus's wordings of it.

    Runs of single plain words are read longest first, so "heart attack" is one group
    (myocardial infarction...) and "knee msc" two.
    """
    groups: list[tuple[str, ...]] = []
    loose: list[tuple[str, ...]] = []
    singles = [len(g) == 1 and " " not in g[0] for g in parsed.groups]
    i = 0
    while i < len(parsed.groups):
        for length in range(min(LONGEST_WORDING, len(parsed.groups) - i), 1, -1):
            run = parsed.groups[i : i + length]
            if not all(singles[i : i + length]):
                continue
            words = tuple(w for (term,) in run for w in words_of(term))
            if wording_key(words) in index:
                groups.append(_variants(words, index))
                loose.append(words)
                i += length
                break
        else:
            if alternatives := _expand_phrases(parsed.groups[i], index):
                groups.append(alternatives)
                loose.append(())
            i += 1
    plain = [term for group, single in zip(parsed.groups, singles, strict=True) if single
             for term in group]  # fmt: skip
    phrase_words = [w for term in plain for w in words_of(term)]
    return ExpandedQuery(
        groups=tuple(groups),
        excluded=_expand_phrases(parsed.excluded, index),
        loose=tuple(loose),
        phrase=" ".join(phrase_words) if len(phrase_words) > 1 else "",
    )


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# PostgreSQL


def _phrase_query(phrase: str) -> SearchQuery:
    return SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG)


def _any_of(phrases) -> SearchQuery:
    return reduce(or_, map(_phrase_query, phrases))


def positive_tsquery(query: ExpandedQuery) -> SearchQuery | None:
    """What a trial must match (exclusions apart): the rank is computed against it."""
    if not query.groups:
        return None

    def group_query(position: int, group) -> SearchQuery:
        found = _any_of(group)
        if words := query.loose_words(position):
            found |= reduce(and_, map(_phrase_query, words))
        return found

    return reduce(and_, (group_query(i, group) for i, group in enumerate(query.groups)))


def excluded_tsquery(query: ExpandedQuery) -> SearchQuery | None:
    return _any_of(query.excluded) if query.excluded else None


def phrase_tsquery(query: ExpandedQuery) -> SearchQuery | None:
    return _phrase_query(query.phrase) if query.phrase else None


# SQLite FTS5


def _fts_phrase(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def _fts_any_of(phrases) -> str:
    return "(" + " OR ".join(map(_fts_phrase, phrases)) + ")"


def fts_match(query: ExpandedQuery) -> str:
    """The FTS5 MATCH expression every group of the query must satisfy ("" for none)."""

    def group_match(position: int, group) -> str:
        alternatives = list(map(_fts_phrase, group))
        if words := query.loose_words(position):
            alternatives.append("(" + " AND ".join(map(_fts_phrase, words)) + ")")
        return "(" + " OR ".join(alternatives) + ")"

    required = " AND ".join(group_match(i, group) for i, group in enumerate(query.groups))
    if required and query.phrase:
        # Every row with the phrase matches the groups already; bm25 then counts the
        # phrase too, so phrase matches rank above scattered words.
        return f"({required}) OR {_fts_phrase(query.phrase)}"
    return required


def fts_excluded(query: ExpandedQuery) -> str:
    return _fts_any_of(query.excluded) if query.excluded else ""


def word_start_condition(query: ExpandedQuery) -> Q:
    """SQLite without FTS5: each group's alternative begins a word of the search document."""

    def any_of(phrases) -> Q:
        return reduce(or_, (Q(search_document__contains=f" {p}") for p in phrases))

    condition = Q()
    for position, group in enumerate(query.groups):
        found = any_of(group)
        if words := query.loose_words(position):
            found |= reduce(and_, (Q(search_document__contains=f" {w}") for w in words))
        condition &= found
    if query.excluded:
        condition &= ~any_of(query.excluded)
    return condition


MIN_SUGGESTED_LENGTH = 4  # shorter words are abbreviations, never corrected
SUGGESTION_CUTOFF = 0.8  # difflib similarity a correction needs
LENGTH_SLACK = 2  # letters a correction may add or drop


def _correctable(word: str) -> bool:
    return len(word) >= MIN_SUGGESTED_LENGTH and word.isalpha()


def correctable_words(text: str) -> tuple[str, ...]:
    """The words of a query that "Did you mean" may correct (long enough, letters only)."""
    bodies = (token.lstrip("-") for token in search_key(text).split())
    return tuple(dict.fromkeys(body for body in bodies if _correctable(body)))


def may_correct(typed: str, word: str) -> bool:
    """Whether ``word`` is worth comparing with ``typed``: people rarely mistype a word's
    first letter, and a correction is about as long as the word typed."""
    return word[:1] == typed[:1] and abs(len(word) - len(typed)) <= LENGTH_SLACK


def suggest_query(text: str, vocabulary: Mapping[str, int]) -> str | None:
    """The query with each unknown word replaced by a close word of ``vocabulary`` (word ->
    how common it is; the most common of the close ones wins): "mesenchimal" ->
    "mesenchymal". None when nothing would change. ``vocabulary`` needs to hold only the
    query's words and the words close to them (``correctable_words``)."""
    changed = False
    corrected = []
    for token in search_key(text).split():
        body = token.lstrip("-")
        if not _correctable(body) or body in vocabulary:
            corrected.append(token)
            continue
        candidates = [w for w in vocabulary if may_correct(body, w)]
        close = get_close_matches(body, candidates, n=5, cutoff=SUGGESTION_CUTOFF)
        if close:
            changed = True
            best = max(close, key=lambda word: vocabulary[word])  # ties: the closest
            corrected.append(token[: len(token) - len(body)] + best)
        else:
            corrected.append(token)
    return " ".join(corrected) if changed else None


SNIPPET_LENGTH = 240


def highlight_terms(text: str, index=None) -> list[str]:
    """The words and phrases to mark in snippets: the query's and their thesaurus wordings."""
    query = split_scopes(text)
    index = builtin_index() if index is None else index
    expanded = expand(parse_query(query.text), index)
    scoped = [w for _, term in query.scoped for w in scoped_alternatives(term, index)]
    phrases = [phrase for group in expanded.groups for phrase in group]
    return [phrase for phrase in dict.fromkeys((*phrases, *scoped)) if len(phrase) > 1]


def _term_pattern(terms: list[str]) -> str:
    # Words from their start (plurals and other endings included), short ones whole ("EV"
    # is not the start of "every"); the spaces of a phrase also match the punctuation
    # between its words.
    def one(term: str) -> str:
        words = r"\W+".join(map(re.escape, term.split()))
        return words + r"\b" if len(term) <= 3 else words

    phrases = sorted(terms, key=len, reverse=True)
    return r"\b(?:" + "|".join(map(one, phrases)) + r")"


def matched_snippet(texts, terms: list[str]) -> str:
    """The snippet of the first of ``texts`` (a trial's fields, in order of preference)
    where a term occurs; without any, of the first non-empty one."""
    texts = [text for text in texts if text]
    if terms:
        pattern = re.compile(_term_pattern(terms), re.IGNORECASE)
        for text in texts:
            if pattern.search(fold_lookalikes(text)):
                return snippet(text, terms)
    return snippet(texts[0], terms) if texts else ""


def snippet(text: str, terms: list[str]) -> str:
    """An HTML-safe excerpt of ``text`` around the first term found, terms in <mark>."""
    if not text:
        return ""
    folded = fold_lookalikes(text)
    pattern = re.compile(_term_pattern(terms), re.IGNORECASE) if terms else None
    first = pattern.search(folded) if pattern else None
    start = max(0, first.start() - SNIPPET_LENGTH // 3) if first else 0
    if start:
        start = folded.find(" ", start) + 1 or start
    excerpt = folded[start : start + SNIPPET_LENGTH]
    if pattern:
        pieces, position = [], 0
        for match in pattern.finditer(excerpt):
            before = escape(excerpt[position : match.start()])
            pieces += [before, f"<mark>{escape(match[0])}</mark>"]
            position = match.end()
        html = "".join(pieces) + escape(excerpt[position:])
    else:
        html = escape(excerpt)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(folded) else ""
    return prefix + html + suffix
