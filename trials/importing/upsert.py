"""The one upsert service: a parsed document in, one trial created, updated or merged.

Used by ``manage.py import_trials`` and the admin's upload page. Each call runs in one
transaction: a failure leaves no partial trial. A trial is always the merge of all its
source documents (earliest first), except the fields a curator locked.

Speed: a document costs a fixed number of queries whatever its number of rows. The trial's
current rows are read in one round trip (``batch.read_all``), every write is queued in a
``WriteBatch`` and sent at the end (one round trip on PostgreSQL), names (organisations,
conditions, vocabulary terms) are looked up once per document and remembered for the run
(``Lookups``), and the historical record is written with the rest instead of by a signal.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from trials.catalogue import facet_keys
from trials.db.batch import WriteBatch, read_all
from trials.history import change_reason, history_model, new_record
from trials.importing import merge
from trials.importing.documents import text_sha256
from trials.importing.sql import known_document, trial_with_ids
from trials.models import (
    Arm,
    CellType,
    Condition,
    Contact,
    Criterion,
    CriterionKind,
    Intervention,
    Location,
    Organisation,
    Outcome,
    OutcomeKind,
    ProductType,
    Publication,
    RegistryId,
    ReviewFlag,
    Route,
    SourceDocument,
    SourceTissue,
    Status,
    Trial,
    TrialCondition,
    TrialCountry,
    TrialPhase,
)
from trials.parsers import detect, parse_document
from trials.parsers.record import ParsedTrial
from trials.registries import primary_rank, public_id_of, url_slug
from trials.text import search_key
from trials.vocab import condition_areas, regen


class Action:
    CREATED = "created"
    UPDATED = "updated"
    MERGED = "merged"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class ImportResult:
    filename: str
    action: str
    trial_id: str = ""
    format: str = ""
    flags: list[str] = field(default_factory=list)
    error: str = ""


# Trial columns set from a ParsedTrial; "" and None both mean "the sources do not say".
SCALAR_FIELDS: dict[str, Callable[[ParsedTrial], object]] = {
    "title": lambda p: p.title,
    "acronym": lambda p: p.acronym,
    "status": lambda p: p.status or Status.UNKNOWN,
    "status_raw": lambda p: p.status_raw,
    "study_type": lambda p: p.study_type or "",
    "start_date": lambda p: p.dates.start or "",
    "primary_completion_date": lambda p: p.dates.primary_completion or "",
    "completion_date": lambda p: p.dates.completion or "",
    "first_posted_date": lambda p: p.dates.first_posted or "",
    "last_update_date": lambda p: p.dates.last_update or "",
    "brief_summary": lambda p: p.brief_summary,
    "detailed_description": lambda p: p.detailed_description,
    "enrollment": lambda p: p.enrollment,
    "enrollment_type": lambda p: p.enrollment_type or "",
    "sex": lambda p: p.sex or "",
    "min_age_years": lambda p: p.min_age_years,
    "max_age_years": lambda p: p.max_age_years,
    "healthy_volunteers": lambda p: p.healthy_volunteers,
    "allocation": lambda p: p.allocation or "",
    "intervention_model": lambda p: p.intervention_model or "",
    "masking": lambda p: p.masking or "",
    "primary_purpose": lambda p: p.primary_purpose or "",
    "donor": lambda p: p.regen.donor or "",
}

VOCABULARY_RELATIONS = {
    "product_types": ProductType,
    "cell_types": CellType,
    "source_tissues": SourceTissue,
    "routes": Route,
}

# The unique column each kind of named row is found by.
NAME_FIELDS: dict[type[Model], str] = {
    Organisation: "name",
    Condition: "key",
    **{model: "term" for model in VOCABULARY_RELATIONS.values()},
}

# Trial columns an update writes: all but the key, the creation time and the derived columns
# (a PostgreSQL trigger derives the search vectors, facet_keys.refresh the facet keys).
_NOT_UPDATED = {"id", "created_at", "search_vector", "title_vector", "facet_keys"}

Names = dict[tuple[type[Model], str], Model]


class Lookups:
    """Keys of named rows (organisations, conditions, vocabulary terms) for one run.

    A run of imports meets the same few hundred names again and again; after the first
    document that names one, its key comes from here instead of a query. What a
    transaction learns is kept only once it commits: a rolled-back import teaches nothing.
    """

    def __init__(self) -> None:
        self.known: dict[tuple[type[Model], str], int] = {}

    def resolve(
        self, wanted: dict[type[Model], dict[str, Callable[[], Model]]]
    ) -> tuple[Names, list[tuple[type[Model], list[Model]]]]:
        """Instances for the wanted names: saved ones (key only) and new unsaved ones.

        ``wanted`` maps a model to {name: factory of a new row}. One query (PostgreSQL)
        for the names not known yet; returns the names and the new rows to insert.
        """
        names: Names = {}
        unknown: dict[type[Model], list[str]] = defaultdict(list)
        for model, makers in wanted.items():
            for value in makers:
                pk = self.known.get((model, value))
                if pk is None:
                    unknown[model].append(value)
                else:
                    names[(model, value)] = model(pk=pk, **{NAME_FIELDS[model]: value})
        if not unknown:
            return names, []
        models = list(unknown)
        found = read_all(
            [
                model.objects.filter(**{f"{NAME_FIELDS[model]}__in": unknown[model]})
                .order_by()
                .values_list(NAME_FIELDS[model], "pk")
                for model in models
            ]
        )
        learnt: dict[tuple[type[Model], str], int] = {}
        new: list[tuple[type[Model], list[Model]]] = []
        for model, rows in zip(models, found, strict=True):
            learnt.update({(model, value): pk for value, pk in rows})
            # In name order: parallel imports inserting the same names do not deadlock.
            missing = [
                wanted[model][v]() for v in sorted(unknown[model]) if (model, v) not in learnt
            ]
            if missing:
                new.append((model, missing))
                names.update({(model, getattr(obj, NAME_FIELDS[model])): obj for obj in missing})
        names.update(
            {(model, value): model(pk=pk, **{NAME_FIELDS[model]: value})
             for (model, value), pk in learnt.items()}
        )  # fmt: skip

        def remember() -> None:
            self.known.update(learnt)
            self.known.update(
                {(model, getattr(obj, NAME_FIELDS[model])): obj.pk
                 for model, objs in new for obj in objs}
            )  # fmt: skip

        transaction.on_commit(remember)
        return names, new


def import_text(
    text: str,
    *,
    filename: str,
    now: datetime,
    format: str | None = None,
    publish: bool = False,
    lookups: Lookups | None = None,
) -> ImportResult:
    """Parse one document and upsert its trial. Raises ParseError for a text with no trial.

    Pass the same ``lookups`` to every call of a run to save the name queries.
    """
    sha = text_sha256(text)
    if (row := known_document(sha)) is not None:
        return ImportResult(filename, Action.UNCHANGED, row[0], row[1])

    detection = detect(text) if format is None else None
    parsed = parse_document(text, format=detection.format if detection else format)
    lookups = lookups if lookups is not None else Lookups()
    for _ in range(RETRIES):
        try:
            return _upsert(parsed, text, sha, filename, detection, now, publish, lookups)
        except (IntegrityError, OperationalError) as error:
            if isinstance(error, OperationalError) and not _is_deadlock(error):
                raise
            # Another import (a parallel worker) created this trial or one of its names
            # since we looked, or a remembered name was deleted meanwhile: look again.
            lookups.known.clear()
    return _upsert(parsed, text, sha, filename, detection, now, publish, lookups)


# Parallel workers starting on an empty catalogue race for the same few names: each lost
# race is another transaction's commit, after which the names are found.
RETRIES = 5


def _is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "40P01"


def _upsert(parsed, text, sha, filename, detection, now, publish, lookups) -> ImportResult:
    batch = WriteBatch(synchronous_commit=settings.IMPORT_SYNCHRONOUS_COMMIT)
    with transaction.atomic(), change_reason(f"import of {filename or sha[:12]}"):
        trial = existing_trial(parsed, lock=True)
        if trial is None:
            trial = Trial(publication=Publication.PUBLISHED if publish else Publication.DRAFT)
            source = _new_source(parsed, text, sha, filename, detection, now)
            source.trial = trial
            flags = _create(trial, [source], lookups=lookups, batch=batch)
            action = Action.CREATED
        else:
            sources = list(trial.sources.defer("raw_text").order_by("imported_at", "id"))
            source, replaced = _store_source(
                trial, sources, parsed, text, sha, filename, detection, now, batch
            )
            flags = synchronise(trial, sources=sources, batch=batch, lookups=lookups)
            action = Action.UPDATED if replaced else Action.MERGED
    messages = [flag.message for flag in flags if flag.source_id in (None, source.pk)]
    return ImportResult(filename, action, trial.public_id, parsed.format, messages)


def existing_trial(parsed: ParsedTrial, *, lock: bool = False) -> Trial | None:
    """The trial a parsed document belongs to (by any shared registry id), if there is one.

    ``lock`` (inside a transaction) locks the trial's row until the transaction ends, so
    that imports running in parallel merge one after the other into the same trial.
    """
    if parsed.registry_ids:
        pairs = [(identifier.registry, identifier.value) for identifier in parsed.registry_ids]
        return trial_with_ids(pairs, lock=lock)
    found = Trial.objects.filter(public_id=public_id_of((), parsed.title))
    return (found.select_for_update() if lock else found).first()


def _store_source(
    trial, sources, parsed, text, sha, filename, detection, now, batch: WriteBatch
) -> tuple[SourceDocument, bool]:
    """A changed copy of a document the trial already has replaces it; else it is added.

    ``sources`` (the trial's, in import order) is updated in place. Returns the source and
    whether it replaced an earlier copy.
    """
    source = None
    if filename:
        source = next(
            (s for s in sources if s.filename == filename and s.format == parsed.format), None
        )
    replaced = source is not None
    if replaced:
        _fill_source(source, parsed, text, sha, detection, now)
        batch.update(
            SourceDocument.objects.filter(pk=source.pk),
            **{name: getattr(source, name) for name in _SOURCE_FIELDS},
        )
    else:
        source = _new_source(parsed, text, sha, filename, detection, now)
        source.trial = trial
        batch.reserve_pks([source])
        batch.insert(SourceDocument, [source])
        sources.append(source)
    sources.sort(key=lambda s: (s.imported_at, s.pk))
    return source, replaced


_SOURCE_FIELDS = ("sha256", "format", "detection_reason", "raw_text", "parsed", "imported_at")


def _new_source(parsed, text, sha, filename, detection, now) -> SourceDocument:
    source = SourceDocument(filename=filename)
    _fill_source(source, parsed, text, sha, detection, now)
    return source


def _fill_source(source, parsed, text, sha, detection, now) -> None:
    source.sha256 = sha
    source.format = parsed.format
    source.detection_reason = detection.reason if detection else "format given by the user"
    source.raw_text = text
    source.parsed = merge.to_json(parsed)
    source.imported_at = now
    source.parsed_record = parsed  # spares _named_source rebuilding it from the JSON


def synchronise(
    trial: Trial,
    *,
    sources: list[SourceDocument] | None = None,
    batch: WriteBatch | None = None,
    lookups: Lookups | None = None,
) -> list[ReviewFlag]:
    """Recompute a saved trial from all its sources, keep curator-locked fields, record flags.

    ``sources`` are the trial's sources in import order (read when not given); writes go
    to ``batch``, which is flushed here. Reads the trial's rows in one round trip and
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
    named = [(s, _named_source(s)) for s in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    locked = set(trial.locked_fields or [])
    wanted_flags = [(flag.code, flag.message, None) for flag in merge_flags]
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

    collections = _collections()
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
    document = _document(trial, held) if locked else _search_document(trial, merged)
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


def _named_source(source: SourceDocument) -> merge.Source:
    parsed = getattr(source, "parsed_record", None) or merge.from_json(source.parsed)
    return merge.Source(source.filename or source.sha256[:12], parsed)


def _create(
    trial: Trial, sources: list[SourceDocument], *, lookups: Lookups, batch: WriteBatch
) -> list[ReviewFlag]:
    """Insert a new trial from its first sources: every row written once, in one batch."""
    named = [(s, _named_source(s)) for s in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    pairs = [(trial, merged)]
    names, new_names = lookups.resolve(_wanted_names([merged], _collections()))
    _set_columns(pairs, names)
    groups = _related_rows(pairs, names)
    flags = [ReviewFlag(trial=trial, code=f.code, message=f.message) for f in merge_flags]
    for source, item in named:
        flags += [
            ReviewFlag(trial=trial, source=source, code=f.code, message=f.message)
            for f in dict.fromkeys(item.parsed.review_flags)
        ]
    batch.reserve_pks([trial], sources, *_needing_keys(new_names, groups))
    _insert(batch, new_names, [])
    batch.insert(Trial, [trial])
    snapshot = {"identifiers": tuple(i.value for i in _ordered_identifiers(merged))}
    snapshot.update({name: c.wanted(merged) for name, c in _collections().items()})
    batch.insert(history_model(), [new_record(trial, "+", snapshot, timezone.now())])
    batch.insert(SourceDocument, sources)
    _insert(batch, [], groups)
    batch.insert(ReviewFlag, flags)
    facet_keys.queue_refresh(batch, trial.pk)
    batch.flush()
    return flags


Pairs = list[tuple[Trial, ParsedTrial]]
Groups = list[tuple[type[Model], list[Model]]]

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
    names, new_names = lookups.resolve(_wanted_names([m for _, m in pairs], _collections()))
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
            ((i.registry, i.value, False) for i in merged.registry_ids), merged.title
        )
        trial.search_document = _search_document(trial, merged)


def _related_rows(pairs: Pairs, names: Names) -> Groups:
    """The rows of new trials' registry ids and collections, by model, in insert order."""
    groups: Groups = [
        (
            RegistryId,
            [
                RegistryId(
                    trial=trial,
                    registry=identifier.registry,
                    value=identifier.value,
                    slug=url_slug(identifier.value),
                    is_primary=index == 0,
                )
                for trial, merged in pairs
                for index, identifier in enumerate(_ordered_identifiers(merged))
            ],
        )
    ]
    for name, collection in _collections().items():
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
            for name in _condition_names(merged):
                wanted[Condition].setdefault(search_key(name), partial(_new_condition, name))
        for relation, model in VOCABULARY_RELATIONS.items():
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


def lockable_fields() -> tuple[str, ...]:
    """What a curator can lock: the scalar fields and the related collections."""
    return (*SCALAR_FIELDS, *_collections())


def collection_values(trial: Trial) -> dict[str, object]:
    """Each related collection of a trial as synchronise compares it (history snapshots)."""
    collections = _collections()
    queries = [qs for c in collections.values() for qs in c.queries(trial)]
    rows = iter(read_all([*queries, _identifier_query(trial)]))
    values = {
        name: c.from_rows([next(rows) for _ in c.queries(trial)]) for name, c in collections.items()
    }
    values["identifiers"] = tuple(value for _, _, value, _, _ in next(rows))
    return values


def search_document_of(trial: Trial) -> str:
    """The search document of a trial as stored, curators' edits included."""
    return _document(trial, collection_values(trial))


def _document(trial: Trial, values: dict[str, object]) -> str:
    """The search document of a trial's columns and its collections' values."""
    interventions, arms = values["interventions"]
    parts = [
        trial.title,
        trial.acronym,
        trial.brief_summary,
        trial.detailed_description,
        *values["sponsor"],
        *values["conditions"],
        *(f"{name} {description}" for _, name, description in interventions),
        *(f"{label} {description}" for label, _, description, _ in arms),
        *(text for _, _, text in values["criteria"]),
        *values["identifiers"],
        *values["cell_types"],
        *values["source_tissues"],
    ]
    return search_key(" ".join(part for part in parts if part))


@dataclass
class _State:
    """What a saved trial holds, read in one round trip."""

    collections: dict[str, object]
    identifiers: list[list]  # [pk, registry, value, slug, is_primary], primary first
    elsewhere: dict[tuple[str, str], str]  # the sources' registry ids other trials hold
    flags: list[ReviewFlag]


def _identifier_query(trial: Trial) -> QuerySet:
    return RegistryId.objects.filter(trial=trial).values_list(
        "pk", "registry", "value", "slug", "is_primary"
    )


def _read_state(trial: Trial, merged: ParsedTrial) -> _State:
    collections = _collections()
    queries = [qs for c in collections.values() for qs in c.queries(trial)]
    queries.append(_identifier_query(trial))
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
    return public_id_of(((i[1], i[2], i[4]) for i in state.identifiers), merged.title)


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
            flags.append(
                (
                    "identifier_elsewhere",
                    f"{identifier.value} also identifies trial {state.elsewhere[key]}; "
                    "the two may be one trial",
                    None,
                )
            )
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
        [RegistryId(trial=trial, registry=registry, value=value, slug=slug,
                    is_primary=is_primary)
         for _, registry, value, slug, is_primary in new],
    )  # fmt: skip
    state.identifiers = list(existing.values())
    order = sorted(
        enumerate(state.identifiers),
        key=lambda item: (not item[1][4], item[1][0] is None, item[1][0] or item[0]),
    )
    return bool(new or demoted or promoted), flags, tuple(row[2] for _, row in order)


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
    stale = [f.pk for key, f in existing.items() if key not in wanted_keys and not f.resolved_at]
    if stale:
        batch.delete(ReviewFlag.objects.filter(pk__in=stale))
    return [existing[key] for key in wanted_keys if not existing[key].resolved_at]


def _search_document(trial: Trial, merged: ParsedTrial) -> str:
    parts = [
        merged.title,
        merged.acronym,
        merged.brief_summary,
        merged.detailed_description,
        merged.sponsor,
        *merged.conditions,
        *(f"{i.name} {i.description}" for i in merged.interventions),
        *(f"{a.label} {a.description}" for a in merged.arms),
        *merged.inclusion_criteria,
        *merged.exclusion_criteria,
        *merged.unclassified_criteria,
        *(i.value for i in merged.registry_ids),
        *merged.regen.cell_types,
        *merged.regen.source_tissues,
    ]
    return search_key(" ".join(part for part in parts if part))


# --- collections -------------------------------------------------------------------------
# Each collection: queries (the values_list querysets that read a trial's rows), from_rows
# (those rows as a comparable value), clear (queue the deletion of a trial's rows), rows
# (new rows for trials holding none, by model, in insert order) and wanted (the merged
# value in the same comparable form as from_rows).


@dataclass(frozen=True)
class Collection:
    queries: Callable[[Trial], list[QuerySet]]
    from_rows: Callable[[list[list[tuple]]], object]
    clear: Callable[[Trial, WriteBatch], object]
    rows: Callable[[Pairs, Names], Groups]
    wanted: Callable[[ParsedTrial], object]

    def read(self, trial: Trial) -> object:
        return self.from_rows(read_all(self.queries(trial)))


def _deleting(model: type[Model], **lookup) -> Callable[[Trial, WriteBatch], None]:
    return lambda trial, batch: batch.delete(model.objects.filter(**{**lookup, "trial": trial}))


def _column(model, *names, **filters) -> Callable[[Trial], list[QuerySet]]:
    return lambda trial: [model.objects.filter(trial=trial, **filters).values_list(*names)]


@cache  # stateless; read-only for callers
def _collections() -> dict[str, Collection]:
    collaborators = Trial.collaborators.through
    return {
        "conditions": Collection(
            _column(TrialCondition, "condition__name"),
            lambda rows: tuple(name for (name,) in rows[0]),
            _deleting(TrialCondition),
            _condition_rows,
            _condition_names,
        ),
        "phases": Collection(
            _column(TrialPhase, "phase"),
            lambda rows: tuple(sorted(phase for (phase,) in rows[0])),
            _deleting(TrialPhase),
            lambda pairs, names: [
                (
                    TrialPhase,
                    [
                        TrialPhase(trial=trial, phase=p)
                        for trial, merged in pairs
                        for p in sorted(set(merged.phases))
                    ],
                )
            ],  # fmt: skip
            lambda p: tuple(sorted(set(p.phases))),
        ),
        "countries": Collection(
            _column(TrialCountry, "country"),
            lambda rows: tuple(sorted(str(country) for (country,) in rows[0])),
            _deleting(TrialCountry),
            lambda pairs, names: [
                (
                    TrialCountry,
                    [
                        TrialCountry(trial=trial, country=c)
                        for trial, merged in pairs
                        for c in sorted(_countries(merged))
                    ],
                )
            ],  # fmt: skip
            lambda p: tuple(sorted(_countries(p))),
        ),
        "sponsor": Collection(
            lambda t: [Organisation.objects.filter(sponsored=t).values_list("name")],
            lambda rows: tuple(name for (name,) in rows[0]),
            lambda t, batch: setattr(t, "sponsor", None),
            _sponsor_rows,
            lambda p: (p.sponsor,) if p.sponsor else (),
        ),
        "collaborators": Collection(
            _column(collaborators, "organisation__name"),
            lambda rows: tuple(sorted(name for (name,) in rows[0])),
            _deleting(collaborators),
            _collaborator_rows,
            lambda p: tuple(sorted(set(p.collaborators))),
        ),
        "interventions": Collection(
            _intervention_queries,
            _interventions_from_rows,
            _clear_interventions,
            _intervention_rows,
            _wanted_interventions,
        ),
        "criteria": Collection(
            _column(Criterion, "kind", "position", "text"),
            lambda rows: tuple(rows[0]),
            _deleting(Criterion),
            lambda pairs, names: [
                (
                    Criterion,
                    [
                        Criterion(trial=trial, kind=k, position=p, text=t)
                        for trial, merged in pairs
                        for k, p, t in _criteria_rows(merged)
                    ],
                )
            ],  # fmt: skip
            _wanted_criteria,
        ),
        "outcomes": Collection(
            _column(Outcome, "kind", "position", "measure", "time_frame", "description"),
            lambda rows: tuple(rows[0]),
            _deleting(Outcome),
            _outcome_models,
            _wanted_outcomes,
        ),
        "locations": Collection(
            _column(Location, "facility", "city", "country"),
            lambda rows: tuple((f, c, str(country)) for f, c, country in rows[0]),
            _deleting(Location),
            _location_rows,
            lambda p: tuple((lo.facility, lo.city, lo.country) for lo in p.locations),
        ),
        "contacts": Collection(
            _column(Contact, "name", "role", "email", "phone"),
            lambda rows: tuple(rows[0]),
            _deleting(Contact),
            _contact_rows,
            lambda p: tuple((c.name, c.role, c.email, c.phone) for c in p.contacts),
        ),
        **{
            name: _vocabulary_collection(name, model)
            for name, model in VOCABULARY_RELATIONS.items()
        },
    }


def _vocabulary_collection(name, model) -> Collection:
    through = Trial._meta.get_field(name).remote_field.through
    target = model._meta.model_name

    def rows(pairs, names):
        links = [
            through(trial=trial, **{target: names[(model, term)]})
            for trial, merged in pairs
            for term in dict.fromkeys(getattr(merged.regen, name))
        ]
        return [(through, links)]

    return Collection(
        _column(through, f"{target}__term"),
        lambda rows: tuple(sorted(term for (term,) in rows[0])),
        _deleting(through),
        rows,
        lambda p: tuple(sorted(set(getattr(p.regen, name)))),
    )


def _condition_names(parsed: ParsedTrial) -> tuple[str, ...]:
    unique = {}
    for name in parsed.conditions:
        unique.setdefault(search_key(name), name)
    return tuple(unique.values())


def _new_condition(name: str) -> Condition:
    # Bulk inserts skip save(): derive key and area here, as Condition.save() would.
    return Condition(name=name, key=search_key(name), area=condition_areas.area_of(name))


def _condition_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            TrialCondition,
            [
                TrialCondition(
                    trial=trial, condition=names[(Condition, search_key(name))], position=position
                )
                for trial, merged in pairs
                for position, name in enumerate(_condition_names(merged))
            ],
        )
    ]


