"""The changelist's filters of trials: review state, open flags, locks, phase, country, source
format."""

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from trials.models import FlagKind, Phase, ReviewFlag, ReviewState, SourceDocument, TrialCountry
from trials.parsers import FORMATS

QUEUE = "queue"


def open_flags():
    """The open review flags of the trial of the outer query."""
    return ReviewFlag.objects.open().filter(trial=OuterRef("pk"))


def review_value(request) -> str | None:
    """The review state (or "queue") the changelist is showing, if any."""
    value = request.GET.get(ReviewFilter.parameter_name)
    return value if value == QUEUE or value in ReviewState.values else None


class ReviewFilter(admin.SimpleListFilter):
    """The review queue's states: needs attention (open flags, newest first), new (never
    reviewed), reviewed, published; "queue" is the first two, oldest first."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return (
            (QUEUE, "Review queue (needs attention or new), oldest first"),
            *ReviewState.choices,
            ("never", "Never reviewed (flagged or not)"),
        )

    def queryset(self, request, queryset):
        match self.value():
            case "queue":
                return queryset.filter(Q(reviewed_at=None) | Exists(open_flags()))
            case "never":
                return queryset.filter(reviewed_at=None)
            case state if state in ReviewState.values:
                return queryset.in_review_state(state)
        return queryset


class FlagKindFilter(admin.SimpleListFilter):
    title = "kind of open flag"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return FlagKind.choices

    def queryset(self, request, queryset):
        if self.value() in FlagKind.values:
            return queryset.with_open_flags_of_kind(self.value())
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return (("me", "Me"), ("nobody", "Nobody"))

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to=None)
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    """Two options: the trials that meet ``condition()``, then the others."""

    options: tuple[tuple[str, str], tuple[str, str]]  # (yes, label), (no, label)

    def condition(self) -> Q:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.options

    def queryset(self, request, queryset):
        (yes, _), (no, _) = self.options
        if self.value() == yes:
            return queryset.filter(self.condition())
        if self.value() == no:
            return queryset.filter(~self.condition())
        return queryset


class OpenFlagsFilter(YesNoFilter):
    title = "open review flags"
    parameter_name = "flags"
    options = (("open", "Has open flags"), ("none", "No open flags"))

    def condition(self):
        return Q(Exists(open_flags()))


class LockFilter(YesNoFilter):
    title = "curator locks"
    parameter_name = "locks"
    options = (("yes", "Has locked fields"), ("no", "Follows its sources"))

    def condition(self):
        return ~Q(locked_fields=[])


class PhaseFilter(admin.SimpleListFilter):
    title = "phase"
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return Phase.choices

    def queryset(self, request, queryset):
        if self.value() in Phase.values:
            return queryset.with_phases([self.value()])
        return queryset


def _countries_in_use() -> list[tuple[str, str]]:
    rows = TrialCountry.objects.order_by("country").values_list("country", flat=True)
    return [(code, TrialCountry(country=code).country.name) for code in rows.distinct()]


class CountryFilter(admin.SimpleListFilter):
    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # Reading the distinct countries scans every site row (20 ms at 100,000 trials): kept
        # five minutes, so a country new to the catalogue joins this list within that time.
        return cache.get_or_set("admin:countries", _countries_in_use, 300)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.in_countries([self.value()])
        return queryset


class SourceFormatFilter(admin.SimpleListFilter):
    title = "format of a source"
    parameter_name = "format"

    def lookups(self, request, model_admin):
        return [(name, name) for name in sorted(FORMATS)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Exists(SourceDocument.objects.filter(trial=OuterRef("pk"), format=self.value()))
            )
        return queryset
