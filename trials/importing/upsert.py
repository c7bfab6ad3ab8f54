"""The one upsert service: a parsed document in, one trial created, updated or merged.

``importing.files`` calls it for ``manage.py import_trials`` and the admin's upload page.
Each call runs in one transaction: a failure leaves no partial trial. A trial is always the
merge of all its source documents (earliest first), except the fields a curator locked.

Speed: a document costs a fixed number of queries whatever its number of rows. The trial's
current rows are read in one round trip (``batch.read_all``), every write is queued in a
``WriteBatch`` and sent at the end (one round trip on PostgreSQL), names (organisations,
conditions, vocabulary terms) are looked up once per document and remembered for the run
(``Lookups``), and the historical record is written with the rest instead of by a signal.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, partial

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

from trials.catalogue import facet_keys
from trials.db.batch import Rows, WriteBatch, forget_spare_keys, read_all
from trials.history import change_reason
from trials.importing import merge
from trials.importing.collections import (
    SCALAR_FIELDS,
    Groups,
    Pairs,
    condition_names,
    document_of,
    identifier_query,
    new_condition,
    search_document,
    trial_collections,
)
from trials.importing.lookups import NAME_FIELDS, Lookups, Names
from trials.importing.sql import ids_of_trials_holding, trial_by_key
from trials.importing.trust_flags import trust_flags
from trials.models import (
    VOCABULARY_MODELS,
    Arm,
    Condition,
    FlagCode,
    Intervention,
    Organisation,
    Publication,
    RegistryId,
    ReviewFlag,
    SourceDocument,
    Trial,
)
from trials.parsers.record import ParsedTrial
from trials.parsers.record import ReviewFlag as ParsedFlag
from trials.registries import primary_rank, public_id_of, url_slug
from trials.vocab import regen
from trials.vocab.condition_areas import condition_key


class Action:
    CREATED = "created"
    UPDATED = "updated"
    MERGED = "merged"
    UNCHANGED = "unchanged"
    STALE = "stale"  # an older copy of a document a newer one replaced: not applied
    FAILED = "failed"


@dataclass
class ImportResult:
    filename: str
    action: str
    trial_id: str = ""
    format: str = ""
    flags: list[str] = field(default_factory=list)
    error: str = ""


# Trial columns an update writes: all but the key, the creation time and the derived columns
# (a PostgreSQL trigger derives the search vectors, facet_keys.queue_refresh the facet keys).
# The assignee is the review queue's, never an import's.
_NOT_UPDATED = {"id", "created_at", "search_vector", "title_vector", "facet_keys", "assigned_to_id"}


@dataclass(frozen=True)
class Document:
    """One source document as read: its exact text, the name it came under, why its format
    was chosen, and the digest that recognises it again."""

    text: str
    filename: str
    detection_reason: str
    sha256: str


def upsert(
    parsed: ParsedTrial,
    document: Document,
    *,
    now: datetime,
    publish: bool = False,
    lookups: Lookups | None = None,
) -> ImportResult:
    """Create, update or merge the trial of one parsed document, in one transaction.

    Pass the same ``lookups`` to every call of a run to save the name queries.
    """
    lookups = lookups if lookups is not None else Lookups()
    for _ in range(RETRIES):
        try:
            return _upsert(parsed, document, now, publish, lookups)
        except (IntegrityError, OperationalError) as error:
            if isinstance(error, OperationalError) and not _is_deadlock(error):
                raise
            # Another import (a parallel worker) created this trial or one of its names
            # since we looked, or a remembered name was deleted meanwhile (or a sequence
            # was reset under the keys drawn ahead): look again.
            lookups.known.clear()
            forget_spare_keys()
    return _upsert(parsed, document, now, publish, lookups)


# Parallel workers starting on an empty catalogue race for the same few names: each lost
# race is another transaction's commit, after which the names are found.
RETRIES = 5


def _is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "40P01"


def _upsert(parsed, document: Document, now, publish, lookups) -> ImportResult:
    batch = WriteBatch(synchronous_commit=settings.IMPORT_SYNCHRONOUS_COMMIT)
    name = document.filename or document.sha256[:12]
    with transaction.atomic(), change_reason(f"import of {name}"):
        match = find_trial(parsed, lock=True)
        trial = match.trial
        if trial is None:
            trial = Trial(publication=Publication.PUBLISHED if publish else Publication.DRAFT)
            source = _new_source(parsed, document, now)
            source.trial = trial
            flags = _create(trial, [(source, parsed)], lookups=lookups, batch=batch, match=match)
            action = Action.CREATED
        else:
            sources = list(trial.sources.defer("raw_text").order_by("imported_at", "id"))
            if any(source.sha256 == document.sha256 for source in sources):
                # A concurrent import stored this very text after ``import_document`` looked
                # for it, and before this one locked the trial: nothing changes.
                return ImportResult(
                    document.filename, Action.UNCHANGED, trial.public_id, parsed.format
                )
            source, replaced = _store_source(trial, sources, parsed, document, now, batch)
            flags = synchronise(
                trial, sources=sources, fresh=(source, parsed), batch=batch, lookups=lookups
            )
            action = Action.UPDATED if replaced else Action.MERGED
    messages = [flag.message for flag in flags if flag.source_id in (None, source.pk)]
    return ImportResult(document.filename, action, trial.public_id, parsed.format, messages)


@dataclass(frozen=True)
class Match:
    """Which trial a document belongs to, and what the catalogue already holds of its ids."""

    trial: Trial | None
    # The document's registry ids that other trials hold: (registry, value) -> public id.
    elsewhere: dict[tuple[str, str], str] = field(default_factory=dict)
    # Why the document was not merged into a trial it shares an id with, in words.
    refusals: tuple[str, ...] = ()


# Registry ids a curator or another registry may share: they alone never merge two records
# that hold registry-issued ids (sponsors reuse protocol codes across trials).
SHARED_KIND = "other"


def find_trial(parsed: ParsedTrial, *, lock: bool = False) -> Match:
    """The trial a parsed document belongs to, if there is one.

    Two records are one trial only when they share an id that belongs to each trial
    itself: the document's registry-issued ids when it has some, else its other ids. A
    trial that holds a different id of the same registry (two NCTs, two ACTRNs) is another
    trial, however many other ids the two share: the document becomes a trial of its own
    and the refusal is flagged. ``lock`` (inside a transaction) locks the trial's row until
    the transaction ends, so parallel imports merge one after the other into one trial.
    """
    if not parsed.registry_ids:
        found = Trial.objects.filter(public_id=public_id_of((), parsed.title))
        return Match((found.select_for_update() if lock else found).first())
    own = {(i.registry, i.value) for i in parsed.registry_ids}
    issued = {pair for pair in own if pair[0] != SHARED_KIND}
    held: dict[int, set[tuple[str, str]]] = defaultdict(set)
    public_ids: dict[int, str] = {}
    for registry, value, trial_pk, public_id in ids_of_trials_holding(sorted(own)):
        held[trial_pk].add((registry, value))
        public_ids[trial_pk] = public_id
    linking = issued or own
    chosen, refusals = None, []
    for trial_pk, ids in held.items():  # lowest key first
        shared = ids & linking
        if not shared or chosen is not None:
            continue
        different = _different_ids(own, ids)
        if different:
            named = ", ".join(sorted(value for _, value in shared))
            refusals.append(
                f"shares {named} with trial {public_ids[trial_pk]} but has a different "
                f"{different}; imported as a separate trial"
            )
            continue
        chosen = trial_pk
    elsewhere = {
        pair: public_ids[trial_pk]
        for trial_pk, ids in held.items()
        if trial_pk != chosen
        for pair in ids & own
    }
    trial = trial_by_key(chosen, lock=lock) if chosen is not None else None
    return Match(trial, elsewhere, tuple(refusals))


def _different_ids(own: set[tuple[str, str]], held: set[tuple[str, str]]) -> str:
    """The registry for which the two sets hold ids and none in common, in words ("")."""
    for registry in sorted({r for r, _ in own} - {SHARED_KIND}):
        mine = {v for r, v in own if r == registry}
        theirs = {v for r, v in held if r == registry}
        if mine and theirs and not mine & theirs:
            return (
                f"{registry.upper()} id ({', '.join(sorted(mine))} vs {', '.join(sorted(theirs))})"
            )
    return ""


def existing_trial(parsed: ParsedTrial) -> Trial | None:
    """The trial a parsed document would be merged into, if there is one."""
    return find_trial(parsed).trial


def _store_source(
    trial, sources, parsed, document: Document, now, batch: WriteBatch
) -> tuple[SourceDocument, bool]:
    """A changed copy of a document the trial already has replaces it; else it is added.

    ``sources`` (the trial's, in import order) is updated in place. Returns the source and
    whether it replaced an earlier copy.
    """
    source = None
    if document.filename:
        source = next(
            (s for s in sources if s.filename == document.filename and s.format == parsed.format),
            None,
        )
    replaced = source is not None
    if replaced:
        _fill_source(source, parsed, document, now)
        batch.update(
            SourceDocument.objects.filter(pk=source.pk),
            **{name: getattr(source, name) for name in _SOURCE_FIELDS},
        )
    else:
        source = _new_source(parsed, document, now)
        source.trial = trial
        batch.reserve_pks([source])
        batch.insert(SourceDocument, [source])
        sources.append(source)
    sources.sort(key=lambda s: (s.imported_at, s.pk))
    return source, replaced


_SOURCE_FIELDS = (
    "sha256", "format", "detection_reason", "raw_text", "parsed", "spans", "imported_at",
)  # fmt: skip


def _new_source(parsed, document: Document, now) -> SourceDocument:
    source = SourceDocument(filename=document.filename)
    _fill_source(source, parsed, document, now)
    return source


def _fill_source(source, parsed, document: Document, now) -> None:
    source.sha256 = document.sha256
    source.format = parsed.format
    source.detection_reason = document.detection_reason
    source.raw_text = document.text
    source.parsed = merge.to_json(parsed)
    source.spans = {name: [list(span) for span in found] for name, found in parsed.spans.items()}
    source.imported_at = now


def synchronise(
    trial: Trial,
    *,
    sources: list[SourceDocument] | None = None,
    fresh: tuple[SourceDocument, ParsedTrial] | None = None,
    batch: WriteBatch | None = None,
    lookups: Lookups | None = None,
) -> list[ReviewFlag]:
    """Recompute a saved trial from all its sources, keep curator-locked fields, record flags.

    ``sources`` are the trial's sources in import order (read when not given); ``fresh`` is
    the source just imported with its parsed record (spares reading it back from JSON).
    Writes go to ``batch``, which is flushed here. Reads the trial's rows in one round trip and
    rewrites only the collections whose merged value differs from what the trial holds.
    Returns the trial's open review flags.
    """
    batch = batch if batch is not None else WriteBatch()
    lookups = lookups if lookups is not None else Lookups()
    if sources is None:
        sources = list(trial.sources.defer("raw_text").order_by("imported_at", "id"))
    if not sources:
        batch.flush()
        return list(trial.review_flags.filter(resolved_at=None))
    fresh_source, fresh_parsed = fresh or (None, None)
    named = [(s, _named_source(s, fresh_parsed if s is fresh_source else None)) for s in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    locked = set(trial.locked_fields or [])
    wanted_flags = [(flag.code, flag.message, None) for flag in merge_flags]
    if "title" not in locked:
        wanted_flags += [(flag.code, flag.message, None) for flag in _title_flags(merged)]
    wanted_flags += [
        (flag.code, flag.message, None) for flag in trust_flags(merged, timezone.localdate())
    ]
    for source, item in named:
        for flag in item.parsed.review_flags:
            wanted_flags.append((flag.code, flag.message, source.pk))
    state = _read_state(trial, merged)

    changed = False
    for name, value_of in SCALAR_FIELDS.items():
        value = value_of(merged)
        current = getattr(trial, name)
        if value == current:
            continue
        if name in locked:
            if value not in ("", None):
                stating = [(s, i) for s, i in named if value_of(i.parsed) == value]
                wanted_flags.append(_lock_conflict(name, current, value, stating))
            continue
        setattr(trial, name, value)
        changed = True

    collections = trial_collections()
    held = dict(state.collections)  # what the trial holds once this is done
    rewritten = []
    for name, collection in collections.items():
        value = collection.wanted(merged)
        current = state.collections[name]
        if value == current:
            continue
        if name in locked:
            if value:
                stating = [(s, i) for s, i in named if collection.wanted(i.parsed) == value]
                wanted_flags.append(_lock_conflict(name, current, value, stating or named))
            continue
        rewritten.append(name)
        held[name] = value
        changed = True

    names, new_names = lookups.resolve(_wanted_names([merged], rewritten))
    groups: list[tuple[type[Model], list[Model]]] = []
    for name in rewritten:
        collections[name].clear(trial, batch)
        groups += collections[name].rows([(trial, merged)], names)
    identifiers_changed, id_flags, identifiers = _write_identifiers(trial, merged, state, batch)
    wanted_flags.extend(id_flags)
    held["identifiers"] = identifiers
    _insert(batch, new_names, groups)
    trial._prepare_related_fields_for_save(operation_name="save")  # a new sponsor's key

    public_id = _public_id(state, merged)
    # With locks the trial is no longer the merge of its sources: index what it holds.
    document = document_of(trial, held) if locked else search_document(trial, merged)
    if (
        changed
        or identifiers_changed
        or public_id != trial.public_id
        or (document != trial.search_document)
    ):
        trial.public_id = public_id
        trial.search_document = document
        trial.updated_at = timezone.now()
        batch.update(
            Trial.objects.filter(pk=trial.pk),
            **{
                f.attname: getattr(trial, f.attname)
                for f in Trial._meta.concrete_fields
                if f.attname not in _NOT_UPDATED
            },
        )
        batch.insert(history_model(), [new_record(trial, "~", held, trial.updated_at)])
    flags = _write_flags(trial, wanted_flags, state.flags, batch)
    facet_keys.queue_refresh(batch, trial.pk)
    batch.flush()
    return flags


def merged_sources(trial: Trial) -> ParsedTrial | None:
    """What the trial's sources say together (as an import would merge them), curators' locks
    aside; None for a trial entered by hand."""
    sources = list(trial.sources.defer("raw_text").order_by("imported_at", "id"))
    if not sources:
        return None
    merged, _ = merge.merge([_named_source(source) for source in sources])
    return merged


def _named_source(source: SourceDocument, parsed: ParsedTrial | None = None) -> merge.Source:
    parsed = parsed if parsed is not None else merge.from_json(source.parsed)
    return merge.Source(source.filename or source.sha256[:12], parsed)


def _create(
    trial: Trial,
    sources: list[tuple[SourceDocument, ParsedTrial]],
    *,
    lookups: Lookups,
    batch: WriteBatch,
    match: Match | None = None,
) -> list[ReviewFlag]:
    """Insert a new trial from its first sources: every row written once, in one batch.

    Registry ids that other trials hold (``match.elsewhere``) stay with them, flagged.
    """
    match = match or Match(None)
    named = [(s, _named_source(s, parsed)) for s, parsed in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    if match.elsewhere:
        kept = tuple(i for i in merged.registry_ids if (i.registry, i.value) not in match.elsewhere)
        merged = replace(merged, registry_ids=kept)
    if not merged.title:
        trial.publication = Publication.DRAFT  # published only once a curator titles it
    merge_flags = (
        *merge_flags,
        *_title_flags(merged),
        *trust_flags(merged, timezone.localdate()),
        *(_elsewhere_flag(value, public_id) for (_, value), public_id in match.elsewhere.items()),
        *(ParsedFlag(code="merge_refused", message=refusal) for refusal in match.refusals),
    )
    pairs = [(trial, merged)]
    names, new_names = lookups.resolve(_wanted_names([merged], trial_collections()))
    _set_columns(pairs, names)
    groups = _related_rows(pairs, names)
    trial.facet_keys = facet_keys.of_new_trial(trial, groups)
    flags = [ReviewFlag(trial=trial, code=f.code, message=f.message) for f in merge_flags]
    for source, item in named:
        flags += [
            ReviewFlag(trial=trial, source=source, code=f.code, message=f.message)
            for f in dict.fromkeys(item.parsed.review_flags)
        ]
    batch.reserve_pks([trial], [s for s, _ in sources], *_needing_keys(new_names, groups))
    _insert(batch, new_names, [])
    batch.insert(Trial, [trial])
    snapshot = {"identifiers": tuple(i.value for i in _ordered_identifiers(merged))}
    snapshot.update({name: c.wanted(merged) for name, c in trial_collections().items()})
    batch.insert(history_model(), [new_record(trial, "+", snapshot, timezone.now())])
    batch.insert(SourceDocument, [source for source, _ in sources])
    _insert(batch, [], groups)
    batch.insert(ReviewFlag, flags)
    batch.flush()
    return flags


# Rows other rows point to: their keys are reserved before the batch is written.
_REFERENCED = (Intervention, Arm, *NAME_FIELDS)


def _needing_keys(*group_lists: Groups) -> list[list[Model]]:
    return [objs for groups in group_lists for model, objs in groups if model in _REFERENCED]


def _insert(batch: WriteBatch, new_names: Groups, groups: Groups) -> None:
    """Insert new named rows and related rows, keys reserved first (PostgreSQL)."""
    batch.reserve_pks(*_needing_keys(new_names, groups))
    for model, objs in (*new_names, *groups):
        batch.insert(model, objs)


def prepare_new_trials(pairs: Pairs, *, lookups: Lookups | None = None) -> None:
    """Set the columns of unsaved trials from their merged records (derived ones included).

    New sponsors are saved at once, so that the trials can be bulk-inserted next.
    """
    lookups = lookups if lookups is not None else Lookups()
    names, new_names = lookups.resolve(_wanted_names([m for _, m in pairs], ["sponsor"]))
    batch = WriteBatch()
    _insert(batch, new_names, [])
    batch.flush()
    _set_columns(pairs, names)


def insert_related_rows(pairs: Pairs, *, lookups: Lookups | None = None) -> None:
    """Write the registry ids and every collection of freshly inserted trials: one insert
    per table whatever the number of trials (one round trip on PostgreSQL)."""
    lookups = lookups if lookups is not None else Lookups()
    names, new_names = lookups.resolve(_wanted_names([m for _, m in pairs], trial_collections()))
    batch = WriteBatch()
    _insert(batch, new_names, _related_rows(pairs, names))
    batch.flush()
    facet_keys.refresh(trial.pk for trial, _ in pairs)


def _set_columns(pairs: Pairs, names: Names) -> None:
    for trial, merged in pairs:
        for name, value_of in SCALAR_FIELDS.items():
            setattr(trial, name, value_of(merged))
        trial.sponsor = names[(Organisation, merged.sponsor[:500])] if merged.sponsor else None
        trial.public_id = public_id_of(
            [(i.registry, i.value, False) for i in merged.registry_ids], merged.title
        )
        trial.search_document = search_document(trial, merged)


def _related_rows(pairs: Pairs, names: Names) -> Groups:
    """The rows of new trials' registry ids and collections, by model, in insert order."""
    groups: Groups = [
        (
            RegistryId,
            Rows(
                ("trial", "registry", "value", "slug", "is_primary"),
                (
                    (trial, i.registry, i.value, url_slug(i.value), index == 0)
                    for trial, merged in pairs
                    for index, i in enumerate(_ordered_identifiers(merged))
                ),
            ),
        )
    ]
    for name, collection in trial_collections().items():
        if name != "sponsor":
            groups += collection.rows(pairs, names)
    return [(model, objs) for model, objs in groups if objs]


def _ordered_identifiers(merged: ParsedTrial):
    return sorted(merged.registry_ids, key=lambda i: primary_rank(i.registry))


def _wanted_names(
    records: Iterable[ParsedTrial], collections: Iterable[str]
) -> dict[type[Model], dict[str, Callable[[], Model]]]:
    """The named rows that writing ``collections`` of ``records`` needs, with factories."""
    collections = set(collections)
    wanted: dict[type[Model], dict[str, Callable[[], Model]]] = defaultdict(dict)
    for merged in records:
        organisations = []
        if "sponsor" in collections and merged.sponsor:
            organisations.append(merged.sponsor)
        if "collaborators" in collections:
            organisations += merged.collaborators
        for name in organisations:
            wanted[Organisation][name[:500]] = partial(Organisation, name=name[:500])
        if "conditions" in collections:
            for name in condition_names(merged):
                wanted[Condition].setdefault(condition_key(name), partial(new_condition, name))
        for relation, model in VOCABULARY_MODELS.items():
            if relation in collections:
                for term in getattr(merged.regen, relation):
                    wanted[model][term] = partial(_new_term, relation, model, term)
    return wanted


def _new_term(relation: str, model: type[Model], term: str) -> Model:
    labels = dict(regen.choices(regen.VOCABULARIES[relation]))
    return model(term=term, label=labels.get(term, ""))


def _lock_conflict(
    name: str, current: object, value: object, stating: list
) -> tuple[str, str, int | None]:
    """A review flag naming the field, both values and the sources that state theirs."""
    label = name.replace("_", " ")
    names = ", ".join(item.name for _, item in stating) or "the sources"
    if isinstance(value, tuple):
        said = _collection_difference(name, current, value)
        message = f"{label}: a curator's edit is kept; {names} say otherwise ({said})."
    else:
        message = (
            f"{label}: a curator set {current!r}; {names} say {value!r}. "
            "The curator's value is kept."
        )
    source_id = stating[0][0].pk if len(stating) == 1 else None
    return "curator_lock", message, source_id


def _collection_difference(name: str, current: tuple, value: tuple, limit: int = 3) -> str:
    """What the sources add to and drop from a curator-locked collection, in short."""
    if name == "interventions":
        current, value = (*current[0], *current[1]), (*value[0], *value[1])

    def show(item) -> str:
        text = item if isinstance(item, str) else " / ".join(str(p) for p in item if p != "")
        return repr(text[:80])

    parts = []
    for verb, items in (
        ("adds", [item for item in value if item not in current]),
        ("drops", [item for item in current if item not in value]),
    ):
        if items:
            more = f" and {len(items) - limit} more" if len(items) > limit else ""
            parts.append(f"{verb} {', '.join(show(item) for item in items[:limit])}{more}")
    return "; ".join(parts) or "a different order"


@dataclass
class _State:
    """What a saved trial holds, read in one round trip."""

    collections: dict[str, object]
    identifiers: list[list]  # [pk, registry, value, slug, is_primary], primary first
    elsewhere: dict[tuple[str, str], str]  # the sources' registry ids other trials hold
    flags: list[ReviewFlag]


def _read_state(trial: Trial, merged: ParsedTrial) -> _State:
    collections = trial_collections()
    queries = [qs for c in collections.values() for qs in c.queries(trial)]
    queries.append(identifier_query(trial))
    queries.append(
        ReviewFlag.objects.filter(trial=trial).values_list(
            "pk", "code", "message", "source_id", "resolved_at"
        )
    )
    if merged.registry_ids:
        match = Q()
        for identifier in merged.registry_ids:
            match |= Q(registry=identifier.registry, value=identifier.value)
        queries.append(
            RegistryId.objects.filter(match)
            .exclude(trial=trial)
            .order_by()
            .values_list("registry", "value", "trial__public_id")
        )
    rows = iter(read_all(queries))
    values = {
        name: c.from_rows([next(rows) for _ in c.queries(trial)]) for name, c in collections.items()
    }
    identifiers = [list(row) for row in next(rows)]
    flags = [
        ReviewFlag(pk=pk, trial=trial, code=code, message=message, source_id=source_id,
                   resolved_at=resolved_at)
        for pk, code, message, source_id, resolved_at in next(rows)
    ]  # fmt: skip
    elsewhere = {(r, v): public_id for r, v, public_id in next(rows, [])}
    return _State(values, identifiers, elsewhere, flags)


def _public_id(state: _State, merged: ParsedTrial) -> str:
    """The slug of the primary registry id (``state.identifiers`` as written)."""
    return public_id_of([(i[1], i[2], i[4]) for i in state.identifiers], merged.title)


def _write_identifiers(
    trial: Trial, merged: ParsedTrial, state: _State, batch: WriteBatch
) -> tuple[bool, list, tuple[str, ...]]:
    """Add the sources' registry ids the trial lacks and settle which one is primary.

    Updates ``state.identifiers`` to what the trial holds afterwards; returns whether
    anything changed, review flags, and the ids' values, primary first.
    """
    flags = []
    existing = {(row[1], row[2]): row for row in state.identifiers}
    new = []
    for identifier in merged.registry_ids:
        key = (identifier.registry, identifier.value)
        if key in existing:
            continue
        if key in state.elsewhere:
            flag = _elsewhere_flag(identifier.value, state.elsewhere[key])
            flags.append((flag.code, flag.message, None))
            continue
        existing[key] = row = [None, key[0], key[1], url_slug(identifier.value), False]
        new.append(row)
    best = min(existing.values(), key=lambda row: primary_rank(row[1]), default=None)
    demoted = [row for row in existing.values() if row[4] and row is not best]
    promoted = best is not None and not best[4] and best[0] is not None
    # Demote before promoting: a trial has one primary id at any moment.
    if demoted:
        batch.update(RegistryId.objects.filter(pk__in=[row[0] for row in demoted]),
                     is_primary=False)  # fmt: skip
        for row in demoted:
            row[4] = False
    if best is not None and not best[4]:
        best[4] = True
        if promoted:
            batch.update(RegistryId.objects.filter(pk=best[0]), is_primary=True)
    batch.insert(
        RegistryId,
        Rows(
            ("trial", "registry", "value", "slug", "is_primary"),
            ((trial, *row[1:]) for row in new),
        ),
    )
    state.identifiers = list(existing.values())
    order = sorted(
        enumerate(state.identifiers),
        key=lambda item: (not item[1][4], item[1][0] is None, item[1][0] or item[0]),
    )
    return bool(new or demoted or promoted), flags, tuple(row[2] for _, row in order)


def _title_flags(merged: ParsedTrial) -> tuple[ParsedFlag, ...]:
    if merged.title:
        return ()
    message = "no title in the sources: the trial stays unpublished until a curator gives it one"
    return (ParsedFlag(code="title_missing", message=message),)


def _elsewhere_flag(value: str, public_id: str) -> ParsedFlag:
    return ParsedFlag(
        code="identifier_elsewhere",
        message=f"{value} also identifies trial {public_id}; the two may be one trial",
    )


# Flags no source states (visitors' reports): an import never deletes them.
NOT_FROM_SOURCES = {FlagCode.VISITOR_REPORT}


def _write_flags(
    trial: Trial,
    wanted: list[tuple[str, str, int | None]],
    current: list[ReviewFlag],
    batch: WriteBatch,
) -> list[ReviewFlag]:
    """Keep flags in step with the sources; a flag a curator resolved stays resolved."""
    existing = {(f.code, f.message, f.source_id): f for f in current}
    wanted_keys = list(dict.fromkeys(wanted))
    new = []
    for key in wanted_keys:
        if key not in existing:
            code, message, source_id = key
            existing[key] = flag = ReviewFlag(
                trial=trial, code=code, message=message, source_id=source_id
            )
            new.append(flag)
    batch.insert(ReviewFlag, new)
    stale = [
        f.pk
        for key, f in existing.items()
        if key not in wanted_keys and not f.resolved_at and f.code not in NOT_FROM_SOURCES
    ]
    if stale:
        batch.delete(ReviewFlag.objects.filter(pk__in=stale))
    return [existing[key] for key in wanted_keys if not existing[key].resolved_at]


@cache
def history_model() -> type[Model]:
    """The historical trial model (``Trial.history`` builds a manager class on each access)."""
    return Trial.history.model


def new_record(trial: Model, history_type: str, snapshot: dict, date) -> Model:
    """An unsaved historical record of ``trial``, as a ``save()`` would write it, with the
    snapshot of its related rows: for the importer, which writes trials without save()."""
    model = history_model()
    reason = get_change_reason_from_object(trial) or getattr(
        HistoricalRecords.context, "change_reason", None
    )
    return model(
        history_date=date,
        history_type=history_type,
        history_user=model.get_default_history_user(trial),
        history_change_reason=reason,
        related_snapshot=snapshot,
        **{field.attname: getattr(trial, field.attname) for field in model.tracked_fields},
    )
