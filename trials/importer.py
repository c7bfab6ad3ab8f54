"""The one upsert service: a parsed document in, one trial created, updated or merged.

Used by ``manage.py import_trials`` and the admin's upload page. Each call runs in one
transaction: a failure leaves no partial trial. A trial is always the merge of all its
source documents (earliest first), except the fields a curator locked.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from trials import merge
from trials.documents import text_sha256
from trials.history import change_reason
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
from trials.parsers.base import ParsedTrial
from trials.registries import primary_rank, url_slug
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


def import_text(
    text: str,
    *,
    filename: str,
    now: datetime,
    format: str | None = None,
    publish: bool = False,
) -> ImportResult:
    """Parse one document and upsert its trial. Raises ParseError for a text with no trial."""
    sha = text_sha256(text)
    known = SourceDocument.objects.filter(sha256=sha).select_related("trial").first()
    if known is not None:
        return ImportResult(filename, Action.UNCHANGED, known.trial.public_id, known.format)

    detection = detect(text) if format is None else None
    parsed = parse_document(text, format=detection.format if detection else format)
    with transaction.atomic(), change_reason(f"import of {filename or sha[:12]}"):
        trial = existing_trial(parsed)
        if trial is None:
            trial = Trial(publication=Publication.PUBLISHED if publish else Publication.DRAFT)
            source = _new_source(parsed, text, sha, filename, detection, now)
            flags = synchronise(trial, new_sources=[source])
            action = Action.CREATED
        else:
            source, replaced = _store_source(trial, parsed, text, sha, filename, detection, now)
            flags = synchronise(trial)
            action = Action.UPDATED if replaced else Action.MERGED
    messages = [flag.message for flag in flags if flag.source_id in (None, source.pk)]
    return ImportResult(filename, action, trial.public_id, parsed.format, messages)


def existing_trial(parsed: ParsedTrial) -> Trial | None:
    """The trial a parsed document belongs to (by any shared registry id), if there is one."""
    if parsed.registry_ids:
        match = Q()
        for identifier in parsed.registry_ids:
            match |= Q(registry=identifier.registry, value=identifier.value)
        existing = (
            RegistryId.objects.filter(match).select_related("trial").order_by("trial_id").first()
        )
        return existing.trial if existing is not None else None
    return Trial.objects.filter(public_id=_fallback_public_id(parsed)).first()


def _fallback_public_id(parsed: ParsedTrial) -> str:
    return "rt-" + hashlib.sha256(search_key(parsed.title).encode()).hexdigest()[:10]


def _store_source(
    trial: Trial, parsed: ParsedTrial, text: str, sha: str, filename: str, detection, now
) -> tuple[SourceDocument, bool]:
    """A changed copy of a document the trial already has replaces it; else it is added.

    Returns the source and whether it replaced an earlier copy.
    """
    source = None
    if filename:
        source = SourceDocument.objects.filter(
            trial=trial, filename=filename, format=parsed.format
        ).first()
    replaced = source is not None
    if source is None:
        source = _new_source(parsed, text, sha, filename, detection, now)
    else:
        _fill_source(source, parsed, text, sha, detection, now)
    source.trial = trial
    source.save()
    return source, replaced


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


def synchronise(
    trial: Trial, *, new_sources: list[SourceDocument] | None = None
) -> list[ReviewFlag]:
    """Recompute a trial from all its sources, keep curator-locked fields, record flags.

    A trial not saved yet comes with its unsaved ``new_sources``: it is inserted once,
    complete, and its rows are written with bulk inserts without reading anything back.
    Returns the trial's open review flags.
    """
    if trial.pk is None:
        return _create(trial, new_sources or [])
    sources = list(trial.sources.order_by("imported_at", "id"))
    if not sources:
        return list(trial.review_flags.filter(resolved_at=None))
    named = [(s, _named_source(s)) for s in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    locked = set(trial.locked_fields or [])
    wanted_flags = [(flag.code, flag.message, None) for flag in merge_flags]
    for source, item in named:
        for flag in item.parsed.review_flags:
            wanted_flags.append((flag.code, flag.message, source.pk))

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

    for name, collection in _collections().items():
        value = collection.wanted(merged)
        current = collection.read(trial)
        if value == current:
            continue
        if name in locked:
            if value:
                stating = [(s, i) for s, i in named if collection.wanted(i.parsed) == value]
                wanted_flags.append(_lock_conflict(name, current, value, stating or named))
            continue
        collection.clear(trial)
        collection.write([(trial, merged)])
        changed = True

    identifiers_changed, id_flags = _write_identifiers(trial, merged)
    wanted_flags.extend(id_flags)
    public_id = _public_id(trial, merged)
    # With locks the trial is no longer the merge of its sources: index what it holds.
    document = search_document_of(trial) if locked else _search_document(trial, merged)
    if (
        changed
        or identifiers_changed
        or public_id != trial.public_id
        or (document != trial.search_document)
    ):
        trial.public_id = public_id
        trial.search_document = document
        trial.save()
    return _write_flags(trial, wanted_flags)


def _named_source(source: SourceDocument) -> merge.Source:
    return merge.Source(source.filename or source.sha256[:12], merge.from_json(source.parsed))


def _create(trial: Trial, sources: list[SourceDocument]) -> list[ReviewFlag]:
    """Insert a new trial from its first sources: every row written once, in bulk."""
    named = [(s, _named_source(s)) for s in sources]
    merged, merge_flags = merge.merge([item for _, item in named])
    prepare_new_trials([(trial, merged)])
    trial.save()
    for source in sources:
        source.trial = trial
    SourceDocument.objects.bulk_create(sources)
    insert_related_rows([(trial, merged)])
    snapshot = {"identifiers": tuple(i.value for i in _ordered_identifiers(merged))}
    snapshot.update({name: c.wanted(merged) for name, c in _collections().items()})
    # The creation's history record was written before the rows: give it their snapshot
    # (the same comparable form that collection_values() reads back from the database).
    trial.history.filter(history_type="+").update(related_snapshot=snapshot)
    flags = [ReviewFlag(trial=trial, code=f.code, message=f.message) for f in merge_flags]
    for source, item in named:
        flags += [
            ReviewFlag(trial=trial, source=source, code=f.code, message=f.message)
            for f in dict.fromkeys(item.parsed.review_flags)
        ]
    return ReviewFlag.objects.bulk_create(flags)


Pairs = list[tuple[Trial, ParsedTrial]]


def prepare_new_trials(pairs: Pairs) -> None:
    """Set the columns of unsaved trials from their merged records (derived ones included)."""
    _write_sponsor(pairs)
    for trial, merged in pairs:
        for name, value_of in SCALAR_FIELDS.items():
            setattr(trial, name, value_of(merged))
        identifiers = _ordered_identifiers(merged)
        trial.public_id = (
            url_slug(identifiers[0].value) if identifiers else _fallback_public_id(merged)
        )
        trial.search_document = _search_document(trial, merged)


def insert_related_rows(pairs: Pairs) -> None:
    """Write the registry ids and every collection of freshly inserted trials, in bulk:
    one insert per table whatever the number of trials."""
    RegistryId.objects.bulk_create(
        RegistryId(
            trial=trial,
            registry=identifier.registry,
            value=identifier.value,
            slug=url_slug(identifier.value),
            is_primary=index == 0,
        )
        for trial, merged in pairs
        for index, identifier in enumerate(_ordered_identifiers(merged))
    )
    for name, collection in _collections().items():
        if name != "sponsor":
            collection.write([(t, m) for t, m in pairs if collection.wanted(m)])


def _ordered_identifiers(merged: ParsedTrial):
    return sorted(merged.registry_ids, key=lambda i: primary_rank(i.registry))


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
    values = {name: collection.read(trial) for name, collection in _collections().items()}
    values["identifiers"] = tuple(trial.identifiers.values_list("value", flat=True))
    return values


def search_document_of(trial: Trial) -> str:
    """The search document of a trial as stored, curators' edits included."""
    parts = [
        trial.title,
        trial.acronym,
        trial.brief_summary,
        trial.detailed_description,
        trial.sponsor.name if trial.sponsor_id else "",
        *_read_conditions(trial),
        *(f"{i.name} {i.description}" for i in trial.interventions.all()),
        *(f"{a.label} {a.description}" for a in trial.arms.all()),
        *trial.criteria.values_list("text", flat=True),
        *trial.identifiers.values_list("value", flat=True),
        *trial.cell_types.values_list("term", flat=True),
        *trial.source_tissues.values_list("term", flat=True),
    ]
    return search_key(" ".join(part for part in parts if part))


