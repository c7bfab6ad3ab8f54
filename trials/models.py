"""The catalogue's data: one Trial with its related rows, its sources and its review state.

Vocabulary values are the lowercase terms of ``shared/trial-record.schema.json``; "" stands for
the schema's null (the sources do not say). Derived values (public id, countries, search
document) are computed by ``trials.importing.upsert``, never in ``save()``.
"""

import re
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.urls import reverse
from django_countries.fields import CountryField

from trials import search, search_index, wording_index
from trials.db import bundle
from trials.db.internals import LoadingQuerySet
from trials.fields import KeyListField
from trials.history import EXCLUDED_FIELDS, TrialHistoricalRecords, TrialHistoryBase
from trials.registries import id_spellings, registry_url
from trials.vocab import condition_areas
from trials.vocab.countries import country_code


class Status(models.TextChoices):
    """The one recruitment vocabulary visitors read, whatever the registry: the record
    schema's terms less the EU's regulatory stages ("authorised", "ongoing", "ended"), which
    say nothing about recruitment (trials/vocab/statuses.py reads them; docs/statuses.md maps
    every registry's wording)."""

    NOT_YET_RECRUITING = "not_yet_recruiting", "Not yet recruiting"
    RECRUITING = "recruiting", "Recruiting"
    ENROLLING_BY_INVITATION = "enrolling_by_invitation", "Recruiting by invitation only"
    ACTIVE_NOT_RECRUITING = "active_not_recruiting", "Active, not recruiting"
    SUSPENDED = "suspended", "Suspended"
    TERMINATED = "terminated", "Ended early"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNKNOWN = "unknown", "Unknown"

    @classmethod
    def may_recruit(cls) -> tuple[str, ...]:
        """Statuses that tell a visitor the trial is (or will be) taking people."""
        return (cls.NOT_YET_RECRUITING, cls.RECRUITING, cls.ENROLLING_BY_INVITATION)

    @classmethod
    def for_visitors(cls, value: str, wording: str = "", registry: str = "") -> str:
        """The visitor's label, with the registry's own wording beside it where that says
        something else: "Recruiting (EU register: Authorised)"."""
        label = cls.label_of(value)
        note = cls.wording_note(value, wording, registry)
        return f"{label} ({note})" if note else label

    @classmethod
    def label_of(cls, value: str) -> str:
        return cls(value).label if value in cls.values else cls.UNKNOWN.label

    @classmethod
    def wording_note(cls, value: str, wording: str, registry: str = "") -> str:
        """ "EU register: Authorised", or "" when the wording is the visitor's label."""
        if not wording or wording.casefold() == cls.label_of(value).casefold():
            return ""
        return f"{registry or 'registry'}: {wording}"


class Phase(models.TextChoices):
    EARLY_1 = "early_1", "Early phase 1"
    PHASE_1 = "1", "Phase 1"
    PHASE_2 = "2", "Phase 2"
    PHASE_3 = "3", "Phase 3"
    PHASE_4 = "4", "Phase 4"
    NOT_APPLICABLE = "na", "Not applicable"


class StudyType(models.TextChoices):
    INTERVENTIONAL = "interventional", "Interventional"
    OBSERVATIONAL = "observational", "Observational"
    EXPANDED_ACCESS = "expanded_access", "Expanded access"


class InterventionType(models.TextChoices):
    BIOLOGICAL = "biological", "Biological"
    DRUG = "drug", "Drug"
    DEVICE = "device", "Device"
    PROCEDURE = "procedure", "Procedure"
    GENETIC = "genetic", "Genetic"
    RADIATION = "radiation", "Radiation"
    BEHAVIORAL = "behavioral", "Behavioral"
    DIETARY_SUPPLEMENT = "dietary_supplement", "Dietary supplement"
    COMBINATION_PRODUCT = "combination_product", "Combination product"
    DIAGNOSTIC_TEST = "diagnostic_test", "Diagnostic test"
    OTHER = "other", "Other"


class ArmType(models.TextChoices):
    EXPERIMENTAL = "experimental", "Experimental"
    ACTIVE_COMPARATOR = "active_comparator", "Active comparator"
    PLACEBO_COMPARATOR = "placebo_comparator", "Placebo comparator"
    SHAM_COMPARATOR = "sham_comparator", "Sham comparator"
    NO_INTERVENTION = "no_intervention", "No intervention"
    OTHER = "other", "Other"


class EnrollmentType(models.TextChoices):
    ESTIMATED = "estimated", "Estimated"
    ACTUAL = "actual", "Actual"


class Sex(models.TextChoices):
    ALL = "all", "All"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class Allocation(models.TextChoices):
    RANDOMIZED = "randomized", "Randomized"
    NON_RANDOMIZED = "non_randomized", "Non-randomized"
    NOT_APPLICABLE = "na", "Not applicable"


class InterventionModel(models.TextChoices):
    SINGLE_GROUP = "single_group", "Single group"
    PARALLEL = "parallel", "Parallel"
    CROSSOVER = "crossover", "Crossover"
    FACTORIAL = "factorial", "Factorial"
    SEQUENTIAL = "sequential", "Sequential"
    OTHER = "other", "Other"


