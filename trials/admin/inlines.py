"""The trial's related rows, edited inline in the order of the public trial page."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from trials.admin.forms import RegistryIdFormSet, ReviewFlagForm
from trials.curation.services import lock_conflict_diff, lock_conflict_field
from trials.models import (
    Arm,
    Contact,
    Criterion,
    CriterionKind,
    Intervention,
    Location,
    Outcome,
    RegistryId,
    ReviewFlag,
    TrialCondition,
    TrialCountry,
    TrialPhase,
)

# Which lockable field (as the importer names it) an inline's edits protect.
INLINE_LOCKS = {
    TrialCondition: "conditions",
    TrialPhase: "phases",
    TrialCountry: "countries",
    Intervention: "interventions",
    Arm: "interventions",
    Criterion: "criteria",
    Outcome: "outcomes",
    Location: "locations",
    Contact: "contacts",
}

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class TrialPhaseInline(admin.TabularInline):
    model = TrialPhase
    extra = 0
    verbose_name_plural = "phases"


class TrialConditionInline(admin.TabularInline):
    model = TrialCondition
    extra = 0
    fields = ("condition", "position")
    autocomplete_fields = ("condition",)
    verbose_name_plural = "conditions"


class InterventionInline(admin.TabularInline):
    model = Intervention
    extra = 0
    formfield_overrides = SHORT_TEXT
    fields = ("position", "type", "name", "description")


class ArmInline(admin.StackedInline):
    model = Arm
    extra = 0
    fields = (("position", "type"), "label", "description", "interventions")
    filter_horizontal = ("interventions",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only the interventions of the trial being edited can be given to its arms.
        if db_field.name == "interventions":
            trial_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Intervention.objects.filter(trial_id=trial_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CriterionForm(forms.ModelForm):
    """One row of the criteria table: the kind as three radio buttons (arrow keys move
    between them), the position hidden and kept in step by the move buttons."""

    kind = forms.ChoiceField(
        choices=CriterionKind.choices, widget=forms.RadioSelect(attrs={"class": "kind-choice"})
    )

    class Meta:
        model = Criterion
        fields = ("kind", "position", "text")
        widgets = {
            "position": forms.HiddenInput(attrs={"class": "criterion-position"}),
            "text": forms.Textarea(attrs={"rows": 2, "cols": 60}),
        }


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = CriterionForm
    extra = 0
    fields = ("kind", "text", "suggested", "position")
    readonly_fields = ("suggested",)
    verbose_name_plural = "eligibility criteria (kind per row; ↑ ↓ reorder)"

    @admin.display(description="Wording suggests")
    def suggested(self, criterion: Criterion) -> str:
        return criterion.get_suggested_kind_display() or ""


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    formfield_overrides = SHORT_TEXT
    fields = ("kind", "position", "measure", "time_frame", "description")


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = ("position", "facility", "city", "country")


class TrialCountryInline(admin.TabularInline):
    model = TrialCountry
    extra = 0
    verbose_name_plural = "countries (with sites or without)"


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("position", "name", "role", "email", "phone")


class RegistryIdInline(admin.TabularInline):
    model = RegistryId
    formset = RegistryIdFormSet
    extra = 0
    fields = ("registry", "value", "is_primary")
    verbose_name_plural = "identifiers (the primary one is the trial's public id)"


class ReviewFlagInline(admin.TabularInline):
    model = ReviewFlag
    form = ReviewFlagForm
    extra = 0
    can_delete = False
    fields = (
        "code",
        "message",
        "changes",
        "source",
        "created_at",
        "resolution",
        "resolve",
        "one_click",
    )
    readonly_fields = (
        "code", "message", "changes", "source", "created_at", "resolution", "one_click"
    )  # fmt: skip
    verbose_name_plural = "review flags (tick to resolve)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source", "resolved_by")
            .order_by(F("resolved_at").asc(nulls_first=True), "created_at", "id")
        )

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Changes (yours → the sources')")
    def changes(self, flag: ReviewFlag) -> str:
        if flag.resolved_at is not None:
            return ""
        return lock_conflict_diff(flag)

    @admin.display(description="Settle")
    def one_click(self, flag: ReviewFlag) -> str:
        """A conflict between an import and a curator's edit, settled in one click."""
        if flag.resolved_at is not None or lock_conflict_field(flag) is None:
            return ""
        url = reverse("admin:trials_trial_settle_flag", args=[flag.trial_id, flag.pk])
        return format_html(
            '<span class="flag-actions">'
            '<button type="submit" formaction="{}" name="choice" value="imported">'
            "Accept imported value</button>"
            '<button type="submit" formaction="{}" name="choice" value="mine">Keep mine</button>'
            "</span>",
            url,
            url,
        )

    @admin.display(description="Resolved")
    def resolution(self, flag: ReviewFlag) -> str:
        if flag.resolved_at is None:
            return "open"
        by = f" by {flag.resolved_by}" if flag.resolved_by else ""
        return f"{timezone.localtime(flag.resolved_at):%Y-%m-%d %H:%M}{by}"


# In the order of the public trial page; review flags last.
TRIAL_INLINES = (
    TrialPhaseInline,
    TrialConditionInline,
    InterventionInline,
    ArmInline,
    CriterionInline,
    OutcomeInline,
    LocationInline,
    TrialCountryInline,
    ContactInline,
    RegistryIdInline,
    ReviewFlagInline,
)
