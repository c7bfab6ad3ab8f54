"""How well search finds what people look for: judged queries, recall@25 and nDCG@10.

A judged query names the trials that answer it, by the catalogue's classification rather
than by its text (so search is judged against something it does not read): explicit
public ids, conditions (substrings of the normalised condition keys), cell types, source
tissues or product types, minus trials with an excluded condition. A query's results are
what the list page shows first: the trial an id jumps to, else the search's first page
by relevance; a misspelling is judged on the query the page offers ("Did you mean"), one
click away, since the page never rewrites silently.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q

from trials.catalogue.suggestions import did_you_mean
from trials.catalogue.versions import catalogue_version
from trials.models import Trial

RECALL_DEPTH = 25
NDCG_DEPTH = 10


@dataclass(frozen=True)
class Judgement:
    query: str
    kind: str  # abbreviation, synonym, misspelling, phrase, exclusion, multilingual, id
    ids: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    cell_types: tuple[str, ...] = ()
    tissues: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    without_conditions: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> "Judgement":
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def load_judgements(path: Path) -> list[Judgement]:
    return [Judgement.from_dict(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def recall_at(results: list[str], relevant: set[str], depth: int = RECALL_DEPTH) -> float:
    """Share of the relevant trials in the first ``depth`` results (of at most ``depth``
    relevant ones: a query with 80 right answers is perfect with 25 of them)."""
    if not relevant:
        return 1.0
    return len(set(results[:depth]) & relevant) / min(len(relevant), depth)


def ndcg_at(results: list[str], relevant: set[str], depth: int = NDCG_DEPTH) -> float:
    """Normalised discounted cumulative gain of the first ``depth`` results (binary)."""
    if not relevant:
        return 1.0
    gain = sum(1 / math.log2(rank + 2) for rank, r in enumerate(results[:depth]) if r in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), depth)))
    return gain / ideal


def expected_ids(judgement: Judgement) -> set[str]:
    published = Trial.objects.published()
    wanted = Q(public_id__in=judgement.ids)
    for condition in judgement.conditions:
        wanted |= Q(condition_links__condition__key__contains=condition)
    if judgement.cell_types:
        wanted |= Q(cell_types__term__in=judgement.cell_types)
    if judgement.tissues:
        wanted |= Q(source_tissues__term__in=judgement.tissues)
    if judgement.products:
        wanted |= Q(product_types__term__in=judgement.products)
    found = published.filter(wanted)
    for condition in judgement.without_conditions:
        found = found.exclude(condition_links__condition__key__contains=condition)
    return set(found.values_list("public_id", flat=True))


def results_for(query: str, *, corrected: bool) -> list[str]:
    published = Trial.objects.published()
    jump = published.by_registry_id_query(query)
    if jump is not None:
        return [jump.public_id]
    found = _first_page(published, query)
    if corrected:
        suggestion = did_you_mean(query, len(found), catalogue_version())
        if suggestion:
            found = _first_page(published, suggestion)
    return found


def _first_page(published, query: str) -> list[str]:
    ranked = published.search(query)
    order = ("-rank", "-updated_at", "-id") if "rank" in ranked.query.annotations else ("-id",)
    return list(ranked.order_by(*order).values_list("public_id", flat=True)[:RECALL_DEPTH])


@dataclass
class Row:
    judgement: Judgement
    expected: int
    recall: float
    ndcg: float
    missing: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: list[Row]

    @property
    def recall(self) -> float:
        return sum(r.recall for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def ndcg(self) -> float:
        return sum(r.ndcg for r in self.rows) / len(self.rows) if self.rows else 0.0

    def table(self, *, markdown: bool = False) -> str:
        header = ("query", "kind", "relevant", f"recall@{RECALL_DEPTH}", f"nDCG@{NDCG_DEPTH}")
        lines = [(r.judgement.query, r.judgement.kind, str(r.expected), f"{r.recall:.2f}",
                  f"{r.ndcg:.2f}") for r in self.rows]  # fmt: skip
        total = ("total (mean)", "", str(len(self.rows)), f"{self.recall:.3f}", f"{self.ndcg:.3f}")
        if markdown:
            rows = [header, ("---",) * 5, *lines, tuple(f"**{c}**" if c else c for c in total)]
            return "\n".join("| " + " | ".join(row) + " |" for row in rows)
        widths = [max(len(row[i]) for row in (header, *lines, total)) for i in range(5)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in (header, *lines, total)
        )


def evaluate(judgements: list[Judgement]) -> Report:
    rows = []
    for judgement in judgements:
        relevant = expected_ids(judgement)
        results = results_for(judgement.query, corrected=judgement.kind == "misspelling")
        rows.append(
            Row(
                judgement,
                len(relevant),
                recall_at(results, relevant),
                ndcg_at(results, relevant),
                sorted(relevant - set(results[:RECALL_DEPTH])),
            )
        )
    return Report(rows)