class Masking(models.TextChoices):
    NONE = "none", "None (open label)"
    SINGLE = "single", "Single"
    DOUBLE = "double", "Double"
    TRIPLE = "triple", "Triple"
    QUADRUPLE = "quadruple", "Quadruple"


class PrimaryPurpose(models.TextChoices):
    TREATMENT = "treatment", "Treatment"
    PREVENTION = "prevention", "Prevention"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    SUPPORTIVE_CARE = "supportive_care", "Supportive care"
    SCREENING = "screening", "Screening"
    HEALTH_SERVICES_RESEARCH = "health_services_research", "Health services research"
    BASIC_SCIENCE = "basic_science", "Basic science"
    DEVICE_FEASIBILITY = "device_feasibility", "Device feasibility"
    OTHER = "other", "Other"


class Donor(models.TextChoices):
    AUTOLOGOUS = "autologous", "Autologous"
    ALLOGENEIC = "allogeneic", "Allogeneic"
    BOTH = "both", "Autologous and allogeneic"


class ParticipantPayment(models.TextChoices):
    """A curator's answer to the pay-to-participate detector (flag ``pay_to_participate``)."""

    NOT_CHECKED = "", "Not checked"
    ASKS_PAYMENT = "asks_payment", "Confirmed: participants are asked to pay"
    NO_PAYMENT = "no_payment", "Checked: participants are not asked to pay"


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewState(models.TextChoices):
    """Where a trial stands in the curators' review queue (TrialQuerySet.in_review_state)."""

    NEEDS_ATTENTION = "attention", "Needs attention"  # open review flags
    NEW = "new", "New"  # never reviewed, no open flag
    REVIEWED = "reviewed", "Reviewed"  # reviewed, no open flag, not published
    PUBLISHED = "published", "Published"  # reviewed, no open flag, published


class FlagCode(models.TextChoices):
    """Review flag codes that pages and filters act on (imports add many others)."""

    PAY_TO_PARTICIPATE = "pay_to_participate", "Participants may be asked to pay"
    STALE_STATUS = "stale_status", "Status may be out of date"
    VISITOR_REPORT = "visitor_report", "A visitor reported a problem"


class FlagKind(models.TextChoices):
    """Families of review-flag codes, for filtering the queue (ReviewFlagQuerySet.of_kind)."""

    CONFLICT = "conflict", "Conflict between sources or with a curator's edit"
    CLASSIFICATION = "classification", "Uncertain classification"
    UNLABELLED_CRITERIA = "unlabelled_criteria", "Unlabelled criteria"
    VISITOR_REPORT = "visitor_report", "Report from a visitor"
    STALE_STATUS = "stale_status", "Stale status"
    PAY_TO_PARTICIPATE = "pay_to_participate", "Possible pay-to-participate"


FLAG_KIND_CODES = {
    FlagKind.CONFLICT: Q(code__endswith="_conflict")
    | Q(code__in=["merge_refused", "identifier_elsewhere", "curator_lock"]),
    FlagKind.CLASSIFICATION: Q(code__startswith="regen_"),
    FlagKind.UNLABELLED_CRITERIA: Q(code="criteria_unlabelled"),
    FlagKind.VISITOR_REPORT: Q(code=FlagCode.VISITOR_REPORT),
    FlagKind.STALE_STATUS: Q(code=FlagCode.STALE_STATUS),
    FlagKind.PAY_TO_PARTICIPATE: Q(code=FlagCode.PAY_TO_PARTICIPATE),
}


class Registry(models.TextChoices):
    NCT = "nct", "ClinicalTrials.gov"
    EU_CT = "eu_ct", "EU CT (CTIS)"
    EUDRACT = "eudract", "EudraCT"
    ISRCTN = "isrctn", "ISRCTN"
    CHICTR = "chictr", "ChiCTR"
    CTRI = "ctri", "CTRI"
    ANZCTR = "anzctr", "ANZCTR"
    JPRN = "jprn", "JPRN"
    DRKS = "drks", "DRKS"
    IRCT = "irct", "IRCT"
    OTHER = "other", "Other identifier"


