"""What a trial is made of, as the importer compares and writes it.

``SCALAR_FIELDS`` are the trial's columns set from a merged ``ParsedTrial``; each of
``trial_collections()`` is a set of related rows (conditions, phases, criteria...) that can
be read from the database, compared with what the sources want, cleared and written again.
The search document and the history's snapshots of related rows are built from the same
values, so what is indexed and what the history shows are what the importer compares.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import Model, QuerySet

from trials.db.batch import Rows, WriteBatch, read_all
from trials.importing.lookups import Names
from trials.models import (
    VOCABULARY_MODELS,
    Arm,
    Condition,
    Contact,
    Criterion,
    CriterionKind,
    Intervention,
    Location,
    Organisation,
    Outcome,
    OutcomeKind,
    RegistryId,
    Trial,
    TrialCondition,
    TrialCountry,
    TrialPhase,
)
from trials.parsers.record import ParsedTrial
from trials.text import search_key
from trials.vocab import condition_areas
from trials.vocab.statuses import visitor_status

# Trial columns set from a ParsedTrial; "" and None both mean "the sources do not say".
SCALAR_FIELDS: dict[str, Callable[[ParsedTrial], object]] = {
    "title": lambda p: p.title,
    "acronym": lambda p: p.acronym,
    "status": lambda p: visitor_status(p.status, p.recruitment_status),
    "status_raw": lambda p: p.status_raw,
    "recruitment_status": lambda p: p.recruitment_status,
    "status_registry": lambda p: p.status_registry,
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


Pairs = list[tuple[Trial, ParsedTrial]]


# Rows to insert, by model: instances, or tuples (``Rows``) for rows no other row points to.
Groups = list[tuple[type[Model], list[Model] | Rows]]


def lockable_fields() -> tuple[str, ...]:
    """What a curator can lock: the scalar fields and the related collections."""
    return (*SCALAR_FIELDS, *trial_collections())


def collection_values(trial: Trial) -> dict[str, object]:
    """Each related collection of a trial as synchronise compares it (history snapshots)."""
    collections = trial_collections()
    queries = [qs for c in collections.values() for qs in c.queries(trial)]
    rows = iter(read_all([*queries, identifier_query(trial)]))
    values = {
        name: c.from_rows([next(rows) for _ in c.queries(trial)]) for name, c in collections.items()
    }
    values["identifiers"] = tuple(value for _, _, value, _, _ in next(rows))
    return values


def search_document_of(trial: Trial) -> str:
    """The search document of a trial as stored, curators' edits included."""
    return document_of(trial, collection_values(trial))


def document_of(trial: Trial, values: dict[str, object]) -> str:
    """The search document of a trial's columns and its collections' values."""
    interventions, arms = values["interventions"]
    parts = [
        trial.title,
        trial.acronym,
        trial.brief_summary,
        trial.detailed_description,
        *values["sponsor"],
        *(description for _, _, description in interventions),
        *(f"{label} {description}" for label, _, description, _ in arms),
        *(text for _, _, text, _ in values["criteria"]),
        *values["identifiers"],
    ]
    keywords = [
        *values["conditions"],
        *(name for _, name, _ in interventions),
        *values["cell_types"],
        *values["source_tissues"],
    ]
    return sectioned_document(parts, keywords)


def sectioned_document(parts, keywords) -> str:
    """The search document: the trial's text, a line break, then its keywords (conditions,
    interventions, cell types, tissues), which PostgreSQL weighs above the rest."""
    text, keys = (search_key(" ".join(p for p in group if p)) for group in (parts, keywords))
    return f"{text}\n{keys}" if keys else text


def identifier_query(trial: Trial) -> QuerySet:
    return RegistryId.objects.filter(trial=trial).values_list(
        "pk", "registry", "value", "slug", "is_primary"
    )


