"""The one function that turns a trial into the published record, and its cache.

``trial_record`` backs the JSON API, ``export_trials`` and the JSON export. The record
follows ``shared/trial-record.schema.json``; "" in a vocabulary column becomes null. Expects
a trial fetched with ``Trial.objects.for_detail()`` so that it triggers no queries of its
own. ``cached_records`` serves API pages from the cache.
"""

from django.core.cache import cache

from trials.catalogue.versions import catalogue_version, record_keys
from trials.models import CriterionKind, OutcomeKind, Trial
from trials.registries import registry_url
from trials.vocab.statuses import record_status

RECORD_CACHE_SECONDS = 600


def _null(value: str) -> str | None:
    return value or None


def trial_record(trial: Trial, *, base_url: str = "", children: dict | None = None) -> dict:
    """The published record of ``trial``; its relations come from ``children`` when given
    (plain rows of ``plain_trial_children``, as the JSON export reads them)."""

    def related(name: str):
        return children[name] if children is not None else getattr(trial, name).all()

    criteria = {kind: [] for kind in CriterionKind.values}
    suggested_kinds = []
    for criterion in related("criteria"):
        criteria[criterion.kind].append(criterion.text)
        if criterion.kind == CriterionKind.UNCLASSIFIED:
            suggested_kinds.append(criterion.suggested_kind or None)
    outcomes = {kind: [] for kind in OutcomeKind.values}
    for outcome in related("outcomes"):
        outcomes[outcome.kind].append(
            {
                "measure": outcome.measure,
                "time_frame": _null(outcome.time_frame),
                "description": _null(outcome.description),
            }
        )
    return {
        "id": trial.public_id,
        "url": base_url + trial.get_absolute_url(),
        "title": trial.title,
        "acronym": _null(trial.acronym),
        "registry_ids": [
            {
                "registry": identifier.registry,
                "value": identifier.value,
                "url": _null(registry_url(identifier.registry, identifier.value)),
                "primary": identifier.is_primary,
            }
            for identifier in related("identifiers")
        ],
        "status": record_status(trial.status, trial.status_raw, trial.recruitment_status),
        "status_raw": _null(trial.status_raw),
        "visitor_status": trial.status,
        "recruitment_status": _null(trial.recruitment_status),
        "phases": sorted(row.phase for row in related("phase_rows")),
        "study_type": _null(trial.study_type),
        "dates": {
            "start": _null(trial.start_date),
            "primary_completion": _null(trial.primary_completion_date),
            "completion": _null(trial.completion_date),
            "first_posted": _null(trial.first_posted_date),
            "last_update": _null(trial.last_update_date),
        },
        "brief_summary": _null(trial.brief_summary),
        "detailed_description": _null(trial.detailed_description),
        # raw_name: the registry's wording (TrialCondition.name; plain rows have no properties)
        "conditions": [link.raw_name or link.condition.name for link in related("condition_links")],
        "interventions": [
            {
                "type": _null(intervention.type),
                "name": intervention.name,
                "description": _null(intervention.description),
            }
            for intervention in related("interventions")
        ],
        "arms": [
            {
                "label": arm.label,
                "type": _null(arm.type),
                "description": _null(arm.description),
                "interventions": [i.name for i in arm.interventions.all()],
            }
            for arm in related("arms")
        ],
        "enrollment": trial.enrollment,
        "enrollment_type": _null(trial.enrollment_type),
        "sex": _null(trial.sex),
        "min_age_years": _number(trial.min_age_years),
        "max_age_years": _number(trial.max_age_years),
        "healthy_volunteers": trial.healthy_volunteers,
        "inclusion_criteria": criteria[CriterionKind.INCLUSION],
        "exclusion_criteria": criteria[CriterionKind.EXCLUSION],
        "unclassified_criteria": criteria[CriterionKind.UNCLASSIFIED],
        "unclassified_criteria_kinds": suggested_kinds,
        "allocation": _null(trial.allocation),
        "intervention_model": _null(trial.intervention_model),
        "masking": _null(trial.masking),
        "primary_purpose": _null(trial.primary_purpose),
        "primary_outcomes": outcomes[OutcomeKind.PRIMARY],
        "secondary_outcomes": outcomes[OutcomeKind.SECONDARY],
        "sponsor": trial.sponsor.name if trial.sponsor else None,
        "collaborators": [organisation.name for organisation in related("collaborators")],
        "locations": [
            {
                "facility": _null(location.facility),
                "city": _null(location.city),
                "country": _null(str(location.country)),
            }
            for location in related("locations")
        ],
        "countries": [str(row.country) for row in related("country_rows")],
        "contacts": [
            {
                "name": contact.name,
                "role": _null(contact.role),
                "email": _null(contact.email),
                "phone": _null(contact.phone),
            }
            for contact in related("contacts")
        ],
        "regen": {
            "product_types": [t.term for t in related("product_types")],
            "cell_types": [t.term for t in related("cell_types")],
            "source_tissues": [t.term for t in related("source_tissues")],
            "donor": _null(trial.donor),
            "routes": [t.term for t in related("routes")],
        },
        "sources": [
            {
                "format": source.format,
                "sha256": source.sha256,
                "filename": _null(source.filename),
                "imported_at": source.imported_at.isoformat(),
            }
            for source in related("sources")
        ],
        "review_flags": [flag.message for flag in related("review_flags")],
        "publication": trial.publication,
        "updated_at": trial.updated_at.isoformat(),
    }


def public_record(record: dict) -> dict:
    """The record as the public API and downloads give it: curators' review notes and the
    names of imported files stay internal (the export command keeps them)."""
    sources = [{**source, "filename": None} for source in record["sources"]]
    return {**record, "sources": sources, "review_flags": []}


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def cached_records(trials: list[Trial], *, base_url: str, version: str | None = None) -> list[dict]:
    """The records of ``trials`` (only ``pk`` needs to be loaded), in order, from the cache
    where they are (API pages then serialise only what changed).

    A record is keyed by its trial and the catalogue version (see ``versions``): any write
    makes the old entries unreachable, and they expire on their own. Records missing from
    the cache are built from one ``for_detail`` load and stored.
    """
    version = version or catalogue_version()  # a caller that has read it passes it
    keys = record_keys([trial.pk for trial in trials], version, base_url)
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {
            keys[trial.pk]: trial_record(trial, base_url=base_url)
            for trial in Trial.objects.for_detail().filter(pk__in=missing)
        }
        cache.set_many(built, RECORD_CACHE_SECONDS)
        found |= built
    return [found[keys[trial.pk]] for trial in trials]