class CriterionKind(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion"
    EXCLUSION = "exclusion", "Exclusion"
    UNCLASSIFIED = "unclassified", "Not labelled"


class OutcomeKind(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class Organisation(models.Model):
    name = models.CharField(max_length=500, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConditionQuerySet(models.QuerySet):
    def in_published_trials(self) -> "ConditionQuerySet":
        """Conditions of at least one published trial (a draft's conditions stay unseen)."""
        return self.filter(
            Exists(
                TrialCondition.objects.filter(
                    condition=OuterRef("pk"), trial__publication=Publication.PUBLISHED
                )
            )
        )


class Condition(models.Model):
    """One condition, however registries spell it: ``key`` is the normalised name (case,
    accents, British/American spelling, COVID-19's variants folded); ``name`` is the one
    shown for it. Each trial's own wording is kept on its link (``TrialCondition.raw_name``)."""

    name = models.CharField(max_length=500)
    key = models.CharField(
        max_length=500,
        unique=True,
        help_text="Normalised name: the names of one condition meet under it.",
    )
    area = models.CharField(
        max_length=40,
        blank=True,
        default="",
        db_index=True,
        help_text="Broad condition area for browsing; set from the name when left empty.",
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = condition_areas.condition_key(self.name)
        if not self.area:
            self.area = condition_areas.area_of(self.name)
        super().save(*args, **kwargs)


class VocabularyTerm(models.Model):
    """A controlled term of the regenerative-medicine classification (see trials/vocab)."""

    term = models.CharField(max_length=100, unique=True)
    label = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        abstract = True
        ordering = ["term"]

    def __str__(self) -> str:
        return self.label or self.term


class ProductType(VocabularyTerm):
    pass


class CellType(VocabularyTerm):
    pass


class SourceTissue(VocabularyTerm):
    pass


class Route(VocabularyTerm):
    pass


class SearchSynonym(models.Model):
    """A curator's addition to the search thesaurus (``trials/vocab/thesaurus.py``): a
    wording and the other wordings a search for it also finds (and the other way round)."""

    term = models.CharField(max_length=200, unique=True, help_text="A word or phrase people type.")
    expansions = models.TextField(
        help_text="Other wordings of the same thing, one per line or separated by commas."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def wordings(self) -> tuple[str, ...]:
        listed = (w.strip() for w in re.split(r"[,;\n]", self.expansions))
        return (self.term, *(w for w in listed if w))


class SearchWord(models.Model):
    """A word that "Did you mean" may offer, and how often the catalogue uses it: the words
    of published trials' titles and conditions, the thesaurus and the classification's
    labels. Filled on PostgreSQL only, where a trigram index finds the words close to a
    misspelling (``catalogue/search_words.py``); SQLite keeps its word list in the cache."""

    word = models.CharField(max_length=100, primary_key=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


def _naming(wordings, field: str) -> Q:
    """``field`` holds one of the wordings: short ones (3 letters or fewer) as its whole
    value, so "MS" is not found inside other words; longer ones anywhere in it."""
    return reduce(
        or_,
        (Q(**{f"{field}__{'iexact' if len(w) <= 3 else 'icontains'}": w}) for w in wordings),
    )


def _rows_naming(model, column: str, wordings) -> models.QuerySet:
    """Rows of ``model`` whose ``column`` names one of the wordings (as ``_naming``), found
    through SQLite's trigram and NOCASE indexes where ``wording_index`` made them."""
    rows = model.objects.all()
    if wording_index.available(rows.db):
        ids = wording_index.naming_ids(model._meta.db_table, column, wordings)
        if ids is not None:
            return rows.filter(pk__in=ids)
    return rows.filter(_naming(wordings, column))


SYNONYMS_CACHE_KEY = "search_synonyms"


def search_thesaurus() -> dict[str, tuple[str, ...]]:
    """The built-in thesaurus merged with the curators' synonyms (cached until one changes)."""
    concepts = cache.get(SYNONYMS_CACHE_KEY)
    if concepts is None:
        concepts = tuple(s.wordings() for s in SearchSynonym.objects.all())
        cache.set(SYNONYMS_CACHE_KEY, concepts, timeout=None)
    return search.thesaurus(concepts)


def forget_search_synonyms(**kwargs) -> None:
    """Signal receiver: a curator changed a synonym."""
    cache.delete(SYNONYMS_CACHE_KEY)


# The classification's vocabularies: the Trial relation (and ParsedTrial.regen field) of each.
VOCABULARY_MODELS: dict[str, type[VocabularyTerm]] = {
    "product_types": ProductType,
    "cell_types": CellType,
    "source_tissues": SourceTissue,
    "routes": Route,
}


# Columns no page shows: left out of the rows that lists and page headers read.
HEAVY_FIELDS = ("search_document", "search_vector", "title_vector", "locked_fields", "facet_keys")


class TrialQuerySet(LoadingQuerySet):
    def published(self) -> "TrialQuerySet":
        return self.filter(publication=Publication.PUBLISHED)

    @staticmethod
    def review_state_condition(state: str) -> Q:
        open_flags = Q(Exists(ReviewFlag.objects.open().filter(trial=OuterRef("pk"))))
        settled = ~open_flags & Q(reviewed_at__isnull=False)
        return {
            ReviewState.NEEDS_ATTENTION: open_flags,
            ReviewState.NEW: ~open_flags & Q(reviewed_at=None),
            ReviewState.REVIEWED: settled & ~Q(publication=Publication.PUBLISHED),
            ReviewState.PUBLISHED: settled & Q(publication=Publication.PUBLISHED),
        }[state]

    def in_review_state(self, state: str) -> "TrialQuerySet":
        return self.filter(self.review_state_condition(state))

    def review_state_counts(self) -> dict[str, int]:
        """How many trials are in each review state, in one query."""
        return self.aggregate(
            **{
                state: models.Count("pk", filter=self.review_state_condition(state))
                for state in ReviewState.values
            }
        )

    def with_open_flags_of_kind(self, kind: str) -> "TrialQuerySet":
        flags = ReviewFlag.objects.open().of_kind(kind).filter(trial=OuterRef("pk"))
        return self.filter(Exists(flags))

    def visible_to(self, user) -> "TrialQuerySet":
        """Visitors see published trials; staff see drafts and withdrawn ones too."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def search(self, query: str) -> "TrialQuerySet":
        """Trials matching a web-search query, expanded through the thesaurus, annotated
        with ``rank`` (higher is better; exclusions filter without changing it)."""
        thesaurus = search_thesaurus()
        scoped = search.split_scopes(query)
        queryset = self
        for scope, term in scoped.scoped:
            queryset = queryset.matching_in(scope, search.scoped_alternatives(term, thesaurus))
        expanded = search.expand(search.parse_query(scoped.text), thesaurus)
        if not expanded:
            return queryset.annotate(rank=Value(0.0)) if scoped.scoped else queryset
        if search.uses_postgres():
            return queryset._search_postgres(expanded)
        if search_index.available(self.db):
            return queryset._search_fts(expanded)
        return queryset.filter(search.word_start_condition(expanded)).annotate(rank=Value(1.0))

    def matching_in(self, scope: "search.Scope", wordings: tuple[str, ...]) -> "TrialQuerySet":
        """Trials whose conditions, interventions, sponsor or locations name one of the
        wordings (short ones, such as "MS", only as the whole name).

        The trials are found as one list of ids, each part through its own index (trigram
        indexes on PostgreSQL, migration 0018), not by a test of every trial's rows."""
        if not wordings:
            return self
        if scope == search.Scope.SPONSOR:
            return self.filter(sponsor__in=_rows_naming(Organisation, "name", wordings))
        if scope == search.Scope.CONDITION:
            named = (
                _rows_naming(Condition, "key", wordings)
                .values("pk")
                .union(_rows_naming(Condition, "name", wordings).values("pk"))
            )
            parts = [
                TrialCondition.objects.filter(condition__in=named),
                _rows_naming(TrialCondition, "raw_name", wordings),
            ]
        elif scope == search.Scope.INTERVENTION:
            parts = [
                _rows_naming(Intervention, "name", wordings),
                _rows_naming(Intervention, "description", wordings),
            ]
        else:
            codes = {code for w in wordings if (code := country_code(w))}
            parts = [
                _rows_naming(Location, "facility", wordings),
                _rows_naming(Location, "city", wordings),
                TrialCountry.objects.filter(country__in=codes),
            ]
        first, *rest = (part.order_by().values("trial_id") for part in parts)
        return self.filter(pk__in=first.union(*rest, all=True))

    def _search_postgres(self, expanded: "search.ExpandedQuery") -> "TrialQuerySet":
        queryset, rank = self, Value(0.0)
        if (positive := search.positive_tsquery(expanded)) is not None:
            queryset = queryset.filter(search_vector=positive)
            rank = SearchRank(F("title_vector"), positive)
        if (excluded := search.excluded_tsquery(expanded)) is not None:
            # The excluded trials found apart, through the index: tested on each match, the
            # exclusion decompressed every match's vector from TOAST (27,000 of them for
            # "mesenchymal -covid" at 100,000 trials).
            queryset = queryset.exclude(pk__in=Trial.objects.filter(search_vector=excluded))
        if (phrase := search.phrase_tsquery(expanded)) is not None:
            rank = rank + SearchRank(F("title_vector"), phrase)
        return queryset.annotate(rank=rank)

    def _search_fts(self, expanded: "search.ExpandedQuery") -> "TrialQuerySet":
        queryset, rank = self, Value(0.0)
        if match := search.fts_match(expanded):
            # A join: the index is searched once, and its bm25 rank read for each match.
            queryset = queryset.filter(full_text__query=match)
            rank = -F("full_text__rank")
        if excluded := search.fts_excluded(expanded):
            queryset = queryset.exclude(pk__in=search_index.matching_ids(excluded))
        return queryset.annotate(rank=rank)

    def with_registry(self, registries) -> "TrialQuerySet":
        return self.filter(
            Exists(RegistryId.objects.filter(trial=OuterRef("pk"), registry__in=registries))
        )

    def with_phases(self, phases) -> "TrialQuerySet":
        return self.filter(
            Exists(TrialPhase.objects.filter(trial=OuterRef("pk"), phase__in=phases))
        )

    def in_countries(self, countries) -> "TrialQuerySet":
        return self.filter(
            Exists(TrialCountry.objects.filter(trial=OuterRef("pk"), country__in=countries))
        )

    def in_condition_areas(self, areas) -> "TrialQuerySet":
        return self.filter(
            Exists(TrialCondition.objects.filter(trial=OuterRef("pk"), condition__area__in=areas))
        )

    def with_condition_ids(self, ids) -> "TrialQuerySet":
        return self.filter(
            Exists(TrialCondition.objects.filter(trial=OuterRef("pk"), condition_id__in=ids))
        )

    def with_terms(self, relation: str, terms) -> "TrialQuerySet":
        """Trials classified with any of ``terms`` in a vocabulary relation (e.g. cell_types)."""
        through = Trial._meta.get_field(relation).remote_field.through
        target = Trial._meta.get_field(relation).related_model._meta.model_name
        return self.filter(
            Exists(
                through.objects.filter(trial_id=OuterRef("pk"), **{f"{target}__term__in": terms})
            )
        )

    def similar_to(self, trial: "Trial") -> "TrialQuerySet":
        """Other trials sharing a cell type and a condition with ``trial``, newest first."""
        cell_types = trial.cell_types.all()
        condition_ids = [link.condition_id for link in trial.condition_links.all()]
        if not cell_types or not condition_ids:
            return self.none()
        return (
            self.exclude(pk=trial.pk)
            .with_terms("cell_types", [t.term for t in cell_types])
            .filter(
                Exists(
                    TrialCondition.objects.filter(
                        trial=OuterRef("pk"), condition_id__in=condition_ids
                    )
                )
            )
            .only("public_id", "title", "status")
            .order_by("-updated_at", "-id")
        )

    def eligible_at_age(self, age: float, *, include_unstated: bool = False) -> "TrialQuerySet":
        """Trials whose stated age limits admit ``age``; a missing bound is no limit that side.
        Trials stating no limit at all are left out unless ``include_unstated``."""
        eligible = self.filter(
            Q(min_age_years__isnull=True) | Q(min_age_years__lte=age),
            Q(max_age_years__isnull=True) | Q(max_age_years__gte=age),
        )
        return eligible if include_unstated else eligible.exclude(self._no_age_limits())

    def stating_no_age_limits(self) -> "TrialQuerySet":
        return self.filter(self._no_age_limits())

    @staticmethod
    def _no_age_limits() -> Q:
        return Q(min_age_years__isnull=True, max_age_years__isnull=True)

    def may_ask_payment(self) -> "TrialQuerySet":
        """Trials a curator confirmed ask participants to pay, or that the detector flagged
        and no curator has checked yet."""
        return self.filter(self._asks_payment())

    def without_payment_requests(self) -> "TrialQuerySet":
        return self.exclude(self._asks_payment())

    @staticmethod
    def _asks_payment() -> Q:
        suspected = ReviewFlag.objects.filter(
            trial=OuterRef("pk"), code=FlagCode.PAY_TO_PARTICIPATE, resolved_at=None
        )
        return Q(participant_payment=ParticipantPayment.ASKS_PAYMENT) | Q(
            Exists(suspected), participant_payment=ParticipantPayment.NOT_CHECKED
        )

    def started(self, *, first: int | None = None, last: int | None = None) -> "TrialQuerySet":
        """Trials whose start date (ISO text: a year first) falls in the years first..last."""
        queryset = self
        if first is not None:
            queryset = queryset.filter(start_date__gte=f"{first:04d}")
        if last is not None:
            queryset = queryset.filter(start_date__gt="", start_date__lt=f"{last + 1:04d}")
        return queryset

    def by_public_or_registry_id(self, public_id: str) -> tuple["Trial", bool] | None:
        """The trial known by ``public_id``, and whether that id is only a secondary one
        (another of its registry ids, in any letter case); None when no trial here has it."""
        trial = self.filter(public_id=public_id).first()
        if trial is not None:
            return trial, False
        alias = self._with_registry_slug(slug__iexact=public_id)
        return None if alias is None else (alias, True)

    def by_registry_id_query(self, query: str) -> "Trial | None":
        """The trial whose registry id is the whole search query, if any."""
        spellings = id_spellings(query)
        return self._with_registry_slug(slug__in=spellings) if spellings else None

    def _with_registry_slug(self, **lookup) -> "Trial | None":
        identifier = (
            RegistryId.objects.filter(trial__in=self.values("pk"), **lookup)
            .select_related("trial")
            .first()
        )
        return None if identifier is None else identifier.trial

    def for_list(self) -> "TrialQuerySet":
        return (
            self.select_related("sponsor")
            .defer(*HEAVY_FIELDS)
            .prefetch_related(
                "phase_rows",
                "country_rows",
                models.Prefetch(
                    "condition_links",
                    queryset=TrialCondition.objects.select_related("condition").order_by(
                        "position"
                    ),
                ),
            )
        )

    def for_detail(self, *, with_history: bool = False) -> "TrialQuerySet":
        """Trials with every relation of the full record, read in one extra statement;
        ``with_history`` adds the historical records (``trial.history_records``, oldest
        first, long texts deferred) to the same statement, for the public change log."""
        loader = load_trial_children_and_history if with_history else load_trial_children
        return self.select_related("sponsor").loading(loader)


class Trial(models.Model):
    public_id = models.CharField(
        max_length=100, unique=True, help_text="Primary registry id, used in the trial's URL."
    )
    title = models.TextField()
    acronym = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=30, choices=Status, default=Status.UNKNOWN)
    status_raw = models.CharField(max_length=200, blank=True, default="")
    # The registry's own recruitment wording where it states one apart from a regulatory
    # stage (an EU page: status "Authorised", recruitment "In arruolamento").
    recruitment_status = models.CharField(max_length=200, blank=True, default="")
    # The registry whose wordings those are (the primary id's), to name it beside them.
    status_registry = models.CharField(max_length=20, choices=Registry, blank=True, default="")
    study_type = models.CharField(max_length=20, choices=StudyType, blank=True, default="")
    start_date = models.CharField(max_length=10, blank=True, default="")
    primary_completion_date = models.CharField(max_length=10, blank=True, default="")
    completion_date = models.CharField(max_length=10, blank=True, default="")
    first_posted_date = models.CharField(max_length=10, blank=True, default="")
    last_update_date = models.CharField(max_length=10, blank=True, default="")
    brief_summary = models.TextField(blank=True, default="")
    detailed_description = models.TextField(blank=True, default="")
    enrollment = models.PositiveIntegerField(null=True, blank=True)
    enrollment_type = models.CharField(
        max_length=10, choices=EnrollmentType, blank=True, default=""
    )
    sex = models.CharField(max_length=10, choices=Sex, blank=True, default="")
    min_age_years = models.FloatField(null=True, blank=True)
    max_age_years = models.FloatField(null=True, blank=True)
    healthy_volunteers = models.BooleanField(null=True, blank=True)
    allocation = models.CharField(max_length=20, choices=Allocation, blank=True, default="")
    intervention_model = models.CharField(
        max_length=20, choices=InterventionModel, blank=True, default=""
    )
    masking = models.CharField(max_length=20, choices=Masking, blank=True, default="")
    primary_purpose = models.CharField(
        max_length=30, choices=PrimaryPurpose, blank=True, default=""
    )
    sponsor = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="sponsored"
    )
    collaborators = models.ManyToManyField(Organisation, blank=True, related_name="collaborations")
    conditions = models.ManyToManyField(Condition, through="TrialCondition", blank=True)
    product_types = models.ManyToManyField(ProductType, blank=True, related_name="trials")
    cell_types = models.ManyToManyField(CellType, blank=True, related_name="trials")
    source_tissues = models.ManyToManyField(SourceTissue, blank=True, related_name="trials")
    routes = models.ManyToManyField(Route, blank=True, related_name="trials")
    donor = models.CharField(max_length=20, choices=Donor, blank=True, default="")
    publication = models.CharField(max_length=20, choices=Publication, default=Publication.DRAFT)
    participant_payment = models.CharField(
        max_length=20,
        choices=ParticipantPayment,
        blank=True,
        default="",
        help_text="Whether participants are asked to pay, as a curator checked it.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_trials",
        help_text="The curator reviewing this trial (the review queue's 'assign to me').",
    )
    locked_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields a curator edited; imports never overwrite them.",
    )
    search_document = models.TextField(blank=True, default="", editable=False)
    # Every facet value of the trial as "facet:value" (trials/catalogue/facet_keys.py keeps it).
    facet_keys = KeyListField(null=True, editable=False)
    # PostgreSQL only: kept in step with search_document by a trigger (migration 0002).
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only, same trigger: the title alone, small enough to rank every match fast.
    title_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrialQuerySet.as_manager()
    history = TrialHistoricalRecords(
        bases=[TrialHistoryBase],
        excluded_fields=EXCLUDED_FIELDS,
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("publish_trial", "Can publish, unpublish and withdraw trials")]
        indexes = [
            models.Index(
                fields=["publication", "-updated_at", "-id"], name="trial_pub_updated_idx"
            ),
            models.Index(fields=["-updated_at"], name="trial_updated_idx"),
            models.Index(fields=["status"], name="trial_status_idx"),
            models.Index(fields=["study_type"], name="trial_study_type_idx"),
            models.Index(fields=["enrollment"], name="trial_enrollment_idx"),
            models.Index(fields=["sex"], name="trial_sex_idx"),
            models.Index(fields=["min_age_years", "max_age_years"], name="trial_age_idx"),
            models.Index(fields=["healthy_volunteers"], name="trial_healthy_idx"),
            models.Index(fields=["donor"], name="trial_donor_idx"),
            models.Index(fields=["title"], name="trial_title_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("trials:detail", args=[self.public_id])

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


class TrialFullText(models.Model):
    """SQLite's FTS5 index of trials (``search_index.py`` creates and fills it), joined by
    ``TrialQuerySet.search``. Never written through the ORM; absent on PostgreSQL."""

    trial = models.OneToOneField(
        Trial,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="full_text",
    )
    # FTS5's hidden column named after its table: "= expression" is a full-text match.
    query = models.TextField(db_column="trial_fts")
    # bm25 with the weights search_index.py configures (lower is better).
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "trial_fts"

    def __str__(self) -> str:
        return f"full text of trial {self.pk}"


class TrialCondition(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="trial_links")
    position = models.PositiveSmallIntegerField(default=0)
    raw_name = models.CharField(
        max_length=500,
        blank=True,
        default="",
        help_text="The condition as this trial's sources write it (empty: the condition's name).",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            # A registry may name one condition twice ("COVID-19", "COVID"): both are kept.
            models.UniqueConstraint(
                fields=["trial", "condition", "raw_name"], name="trial_condition_wording_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The condition as this trial names it."""
        return self.raw_name or self.condition.name


class TrialPhase(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="phase_rows")
    phase = models.CharField(max_length=10, choices=Phase)

    class Meta:
        ordering = ["phase"]
        constraints = [
            models.UniqueConstraint(fields=["trial", "phase"], name="trial_phase_unique")
        ]
        indexes = [models.Index(fields=["phase", "trial"], name="trial_phase_lookup_idx")]

    def __str__(self) -> str:
        return self.get_phase_display()


class TrialCountry(models.Model):
    """Every country a trial runs in, with sites or without (the record's ``countries``)."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="country_rows")
    country = CountryField()

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["trial", "country"], name="trial_country_unique")
        ]
        indexes = [models.Index(fields=["country", "trial"], name="trial_country_lookup_idx")]

    def __str__(self) -> str:
        return self.country.name


class RegistryId(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="identifiers")
    registry = models.CharField(max_length=20, choices=Registry)
    value = models.CharField(max_length=100)
    slug = models.CharField(max_length=100, db_index=True, help_text="The id as a URL part.")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registry", "value"], name="registry_id_unique"),
            models.UniqueConstraint(
                fields=["trial"], condition=Q(is_primary=True), name="registry_id_one_primary"
            ),
        ]
        indexes = [models.Index(fields=["registry", "trial"], name="registry_id_registry_idx")]

    def __str__(self) -> str:
        return self.value

    @property
    def url(self) -> str:
        return registry_url(self.registry, self.value)


class Intervention(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(max_length=30, choices=InterventionType, blank=True, default="")
    name = models.CharField(max_length=1000)
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Arm(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="arms")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=1000)
    type = models.CharField(max_length=30, choices=ArmType, blank=True, default="")
    description = models.TextField(blank=True, default="")
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="arms")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=20, choices=CriterionKind)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    suggested_kind = models.CharField(
        max_length=20,
        choices=[(CriterionKind.INCLUSION, "Inclusion"), (CriterionKind.EXCLUSION, "Exclusion")],
        blank=True,
        default="",
        help_text="For a criterion the source does not label: the kind its wording suggests"
        " (the importer's guess, for curators to confirm).",
    )

    class Meta:
        ordering = ["kind", "position", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.text[:80]


class Outcome(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind)
    position = models.PositiveSmallIntegerField(default=0)
    measure = models.TextField()
    time_frame = models.TextField(blank=True, default="")
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["kind", "position", "id"]

    def __str__(self) -> str:
        return self.measure[:80]


class Location(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="locations")
    position = models.PositiveSmallIntegerField(default=0)
    facility = models.CharField(max_length=500, blank=True, default="")
    city = models.CharField(max_length=200, blank=True, default="")
    country = CountryField(blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return ", ".join(
            part for part in (self.facility, self.city, str(self.country.name)) if part
        )


class Contact(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=200, blank=True, default="")
    email = models.CharField(max_length=300, blank=True, default="")
    phone = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class SourceDocument(models.Model):
    """A document as it was read: the raw text exactly, and what the parser made of it."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="sources")
    filename = models.CharField(max_length=500, blank=True, default="")
    sha256 = models.CharField(max_length=64, unique=True)
    format = models.CharField(max_length=50)
    detection_reason = models.CharField(max_length=500, blank=True, default="")
    raw_text = models.TextField()
    parsed = models.JSONField(default=dict, help_text="The parser's output for this document.")
    # Where in raw_text each value was read: {"field": [[start, end], ...]} (parsers/spans.py).
    spans = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["imported_at", "id"]

    def __str__(self) -> str:
        return self.filename or self.sha256[:12]


class SupersededDocument(models.Model):
    """The digest of an earlier copy of a source document, kept when a newer copy (same file
    name) replaced it: importing that older copy again is "stale", never a revert. Written by
    a database trigger on the source's digest (migration 0009), in the importer's own UPDATE."""

    source = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="superseded_copies"
    )
    sha256 = models.CharField(max_length=64, unique=True)
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} (replaced {self.replaced_at:%Y-%m-%d})"


class ReviewFlagQuerySet(models.QuerySet):
    def open(self) -> "ReviewFlagQuerySet":
        return self.filter(resolved_at=None)

    def of_kind(self, kind: str) -> "ReviewFlagQuerySet":
        return self.filter(FLAG_KIND_CODES[FlagKind(kind)])


class ReviewFlag(models.Model):
    """Something an import could not settle, or a visitor reported; a curator resolves it."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="review_flags")
    source = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    code = models.CharField(max_length=50)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ReviewFlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["trial", "resolved_at"], name="review_flag_open_idx")]

    def __str__(self) -> str:
        return self.message


def _trial_children() -> tuple[list, list]:
    """The relations of a full trial record (detail page, API, exports): (branches, nested)."""

    def children(name, model, rows=None, deferred=(), related=None):
        rows = rows if rows is not None else model.objects.all()
        return bundle.Branch(
            name, model, rows, "trial_id", deferred=deferred, related=related or {}
        )

    def linked(name, model):
        through = Trial._meta.get_field(name).remote_field.through
        target = model._meta.model_name
        return bundle.Branch(name, model, through.objects.all(), "trial_id", prefix=f"{target}__")

    branches = [
        children("identifiers", RegistryId),
        children("phase_rows", TrialPhase),
        children("country_rows", TrialCountry),
        children("condition_links", TrialCondition, related={"condition": Condition}),
        children("interventions", Intervention),
        children("arms", Arm),
        children("criteria", Criterion),
        children("outcomes", Outcome),
        children("locations", Location),
        children("contacts", Contact),
        linked("collaborators", Organisation),
        linked("product_types", ProductType),
        linked("cell_types", CellType),
        linked("source_tissues", SourceTissue),
        linked("routes", Route),
        children("sources", SourceDocument, deferred=("raw_text", "parsed")),
        children("review_flags", ReviewFlag, ReviewFlag.objects.filter(resolved_at=None)),
    ]
    arm_links = Arm.interventions.through.objects.all()
    arm_interventions = ("arms", "interventions", arm_links, "arm_id", "intervention_id")
    return branches, [arm_interventions]


def load_trial_children(trials: list) -> None:
    """Every relation of a full trial record, attached to ``trials``, in one statement."""
    branches, nested = _trial_children()
    bundle.load(trials, branches, nested=nested)


# What the change log needs of a historical record: no long texts, no curators' notes.
HISTORY_DEFERRED = ("brief_summary", "detailed_description", "history_change_reason",
                    "locked_fields", "title")  # fmt: skip


def load_trial_children_and_history(trials: list) -> None:
    """``load_trial_children`` plus each trial's historical records, in the same statement."""
    branches, nested = _trial_children()
    historical = Trial.history.model
    history = bundle.Branch(
        "history_records",
        historical,
        historical.objects.all(),
        "id",
        ordering=("history_date", "history_id"),
        deferred=HISTORY_DEFERRED,
        attribute=True,
    )
    bundle.load(trials, [*branches, history], nested=nested)


def plain_trial_children(ids: list[int], using: str = "default") -> dict[int, dict]:
    """Every relation of the full records of trials ``ids`` as plain rows, in one statement:
    {trial id: {relation: rows}} (see ``bundle.load_plain``)."""
    branches, nested = _trial_children()
    return bundle.load_plain(ids, branches, nested=nested, using=using)


class StoredRecord(models.Model):
    """A published trial's public record as JSON text, ready for the JSON export.

    Derived data (``catalogue/stored_records.py`` writes it): ``stamp`` names the code and the
    trial's ``updated_at`` it was built from, and a record whose stamp differs is built again
    before it is served, so a change to a trial never serves the old text.
    """

    trial = models.OneToOneField(
        Trial, on_delete=models.CASCADE, primary_key=True, related_name="stored_record"
    )
    stamp = models.CharField(max_length=100)
    text = models.TextField()

    def __str__(self):
        return f"record of trial {self.trial_id}"


class AlertSubscriptionQuerySet(models.QuerySet):
    def of_address(self, email: str) -> "AlertSubscriptionQuerySet":
        return self.filter(email__iexact=email)

    def due(self, until) -> "AlertSubscriptionQuerySet":
        """Subscriptions not yet sent everything up to ``until``, batched by saved query."""
        return self.filter(sent_up_to__lt=until).order_by("query", "id")

    def counts_by_query(self) -> list[dict]:
        """[{query, description, count}] most followed first: what staff may see."""
        return list(
            self.values("query", "description")
            .annotate(count=models.Count("pk"))
            .order_by("-count", "query")
        )


class AlertSubscription(models.Model):
    """A confirmed e-mail alert: one address following one saved list search.

    Stored only when the address confirmed it (trials/alerts/); ``sent_up_to`` is the moment up
    to which every change has been mailed, moved only after a successful send.
    """

    email = models.EmailField()
    query = models.CharField(
        max_length=1000, blank=True, default="", help_text="The list's filters, canonical."
    )
    description = models.CharField(max_length=500, blank=True, default="")
    confirmed_at = models.DateTimeField()
    sent_up_to = models.DateTimeField()
    last_mailed_at = models.DateTimeField(null=True, blank=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="alert_email_query_unique")
        ]
        indexes = [
            models.Index(fields=["query", "id"], name="alert_query_idx"),
            models.Index(fields=["sent_up_to"], name="alert_sent_up_to_idx"),
        ]

    def __str__(self) -> str:
        return f"alert #{self.pk}: {self.description or 'all published trials'}"

    def list_url(self) -> str:
        path = reverse("trials:list")
        return f"{path}?{self.query}" if self.query else path