def search_document(trial: Trial, merged: ParsedTrial) -> str:
    parts = [
        merged.title,
        merged.acronym,
        merged.brief_summary,
        merged.detailed_description,
        merged.sponsor,
        *(i.description for i in merged.interventions),
        *(f"{a.label} {a.description}" for a in merged.arms),
        *merged.inclusion_criteria,
        *merged.exclusion_criteria,
        *merged.unclassified_criteria,
        *(i.value for i in merged.registry_ids),
    ]
    keywords = [
        *merged.conditions,
        *(i.name for i in merged.interventions),
        *merged.regen.cell_types,
        *merged.regen.source_tissues,
    ]
    return sectioned_document(parts, keywords)


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
def trial_collections() -> dict[str, Collection]:
    collaborators = Trial.collaborators.through
    return {
        "conditions": Collection(
            _column(TrialCondition, "raw_name"),
            lambda rows: tuple(name for (name,) in rows[0]),
            _deleting(TrialCondition),
            _condition_rows,
            condition_names,
        ),
        "phases": Collection(
            _column(TrialPhase, "phase"),
            lambda rows: tuple(sorted(phase for (phase,) in rows[0])),
            _deleting(TrialPhase),
            lambda pairs, names: [
                (
                    TrialPhase,
                    Rows(
                        ("trial", "phase"),
                        ((trial, p) for trial, merged in pairs for p in sorted(set(merged.phases))),
                    ),
                )
            ],
            lambda p: tuple(sorted(set(p.phases))),
        ),
        "countries": Collection(
            _column(TrialCountry, "country"),
            lambda rows: tuple(sorted(str(country) for (country,) in rows[0])),
            _deleting(TrialCountry),
            lambda pairs, names: [
                (
                    TrialCountry,
                    Rows(
                        ("trial", "country"),
                        ((trial, c) for trial, merged in pairs for c in sorted(_countries(merged))),
                    ),
                )
            ],
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
            _column(Criterion, "kind", "position", "text", "suggested_kind"),
            lambda rows: tuple(rows[0]),
            _deleting(Criterion),
            lambda pairs, names: [
                (
                    Criterion,
                    Rows(
                        ("trial", "kind", "position", "text", "suggested_kind"),
                        (
                            (trial, *row)
                            for trial, merged in pairs
                            for row in _criteria_rows(merged)
                        ),
                    ),
                )
            ],
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
        **{name: _vocabulary_collection(name, model) for name, model in VOCABULARY_MODELS.items()},
    }


def _vocabulary_collection(name, model) -> Collection:
    through = Trial._meta.get_field(name).remote_field.through
    target = model._meta.model_name

    def rows(pairs, names):
        links = Rows(
            ("trial", target),
            (
                (trial, names[(model, term)])
                for trial, merged in pairs
                for term in dict.fromkeys(getattr(merged.regen, name))
            ),
        )
        return [(through, links)]

    return Collection(
        _column(through, f"{target}__term"),
        lambda rows: tuple(sorted(term for (term,) in rows[0])),
        _deleting(through),
        rows,
        lambda p: tuple(sorted(set(getattr(p.regen, name)))),
    )


def condition_names(parsed: ParsedTrial) -> tuple[str, ...]:
    """The trial's conditions as its sources write them, each wording once (several
    wordings of one condition, "COVID-19" and "COVID", link it with each)."""
    unique = {}
    for name in parsed.conditions:
        unique.setdefault(search_key(name), name)
    return tuple(unique.values())


def new_condition(name: str) -> Condition:
    # Bulk inserts skip save(): derive key and area here, as Condition.save() would.
    key = condition_areas.condition_key(name)
    return Condition(name=name, key=key, area=condition_areas.area_of(name))


def _condition_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            TrialCondition,
            Rows(
                ("trial", "condition", "position", "raw_name"),
                (
                    (trial, names[(Condition, condition_areas.condition_key(name))], position, name)
                    for trial, merged in pairs
                    for position, name in enumerate(condition_names(merged))
                ),
            ),
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
            Rows(
                ("trial", "organisation"),
                (
                    (trial, names[(Organisation, name[:500])])
                    for trial, merged in pairs
                    for name in dict.fromkeys(merged.collaborators)
                ),
            ),
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
            Rows(
                ("arm", "intervention"),
                (
                    (arm, interventions[(id(trial), name)])
                    for trial, item, arm in arms
                    for name in dict.fromkeys(item.interventions)
                    if (id(trial), name) in interventions
                ),
            ),
        ),
    ]


def _criteria_rows(parsed: ParsedTrial):
    """(kind, position, text, suggested kind) of each criterion; only unlabelled criteria
    carry a suggestion."""
    for kind, texts in (
        (CriterionKind.INCLUSION, parsed.inclusion_criteria),
        (CriterionKind.EXCLUSION, parsed.exclusion_criteria),
    ):
        for position, text in enumerate(texts):
            yield kind, position, text, ""
    suggestions = parsed.unclassified_criteria_kinds
    for position, text in enumerate(parsed.unclassified_criteria):
        suggested = suggestions[position] if position < len(suggestions) else None
        yield CriterionKind.UNCLASSIFIED, position, text, suggested or ""


def _wanted_criteria(parsed):
    return tuple((str(k), p, t, s) for k, p, t, s in _criteria_rows(parsed))


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
            Rows(
                ("trial", "kind", "position", "measure", "time_frame", "description"),
                ((trial, *row) for trial, merged in pairs for row in _outcome_rows(merged)),
            ),
        )
    ]


def _location_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            Location,
            Rows(
                ("trial", "position", "facility", "city", "country"),
                (
                    (trial, i, lo.facility, lo.city, lo.country)
                    for trial, merged in pairs
                    for i, lo in enumerate(merged.locations)
                ),
            ),
        )
    ]


def _contact_rows(pairs: Pairs, names: Names) -> Groups:
    return [
        (
            Contact,
            Rows(
                ("trial", "position", "name", "role", "email", "phone"),
                (
                    (trial, i, c.name, c.role, c.email, c.phone)
                    for trial, merged in pairs
                    for i, c in enumerate(merged.contacts)
                ),
            ),
        )
    ]


def record_related_rows(sender, instance, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: snapshot the trial's related rows."""
    if history_instance.history_type == "+":
        # A trial that was just inserted cannot have related rows yet.
        history_instance.related_snapshot = {}
    elif history_instance.history_type == "~":
        history_instance.related_snapshot = collection_values(instance)
