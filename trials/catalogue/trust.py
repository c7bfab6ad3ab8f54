"""What a visitor needs to judge a trial, read off a fully loaded trial (``for_detail``):
eligibility in reading order, the registry's own status wording, whether the status may be
out of date, whether participants may be asked to pay, what the record says of regulators,
the design in words and the questions to ask before joining. No queries, no clock: the
caller passes ``today``.
"""

import datetime
import re
from dataclasses import dataclass

from trials.models import (
    Allocation,
    CriterionKind,
    Donor,
    FlagCode,
    InterventionModel,
    Masking,
    ParticipantPayment,
    Registry,
    Status,
    Trial,
)

STALE_AFTER_DAYS = 2 * 365

# ---- eligibility -----------------------------------------------------------------------------

# Unlabelled criteria, grouped by the kind their wording suggests (Criterion.suggested_kind).
UNLABELLED_GROUPS = (
    (CriterionKind.EXCLUSION, "Probably excludes"),
    (CriterionKind.INCLUSION, "Probably required"),
    ("", "Unclear"),
)


@dataclass(frozen=True)
class Eligibility:
    inclusion: list
    exclusion: list
    unlabelled: list[tuple[str, list]]  # (heading, criteria), only the non-empty groups

    @property
    def any(self) -> bool:
        return bool(self.inclusion or self.exclusion or self.unlabelled)


def eligibility(trial: Trial) -> Eligibility:
    """Inclusion first, then exclusion; criteria the source did not label apart, by the
    kind their wording suggests, never mixed with the labelled ones."""
    by_kind: dict[str, list] = {kind: [] for kind in CriterionKind.values}
    suggested: dict[str, list] = {kind: [] for kind, _ in UNLABELLED_GROUPS}
    for criterion in trial.criteria.all():
        by_kind[criterion.kind].append(criterion)
        if criterion.kind == CriterionKind.UNCLASSIFIED:
            suggested.get(criterion.suggested_kind, suggested[""]).append(criterion)
    groups = [(heading, suggested[kind]) for kind, heading in UNLABELLED_GROUPS if suggested[kind]]
    return Eligibility(by_kind[CriterionKind.INCLUSION], by_kind[CriterionKind.EXCLUSION], groups)


def age_range(trial: Trial) -> str:
    """The stated age limits in words ("18 to 80 years", "18 years and over")."""
    low, high = trial.min_age_years, trial.max_age_years
    if low is None and high is None:
        return "No age limits stated"
    if high is None:
        return f"{_years(low)} and over"
    if low is None or low == 0:
        return f"Up to {_years(high)}"
    return f"{_number(low)} to {_years(high)}"


def _number(value: float) -> str:
    return f"{value:g}"


def _years(value: float) -> str:
    if value < 1:
        return f"{round(value * 12)} months"
    return f"{_number(value)} years"


SEX_WORDS = {"all": "Women and men", "female": "Women only", "male": "Men only"}


def sex_eligible(trial: Trial) -> str:
    return SEX_WORDS.get(trial.sex, "Sex not stated")


# ---- status ----------------------------------------------------------------------------------


# The EU's two registers are one to a visitor; other registries go by their own names.
_REGISTRY_NAMES = {Registry.EU_CT: "EU register", Registry.EUDRACT: "EU register"}


def registry_wording(trial: Trial) -> str:
    """The registry's own status wording, readable ("ENROLLING_BY_INVITATION" -> "Enrolling
    by invitation")."""
    raw = trial.status_raw.strip()
    if raw.isupper() or "_" in raw:
        raw = raw.replace("_", " ").strip().capitalize()
    return raw


def registry_name(trial: Trial) -> str:
    if not trial.status_registry:
        return "registry"
    return _REGISTRY_NAMES.get(trial.status_registry, trial.get_status_registry_display())


def status_for_visitors(trial: Trial) -> str:
    """ "Recruiting (EU register: Authorised)"; the bare label where the wording is it."""
    return Status.for_visitors(trial.status, registry_wording(trial), registry_name(trial))


def status_note(trial: Trial) -> str:
    """What a card shows beside the status badge: "EU register: Authorised", or ""."""
    return Status.wording_note(trial.status, registry_wording(trial), registry_name(trial))


def stale_status_reason(trial: Trial, today: datetime.date) -> str:
    """Why a trial that says it is (or will be) recruiting may no longer be; "" if not."""
    return stale_reason(
        trial.status,
        trial.get_status_display(),
        [trial.completion_date, trial.primary_completion_date],
        trial.last_update_date,
        today,
    )