def _countries(parsed: ParsedTrial) -> set[str]:
    return {c for c in parsed.countries if c} | {
        lo.country for lo in parsed.locations if lo.country
    }


def _sponsor_rows(pairs: Pairs, names: Names) -> Groups:
    """Set (not save) each trial's sponsor."""
    for trial, merged in pairs:
        trial.sponsor = names[(Organisation, merged.sponsor[:500])] if merged.sponsor else None
    return []


def _collaborator_rows(pairs: Pairs, names: Names) -> Groups:
    through = Trial.collaborators.through
    return [
        (
            through,
            [
                through(trial=trial, organisation=names[(Organisation, name[:500])])
                for trial, merged in pairs
                for name in dict.fromkeys(merged.collaborators)
            ],
        )
    ]


def _intervention_queries(trial: Trial) -> list[QuerySet]:
    links = Arm.interventions.through
    return [
        Intervention.objects.filter(trial=trial).values_list("type", "name", "description"),
        Arm.objects.filter(trial=trial).values_list("pk", "label", "type", "description"),
        links.objects.filter(arm__trial=trial)
        .order_by()
        .values_list("arm_id", "intervention__name"),
    ]


def _interventions_from_rows(rows: list[list[tuple]]):
    interventions, arms, links = rows
    names = defaultdict(list)
    for arm_id, name in links:
        names[arm_id].append(name)
    return tuple(interventions), tuple(
        (label, type_, description, tuple(sorted(names[pk])))
        for pk, label, type_, description in arms
    )