def _public_id(trial: Trial, merged: ParsedTrial) -> str:
    identifiers = sorted(
        trial.identifiers.all(), key=lambda i: (not i.is_primary, primary_rank(i.registry))
    )
    if identifiers:
        return identifiers[0].slug
    return _fallback_public_id(merged)


def _write_identifiers(trial: Trial, merged: ParsedTrial) -> tuple[bool, list]:
    """Add the sources' registry ids the trial lacks and settle which one is primary."""
    flags = []
    existing = {(i.registry, i.value): i for i in trial.identifiers.all()}
    changed = False
    for identifier in merged.registry_ids:
        key = (identifier.registry, identifier.value)
        if key in existing:
            continue
        owner = RegistryId.objects.filter(registry=key[0], value=key[1]).first()
        if owner is not None:
            flags.append(
                (
                    "identifier_elsewhere",
                    f"{identifier.value} also identifies trial {owner.trial.public_id}; "
                    "the two may be one trial",
                    None,
                )
            )
            continue
        existing[key] = RegistryId.objects.create(
            trial=trial,
            registry=identifier.registry,
            value=identifier.value,
            slug=url_slug(identifier.value),
        )
        changed = True
    best = min(existing.values(), key=lambda i: primary_rank(i.registry), default=None)
    for identifier in existing.values():
        should_be_primary = identifier is best
        if identifier.is_primary != should_be_primary:
            changed = True
            if not should_be_primary:
                identifier.is_primary = False
                identifier.save(update_fields=["is_primary"])
    if best is not None and not best.is_primary:
        best.is_primary = True
        best.save(update_fields=["is_primary"])
    return changed, flags


