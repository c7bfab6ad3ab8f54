"""Merging what several source documents say about one trial, and storing parsed records.

Pure functions: no ORM. The importer keeps each source's ``ParsedTrial`` as JSON and merges
all of a trial's sources whenever one of them changes, so the trial is always the same
function of its sources (plus what curators locked).
"""

import dataclasses
import functools
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from trials.parsers import secondary
from trials.parsers.record import Classification, ParsedTrial, ReviewFlag, TrialDates
from trials.text import search_key

# Fields whose values from several sources are combined rather than chosen.
UNION_FIELDS = ("registry_ids", "countries", "collaborators")
# Fields that describe the parse itself, not the trial.
NOT_MERGED = ("format", "review_flags", "regen", "dates", "spans")


@dataclass(frozen=True)
class Source:
    """One source's parsed record, named for messages (usually its file name)."""

    name: str
    parsed: ParsedTrial


# Layouts that report on a trial rather than register it (abstracts, news items): their values
# yield to a registry page's.
SECONDARY_FORMATS = frozenset({secondary.NAME})


def merge(sources: Sequence[Source]) -> tuple[ParsedTrial, tuple[ReviewFlag, ...]]:
    """Combine sources: registry pages before secondary ones, then earliest first.

    For each field the first source that states a value wins, with two exceptions that keep
    junk from winning: a value the parser took from prose or a title (flagged
    "<field>_implied") yields to one a source labels, and a value another source states more
    completely (a cut-off text, a list with fewer items) yields to the fuller one. Returns
    the merged record and a review flag for every real disagreement.
    """
    if not sources:
        raise ValueError("merge() needs at least one source")
    first = sources[0].parsed
    if len(sources) == 1:
        return first, ()
    sources = sorted(sources, key=lambda s: s.parsed.format in SECONDARY_FORMATS)
    changes: dict[str, object] = {}
    flags: list[ReviewFlag] = []
    for field in fields(ParsedTrial):
        if field.name in NOT_MERGED:
            continue
        named_values = [(s.name, getattr(s.parsed, field.name)) for s in sources]
        if field.name in UNION_FIELDS:
            changes[field.name] = _union(value for _, value in named_values)
            continue
        implied = {s.name for s in sources if _implies(s.parsed, field.name)}
        value, flag = _choose(field.name, named_values, implied)
        changes[field.name] = value
        if flag:
            flags.append(flag)
    dates, date_flags = _merge_dates(sources)
    changes["dates"] = dates
    changes["regen"] = _merge_regen(sources, flags)
    flags.extend(date_flags)
    return replace(first, **changes), tuple(flags)


def _is_stated(value: object) -> bool:
    return value not in (None, "", ())


def _comparable(value: object) -> object:
    if isinstance(value, str):
        return search_key(value)
    if isinstance(value, tuple):
        return tuple(_comparable(item) for item in value)
    if dataclasses.is_dataclass(value):
        return tuple(_comparable(getattr(value, f.name)) for f in fields(value))
    return value


def _describe(value: object) -> str:
    if isinstance(value, tuple):
        return f"{len(value)} item(s)"
    return repr(value) if not isinstance(value, str) else f"'{value[:120]}'"


def _implies(parsed: ParsedTrial, name: str) -> bool:
    """Whether the parser took this field's value from prose rather than from its label."""
    return any(flag.code == f"{name}_implied" for flag in parsed.review_flags)


def _choose(
    name: str, named_values: list[tuple[str, object]], implied: set[str] = frozenset()
) -> tuple[object, ReviewFlag | None]:
    stated = [(source, value) for source, value in named_values if _is_stated(value)]
    if not stated:
        return named_values[0][1], None
    stated.sort(key=lambda item: item[0] in implied)  # labelled values first
    chosen_source, chosen = stated[0]
    conflict = None
    for source, value in stated[1:]:
        if _comparable(value) == _comparable(chosen) or _completes(chosen, value):
            continue
        if _completes(value, chosen) and (source not in implied or chosen_source in implied):
            chosen_source, chosen = source, value
            continue
        if conflict is None and source not in implied:
            conflict = (source, value)
    if conflict is None:
        return chosen, None
    source, value = conflict
    return chosen, ReviewFlag(
        code="source_conflict",
        message=(
            f"{name.replace('_', ' ')}: {chosen_source} says {_describe(chosen)}, "
            f"{source} says {_describe(value)}; kept {chosen_source}'s"
        ),
    )


def _completes(fuller: object, other: object) -> bool:
    """Whether ``fuller`` says all that ``other`` says and more: ``other`` cut short, or a
    list missing some of its items."""
    if isinstance(fuller, str) and isinstance(other, str):
        long, short = search_key(fuller), search_key(other)
        return len(short) >= 4 and len(long) > len(short) and long.startswith(short)
    if isinstance(fuller, tuple) and isinstance(other, tuple):
        long, short = set(_comparable(fuller)), set(_comparable(other))
        return short < long
    return False


def _union(values: typing.Iterable[tuple]) -> tuple:
    seen: dict[object, object] = {}
    for value in values:
        for item in value:
            seen.setdefault(_comparable(item), item)
    return tuple(seen.values())


def _merge_dates(sources: Sequence[Source]) -> tuple[TrialDates, list[ReviewFlag]]:
    chosen: dict[str, object] = {}
    flags = []
    for field in fields(TrialDates):
        named = [(s.name, getattr(s.parsed.dates, field.name)) for s in sources]
        chosen[field.name], flag = _choose(f"{field.name} date", named)
        if flag:
            flags.append(flag)
    return TrialDates(**chosen), flags


def _merge_regen(sources: Sequence[Source], flags: list[ReviewFlag]) -> Classification:
    regens = [(s.name, s.parsed.regen) for s in sources]
    donor, flag = _choose("donor", [(name, regen.donor) for name, regen in regens])
    if flag:
        flags.append(flag)
    return Classification(
        product_types=_union(regen.product_types for _, regen in regens),
        cell_types=_union(regen.cell_types for _, regen in regens),
        source_tissues=_union(regen.source_tissues for _, regen in regens),
        donor=donor,
        routes=_union(regen.routes for _, regen in regens),
    )


def to_json(parsed: ParsedTrial) -> dict:
    """The record as JSON; its spans are stored apart (``SourceDocument.spans``)."""
    data = dataclasses.asdict(parsed)
    del data["spans"]
    return data


def from_json(data: dict) -> ParsedTrial:
    """Rebuild a ParsedTrial stored by ``to_json``; unknown keys are ignored."""
    return _build(ParsedTrial, data)


@functools.cache
def _fields_and_hints(cls: type) -> tuple[tuple[str, object], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((field.name, hints[field.name]) for field in fields(cls))


def _build(cls: type, data: dict):
    values = {}
    for name, hint in _fields_and_hints(cls):
        if name in data:
            values[name] = _convert(hint, data[name])
    return cls(**values)


def _convert(hint, value):
    if value is None:
        return None
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(_convert(item_hint, item) for item in value)
    if origin in (typing.Union, types.UnionType):
        non_null = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(non_null[0], value) if len(non_null) == 1 else value
    return value