def _wanted_interventions(parsed: ParsedTrial):
    interventions = tuple((i.type or "", i.name, i.description) for i in parsed.interventions)
    arms = tuple(
        (a.label, a.type or "", a.description, tuple(sorted(set(a.interventions))))
        for a in parsed.arms
    )
    return interventions, arms


def _clear_interventions(trial: Trial, batch: WriteBatch) -> None:
    batch.delete(Arm.interventions.through.objects.filter(arm__trial=trial))
    batch.delete(Arm.objects.filter(trial=trial))
    batch.delete(Intervention.objects.filter(trial=trial))


def _intervention_rows(pairs: Pairs, names: Names) -> Groups:
    interventions: dict[tuple[int, str], Intervention] = {}
    for trial, merged in pairs:
        for position, item in enumerate(merged.interventions):
            interventions.setdefault(
                (id(trial), item.name),
                Intervention(
                    trial=trial,
                    position=position,
                    type=item.type or "",
                    name=item.name,
                    description=item.description,
                ),
            )
    arms = [
        (trial, item, Arm(trial=trial, position=position, label=item.label,
                          type=item.type or "", description=item.description))
        for trial, merged in pairs
        for position, item in enumerate(merged.arms)
    ]  # fmt: skip
    links = Arm.interventions.through
    return [
        (Intervention, list(interventions.values())),
        (Arm, [arm for _, _, arm in arms]),
        (
            links,
            [
                links(arm=arm, intervention=interventions[(id(trial), name)])
                for trial, item, arm in arms
                for name in dict.fromkeys(item.interventions)
                if (id(trial), name) in interventions
            ],
        ),
    ]