def _write_flags(trial: Trial, wanted: list[tuple[str, str, int | None]]) -> list[ReviewFlag]:
    """Keep flags in step with the sources; a flag a curator resolved stays resolved."""
    existing = {(f.code, f.message, f.source_id): f for f in trial.review_flags.all()}
    wanted_keys = list(dict.fromkeys(wanted))
    for key in wanted_keys:
        if key not in existing:
            code, message, source_id = key
            existing[key] = ReviewFlag.objects.create(
                trial=trial, code=code, message=message, source_id=source_id
            )
    stale = [f.pk for key, f in existing.items() if key not in wanted_keys and not f.resolved_at]
    if stale:
        ReviewFlag.objects.filter(pk__in=stale).delete()
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
# Each collection: read (the trial's rows as a comparable tuple), clear (delete them),
# write (insert the merged value with bulk inserts; the trial holds none of them then) and
# wanted (the merged value as a comparable tuple).


@dataclass(frozen=True)
class Collection:
    read: Callable[[Trial], object]
    clear: Callable[[Trial], object]
    write: Callable[[list[tuple[Trial, ParsedTrial]]], None]
    wanted: Callable[[ParsedTrial], object]


def _collections() -> dict[str, Collection]:
    return {
        "conditions": Collection(
            _read_conditions,
            lambda t: t.condition_links.all().delete(),
            _write_conditions,
            _condition_names,
        ),
        "phases": Collection(
            lambda t: tuple(sorted(t.phase_rows.values_list("phase", flat=True))),
            lambda t: t.phase_rows.all().delete(),
            _write_phases,
            lambda p: tuple(sorted(set(p.phases))),
        ),
        "countries": Collection(
            lambda t: tuple(
                sorted(str(c) for c in t.country_rows.values_list("country", flat=True))
            ),
            lambda t: t.country_rows.all().delete(),
            _write_countries,
            lambda p: tuple(sorted(_countries(p))),
        ),
        "sponsor": Collection(
            lambda t: (t.sponsor.name,) if t.sponsor_id else (),
            lambda t: setattr(t, "sponsor", None),
            _write_sponsor,
            lambda p: (p.sponsor,) if p.sponsor else (),
        ),
        "collaborators": Collection(
            lambda t: tuple(sorted(t.collaborators.values_list("name", flat=True))),
            lambda t: t.collaborators.clear(),
            _write_collaborators,
            lambda p: tuple(sorted(set(p.collaborators))),
        ),
        "interventions": Collection(
            _read_interventions, _clear_interventions, _write_interventions, _wanted_interventions
        ),
        "criteria": Collection(
            _read_criteria, lambda t: t.criteria.all().delete(), _write_criteria, _wanted_criteria
        ),
        "outcomes": Collection(
            _read_outcomes, lambda t: t.outcomes.all().delete(), _write_outcomes, _wanted_outcomes
        ),
        "locations": Collection(
            lambda t: tuple((lo.facility, lo.city, str(lo.country)) for lo in t.locations.all()),
            lambda t: t.locations.all().delete(),
            _write_locations,
            lambda p: tuple((lo.facility, lo.city, lo.country) for lo in p.locations),
        ),
        "contacts": Collection(
            lambda t: tuple((c.name, c.role, c.email, c.phone) for c in t.contacts.all()),
            lambda t: t.contacts.all().delete(),
            _write_contacts,
            lambda p: tuple((c.name, c.role, c.email, c.phone) for c in p.contacts),
        ),
        **{
            name: _vocabulary_collection(name, model)
            for name, model in VOCABULARY_RELATIONS.items()
        },
    }


