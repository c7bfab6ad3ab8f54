"""Full-text search: web-search syntax ("quoted phrase", OR, -exclusion) on both databases.

PostgreSQL matches a stored, GIN-indexed tsvector (kept current by a trigger, see migration
0002) with ``websearch_to_tsquery`` and ranks by ``ts_rank``. SQLite falls back to substring
matching over the same folded search document. Query text always goes through the ORM as a
parameter, folded like the document (case, accents, look-alike letters).
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils.html import escape

from trials.text import fold_lookalikes, search_key

SEARCH_CONFIG = "english"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


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


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def tsquery(text: str) -> SearchQuery:
    return SearchQuery(search_key(text), search_type="websearch", config=SEARCH_CONFIG)


def substring_condition(text: str) -> Q:
    """The SQLite fallback: every group matches one phrase; no excluded phrase occurs."""
    parsed = parse_query(text)
    condition = Q()
    for group in parsed.groups:
        alternatives = Q()
        for phrase in group:
            alternatives |= Q(search_document__contains=phrase)
        condition &= alternatives
    for phrase in parsed.excluded:
        condition &= ~Q(search_document__contains=phrase)
    return condition


SNIPPET_LENGTH = 240


def highlight_terms(text: str) -> list[str]:
    parsed = parse_query(text)
    return [phrase for group in parsed.groups for phrase in group if len(phrase) > 1]


def snippet(text: str, terms: list[str]) -> str:
    """An HTML-safe excerpt of ``text`` around the first term found, terms in <mark>."""
    if not text:
        return ""
    folded = fold_lookalikes(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    first = pattern.search(folded) if pattern else None
    start = max(0, first.start() - SNIPPET_LENGTH // 3) if first else 0
    if start:
        start = folded.find(" ", start) + 1 or start
    excerpt = folded[start : start + SNIPPET_LENGTH]
    html = escape(excerpt)
    if pattern:
        html = re.sub(
            "|".join(re.escape(escape(t)) for t in terms),
            lambda m: f"<mark>{m.group(0)}</mark>",
            html,
            flags=re.IGNORECASE,
        )
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(folded) else ""
    return prefix + html + suffix