def stale_reason(status, label, completion_dates, last_update, today: datetime.date) -> str:
    """The rule for stored trials and for the importer's ``stale_status`` flag alike:
    a recruiting or not-yet-recruiting status past the completion date, or from a source
    not updated for more than two years."""
    if status not in Status.may_recruit():
        return ""
    completion = next((d for text in completion_dates if (d := _date(text))), None)
    if completion is not None and completion < today:
        return f"it says “{label}” but was due to finish by {completion}."
    updated = _date(last_update)
    if updated is not None and (today - updated).days > STALE_AFTER_DAYS:
        return f"the registry record has not been updated since {updated}."
    return ""


def _date(text: str) -> datetime.date | None:
    """An ISO date, or the last day of a year or month stated alone."""
    parts = [int(p) for p in re.findall(r"\d+", text or "")[:3]]
    try:
        if len(parts) == 3:
            return datetime.date(*parts)
        if len(parts) == 2:
            following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        if len(parts) == 1 and parts[0] > 1900:
            return datetime.date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


# ---- payment and regulators ------------------------------------------------------------------


def may_ask_payment(trial: Trial) -> bool:
    """Confirmed by a curator, or flagged by the detector and not yet checked (the same
    rule as ``TrialQuerySet.may_ask_payment``, read off the loaded open flags)."""
    if trial.participant_payment:
        return trial.participant_payment == ParticipantPayment.ASKS_PAYMENT
    return any(flag.code == FlagCode.PAY_TO_PARTICIPATE for flag in trial.review_flags.all())


_FDA_IND = re.compile(r"\bIND\b|investigational new drug|\bIDE\b", re.IGNORECASE)
_REGULATOR = re.compile(
    r"competent authorit|regulatory (?:authorit|approval)|medicines agency|\bPMDA\b|\bNMPA\b"
    r"|\bCDSCO\b|\bTGA\b|\bMHRA\b|\bANVISA\b|\bAIFA\b|\bPaul-Ehrlich|\bBfArM\b|\bANSM\b",
    re.IGNORECASE,
)
EU_REGISTRIES = (Registry.EU_CT, Registry.EUDRACT)


def regulatory_signal(trial: Trial) -> str:
    """What the record states about medicines regulators, in words."""
    if any(identifier.registry in EU_REGISTRIES for identifier in trial.identifiers.all()):
        return (
            "Registered in the EU clinical-trials register, which lists trials submitted to"
            " national medicines regulators (competent authorities)."
        )
    text = " ".join(
        [trial.brief_summary, trial.detailed_description]
        + [i.description for i in trial.interventions.all()]
    )
    if _FDA_IND.search(text):
        return "The record mentions a US FDA investigational new drug (IND) application."
    if _REGULATOR.search(text):
        return "The record mentions a national medicines regulator."
    return "None stated: the record does not say whether a medicines regulator authorised it."


# ---- design ----------------------------------------------------------------------------------

ALLOCATION_WORDS = {
    Allocation.RANDOMIZED: "Randomised: chance decides which group each participant joins.",
    Allocation.NON_RANDOMIZED: "Not randomised: the researchers or participants choose groups.",
    Allocation.NOT_APPLICABLE: "One group only, so there is no allocation to groups.",
}
MASKING_WORDS = {
    Masking.NONE: "Open label: everyone knows which treatment each participant gets.",
    Masking.SINGLE: "Single blind: one party (usually the participant) does not know which"
    " treatment is given.",
    Masking.DOUBLE: "Double blind: participants and the researchers treating them do not know"
    " which treatment is given.",
    Masking.TRIPLE: "Triple blind: participants, researchers and those assessing the results do"
    " not know which treatment is given.",
    Masking.QUADRUPLE: "Quadruple blind: participants, care providers, researchers and assessors"
    " do not know which treatment is given.",
}
MODEL_WORDS = {
    InterventionModel.SINGLE_GROUP: "Single group: everyone receives the same treatment.",
    InterventionModel.PARALLEL: "Parallel groups: each group receives a different treatment at"
    " the same time.",
    InterventionModel.CROSSOVER: "Crossover: participants receive each treatment in turn.",
    InterventionModel.FACTORIAL: "Factorial: two or more treatments are tested in combinations.",
    InterventionModel.SEQUENTIAL: "Sequential: groups start one after another, often at rising"
    " doses.",
    InterventionModel.OTHER: "Another design (see the registry record).",
}