def _rows_for_names(model, field: str, values, make) -> dict[str, object]:
    """Existing rows of ``model`` by ``field`` value, missing ones created in one insert."""
    found = {getattr(row, field): row for row in model.objects.filter(**{f"{field}__in": values})}
    missing = [make(value) for value in dict.fromkeys(values) if value not in found]
    for row in model.objects.bulk_create(missing):
        found[getattr(row, field)] = row
    return found


def _vocabulary_collection(name, model) -> Collection:
    relation = Trial._meta.get_field(name)
    through = relation.remote_field.through
    target = f"{model._meta.model_name}_id"

    def read(trial):
        return tuple(sorted(getattr(trial, name).values_list("term", flat=True)))

    def write(pairs):
        labels = dict(regen.choices(regen.VOCABULARIES[name]))
        terms = [term for _, merged in pairs for term in getattr(merged.regen, name)]
        rows = _rows_for_names(
            model, "term", terms, lambda term: model(term=term, label=labels.get(term, ""))
        )
        through.objects.bulk_create(
            through(trial_id=trial.pk, **{target: rows[term].pk})
            for trial, merged in pairs
            for term in dict.fromkeys(getattr(merged.regen, name))
        )

    return Collection(
        read,
        lambda t: getattr(t, name).clear(),
        write,
        lambda p: tuple(sorted(set(getattr(p.regen, name)))),
    )


def _condition_names(parsed: ParsedTrial) -> tuple[str, ...]:
    unique = {}
    for name in parsed.conditions:
        unique.setdefault(search_key(name), name)
    return tuple(unique.values())


def _read_conditions(trial):
    return tuple(link.condition.name for link in trial.condition_links.select_related("condition"))


def _new_condition(name: str) -> Condition:
    # Bulk inserts skip save(): derive key and area here, as Condition.save() would.
    return Condition(name=name, key=search_key(name), area=condition_areas.area_of(name))


def _write_conditions(pairs):
    names = {search_key(n): n for _, merged in pairs for n in _condition_names(merged)}
    by_key = _rows_for_names(Condition, "key", list(names), lambda key: _new_condition(names[key]))
    TrialCondition.objects.bulk_create(
        TrialCondition(trial=trial, condition=by_key[search_key(name)], position=position)
        for trial, merged in pairs
        for position, name in enumerate(_condition_names(merged))
    )


def _countries(parsed: ParsedTrial) -> set[str]:
    return {c for c in parsed.countries if c} | {
        lo.country for lo in parsed.locations if lo.country
    }


def _write_phases(pairs):
    TrialPhase.objects.bulk_create(
        TrialPhase(trial=trial, phase=p)
        for trial, merged in pairs
        for p in sorted(set(merged.phases))
    )


def _write_countries(pairs):
    TrialCountry.objects.bulk_create(
        TrialCountry(trial=trial, country=c)
        for trial, merged in pairs
        for c in sorted(_countries(merged))
    )


def _organisations(names) -> dict[str, Organisation]:
    names = [name[:500] for name in names]
    return _rows_for_names(Organisation, "name", names, lambda name: Organisation(name=name))


