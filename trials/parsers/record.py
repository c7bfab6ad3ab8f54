"""The parsed form of one source document, shared by every format parser and the importer.

Values of the vocabulary fields are the lowercase terms of
``shared/trial-record.schema.json`` (e.g. status "recruiting", phase "2").
"""

from dataclasses import dataclass, field


class ParseError(ValueError):
    """The text holds no trial at all (neither a title nor a registry id)."""


@dataclass(frozen=True)
class RegistryIdentifier:
    registry: str  # nct, eu_ct, eudract, isrctn, chictr, ctri, anzctr, jprn, drks, irct, other
    value: str  # as the registry writes it, e.g. NCT05520125, 2025-520841-60-00


@dataclass(frozen=True)
class ParsedIntervention:
    name: str
    type: str | None = None  # biological, drug, device, procedure, ... other
    description: str = ""


@dataclass(frozen=True)
class ParsedArm:
    label: str
    type: str | None = None  # experimental, active_comparator, placebo_comparator, ...
    description: str = ""
    interventions: tuple[str, ...] = ()  # names of ParsedIntervention


@dataclass(frozen=True)
class ParsedOutcome:
    measure: str
    time_frame: str = ""
    description: str = ""


@dataclass(frozen=True)
class ParsedLocation:
    facility: str = ""
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or "" when unknown


@dataclass(frozen=True)
class ParsedContact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Classification:
    """The regenerative-medicine classification (the record's ``regen``)."""

    product_types: tuple[str, ...] = ()
    cell_types: tuple[str, ...] = ()
    source_tissues: tuple[str, ...] = ()
    donor: str | None = None  # autologous, allogeneic, both
    routes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewFlag:
    """Something the parser could not settle; a curator should check it."""

    code: str  # stable machine code, e.g. "criteria_unlabelled", "status_conflict"
    message: str  # human sentence naming the competing values where there are some


@dataclass(frozen=True)
class TrialDates:
    """Key dates as YYYY-MM-DD or YYYY-MM (month precision), or None."""

    start: str | None = None
    primary_completion: str | None = None
    completion: str | None = None
    first_posted: str | None = None
    last_update: str | None = None


@dataclass(frozen=True)
class ParsedTrial:
    format: str  # name of the parser that produced it
    title: str = ""
    # The scientific/official title where the page gives one beside the public title (not a
    # record field: for the classifier and curators, e.g. "Allogeneic" only stated there).
    official_title: str = ""
    acronym: str = ""
    registry_ids: tuple[RegistryIdentifier, ...] = ()
    status: str | None = None
    status_raw: str = ""
    # The page's own recruitment wording where it states one apart from a regulatory stage
    # (EU: "Authorised" in the trial table, "In arruolamento" in the trial list).
    recruitment_status: str = ""
    status_registry: str = ""  # whose wordings those are: the page's primary id's registry
    phases: tuple[str, ...] = ()
    study_type: str | None = None
    dates: TrialDates = field(default_factory=TrialDates)
    brief_summary: str = ""
    detailed_description: str = ""
    conditions: tuple[str, ...] = ()
    interventions: tuple[ParsedIntervention, ...] = ()
    arms: tuple[ParsedArm, ...] = ()
    enrollment: int | None = None
    enrollment_type: str | None = None  # estimated, actual
    sex: str | None = None  # all, female, male
    min_age_years: float | None = None
    max_age_years: float | None = None
    healthy_volunteers: bool | None = None
    inclusion_criteria: tuple[str, ...] = ()
    exclusion_criteria: tuple[str, ...] = ()
    unclassified_criteria: tuple[str, ...] = ()
    # Same length and order as unclassified_criteria: "inclusion", "exclusion" or None, the
    # kind each item's wording suggests (a suggestion for curators, not the registry's word).
    unclassified_criteria_kinds: tuple[str | None, ...] = ()
    allocation: str | None = None
    intervention_model: str | None = None
    masking: str | None = None
    primary_purpose: str | None = None
    primary_outcomes: tuple[ParsedOutcome, ...] = ()
    secondary_outcomes: tuple[ParsedOutcome, ...] = ()
    sponsor: str = ""
    collaborators: tuple[str, ...] = ()
    locations: tuple[ParsedLocation, ...] = ()
    countries: tuple[str, ...] = ()  # every ISO alpha-2 country, sites or not
    contacts: tuple[ParsedContact, ...] = ()
    regen: Classification = field(default_factory=Classification)
    review_flags: tuple[ReviewFlag, ...] = ()
    # Where each value stands in the parsed text: field -> ((start, end), ...) offsets
    # (parsers/spans.py). About the document, not the trial: left out of comparisons.
    spans: dict[str, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