def _criteria_rows(parsed: ParsedTrial):
    for kind, texts in (
        (CriterionKind.INCLUSION, parsed.inclusion_criteria),
        (CriterionKind.EXCLUSION, parsed.exclusion_criteria),
        (CriterionKind.UNCLASSIFIED, parsed.unclassified_criteria),
    ):
        for position, text in enumerate(texts):
            yield kind, position, text


def _wanted_criteria(parsed):
    return tuple((str(k), p, t) for k, p, t in _criteria_rows(parsed))


def _outcome_rows(parsed: ParsedTrial):
    for kind, outcomes in (
        (OutcomeKind.PRIMARY, parsed.primary_outcomes),
        (OutcomeKind.SECONDARY, parsed.secondary_outcomes),
    ):
        for position, o in enumerate(outcomes):
            yield str(kind), position, o.measure, o.time_frame, o.description


def _wanted_outcomes(parsed):
    return tuple(_outcome_rows(parsed))


def _outcome_models(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            Outcome,
            [
                Outcome(trial=trial, kind=k, position=p, measure=m, time_frame=tf, description=d)
                for trial, merged in pairs
                for k, p, m, tf, d in _outcome_rows(merged)
            ],
        )
    ]


def _location_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            Location,
            [
                Location(trial=trial, position=i, facility=lo.facility, city=lo.city,
                         country=lo.country)
                for trial, merged in pairs
                for i, lo in enumerate(merged.locations)
            ],
        )
    ]  # fmt: skip


def _contact_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            Contact,
            [
                Contact(trial=trial, position=i, name=c.name, role=c.role, email=c.email,
                        phone=c.phone)
                for trial, merged in pairs
                for i, c in enumerate(merged.contacts)
            ],
        )
    ]  # fmt: skip