def design(trial: Trial) -> list[tuple[str, str]]:
    """(aspect, explanation) of the stated design, in plain words."""
    rows = [
        ("Allocation", ALLOCATION_WORDS.get(trial.allocation, "")),
        ("Blinding", MASKING_WORDS.get(trial.masking, "")),
        ("Groups", MODEL_WORDS.get(trial.intervention_model, "")),
    ]
    if trial.primary_purpose:
        rows.append(("Main purpose", trial.get_primary_purpose_display()))
    return [(aspect, words) for aspect, words in rows if words]


# ---- questions to ask before joining ---------------------------------------------------------

ISSCR_GUIDANCE = (
    "International Society for Stem Cell Research (ISSCR), A Closer Look at Stem Cells",
    "https://www.closerlookatstemcells.org/",
)

_GENERAL_QUESTIONS = (
    "Which independent ethics committee approved the trial, and which medicines regulator"
    " authorised it?",
    "Will I have to pay for the treatment, travel or follow-up? Reputable trials do not charge"
    " participants for the product being tested.",
    "What is known so far from laboratory and earlier human studies, and what are the risks?",
    "What happens if I am harmed, and who pays for that care?",
    "How long is the follow-up, and will I hear the results?",
)
_DONOR_QUESTIONS = {
    Donor.AUTOLOGOUS: "The cells come from your own body: how are they collected, what does"
    " that procedure involve, and how are they processed before they are given back?",
    Donor.ALLOGENEIC: "The cells come from a donor: how was the donor screened, and could my"
    " immune system react against the cells (will I need drugs to suppress it)?",
    Donor.BOTH: "Some cells come from you and some from a donor: which, and what do the"
    " collection and any immune reaction involve?",
}
_ROUTE_QUESTION = "How are the cells given ({routes}), and what are the risks of that procedure?"
_SOURCE_QUESTION = (
    "The cells are made from {tissues}: is there evidence that cells from this source help"
    " this condition?"
)


def questions_to_ask(trial: Trial) -> list[str]:
    """Questions tied to the trial's cell source, donor and route, then general ones."""
    questions = []
    if trial.donor in _DONOR_QUESTIONS:
        questions.append(_DONOR_QUESTIONS[trial.donor])
    tissues = [str(t) for t in trial.source_tissues.all()]
    if tissues:
        questions.append(_SOURCE_QUESTION.format(tissues=", ".join(tissues)))
    routes = [str(r) for r in trial.routes.all()]
    if routes:
        questions.append(_ROUTE_QUESTION.format(routes=", ".join(routes)))
    return questions + list(_GENERAL_QUESTIONS)


# ---- how to take part ------------------------------------------------------------------------


def official_record(trial: Trial):
    """The registry id whose page is the official record (the primary one with a URL)."""
    with_url = [identifier for identifier in trial.identifiers.all() if identifier.url]
    return next((i for i in with_url if i.is_primary), with_url[0] if with_url else None)


def sites_by_country(trial: Trial) -> list[tuple[str, list]]:
    """(country name, sites) in order of the country's name, sites without one last."""
    groups: dict[str, list] = {}
    for location in trial.locations.all():
        groups.setdefault(str(location.country.name or ""), []).append(location)
    return sorted(groups.items(), key=lambda item: (not item[0], item[0]))


@dataclass(frozen=True)
class Trust:
    """Everything the detail page shows a visitor to judge the trial."""

    eligibility: Eligibility
    age_range: str
    sex: str
    status_for_visitors: str
    stale_reason: str
    may_ask_payment: bool
    regulatory: str
    design: list[tuple[str, str]]
    questions: list[str]
    official_record: object
    sites_by_country: list[tuple[str, list]]
    being_checked: bool
    guidance_title: str = ISSCR_GUIDANCE[0]
    guidance_url: str = ISSCR_GUIDANCE[1]


def trust(trial: Trial, today: datetime.date) -> Trust:
    return Trust(
        eligibility=eligibility(trial),
        age_range=age_range(trial),
        sex=sex_eligible(trial),
        status_for_visitors=status_for_visitors(trial),
        stale_reason=stale_status_reason(trial, today),
        may_ask_payment=may_ask_payment(trial),
        regulatory=regulatory_signal(trial),
        design=design(trial),
        questions=questions_to_ask(trial),
        official_record=official_record(trial),
        sites_by_country=sites_by_country(trial),
        being_checked=bool(trial.review_flags.all()),
    )