def _write_sponsor(pairs):
    """Set (not save) each trial's sponsor; one lookup for all of them."""
    rows = _organisations(merged.sponsor for _, merged in pairs if merged.sponsor)
    for trial, merged in pairs:
        trial.sponsor = rows[merged.sponsor[:500]] if merged.sponsor else None


def _write_collaborators(pairs):
    rows = _organisations(name for _, merged in pairs for name in merged.collaborators)
    through = Trial.collaborators.through
    through.objects.bulk_create(
        through(trial_id=trial.pk, organisation_id=rows[name[:500]].pk)
        for trial, merged in pairs
        for name in dict.fromkeys(merged.collaborators)
    )


def _read_interventions(trial):
    interventions = tuple((i.type, i.name, i.description) for i in trial.interventions.all())
    arms = tuple(
        (
            a.label,
            a.type,
            a.description,
            tuple(sorted(a.interventions.values_list("name", flat=True))),
        )
        for a in trial.arms.all()
    )
    return interventions, arms


def _wanted_interventions(parsed: ParsedTrial):
    interventions = tuple((i.type or "", i.name, i.description) for i in parsed.interventions)
    arms = tuple(
        (a.label, a.type or "", a.description, tuple(sorted(set(a.interventions))))
        for a in parsed.arms
    )
    return interventions, arms


def _clear_interventions(trial):
    trial.arms.all().delete()
    trial.interventions.all().delete()


def _write_interventions(pairs):
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
    Intervention.objects.bulk_create(interventions.values())
    arms = [
        (trial, item, Arm(trial=trial, position=position, label=item.label,
                          type=item.type or "", description=item.description))
        for trial, merged in pairs
        for position, item in enumerate(merged.arms)
    ]  # fmt: skip
    Arm.objects.bulk_create(arm for _, _, arm in arms)
    links = Arm.interventions.through
    links.objects.bulk_create(
        links(arm_id=arm.pk, intervention_id=interventions[(id(trial), name)].pk)
        for trial, item, arm in arms
        for name in dict.fromkeys(item.interventions)
        if (id(trial), name) in interventions
    )


def _criteria_rows(parsed: ParsedTrial):
    for kind, texts in (
        (CriterionKind.INCLUSION, parsed.inclusion_criteria),
        (CriterionKind.EXCLUSION, parsed.exclusion_criteria),
        (CriterionKind.UNCLASSIFIED, parsed.unclassified_criteria),
    ):
        for position, text in enumerate(texts):
            yield kind, position, text


def _read_criteria(trial):
    return tuple((c.kind, c.position, c.text) for c in trial.criteria.all())


def _wanted_criteria(parsed):
    return tuple((str(k), p, t) for k, p, t in _criteria_rows(parsed))


def _write_criteria(pairs):
    Criterion.objects.bulk_create(
        Criterion(trial=trial, kind=k, position=p, text=t)
        for trial, merged in pairs
        for k, p, t in _criteria_rows(merged)
    )


def _outcome_rows(parsed: ParsedTrial):
    for kind, outcomes in (
        (OutcomeKind.PRIMARY, parsed.primary_outcomes),
        (OutcomeKind.SECONDARY, parsed.secondary_outcomes),
    ):
        for position, o in enumerate(outcomes):
            yield str(kind), position, o.measure, o.time_frame, o.description


def _read_outcomes(trial):
    return tuple(
        (o.kind, o.position, o.measure, o.time_frame, o.description) for o in trial.outcomes.all()
    )


def _wanted_outcomes(parsed):
    return tuple(_outcome_rows(parsed))


def _write_outcomes(pairs):
    Outcome.objects.bulk_create(
        Outcome(trial=trial, kind=k, position=p, measure=m, time_frame=tf, description=d)
        for trial, merged in pairs
        for k, p, m, tf, d in _outcome_rows(merged)
    )


def _write_locations(pairs):
    Location.objects.bulk_create(
        Location(trial=trial, position=i, facility=lo.facility, city=lo.city, country=lo.country)
        for trial, merged in pairs
        for i, lo in enumerate(merged.locations)
    )


def _write_contacts(pairs):
    Contact.objects.bulk_create(
        Contact(trial=trial, position=i, name=c.name, role=c.role, email=c.email, phone=c.phone)
        for trial, merged in pairs
        for i, c in enumerate(merged.contacts)
    )
