"""Admins of what trials refer to: conditions, organisations, vocabulary terms, and review
flags listed across trials."""

from django.contrib import admin
from django.utils.translation import ngettext

from trials.curation import services
from trials.models import (
    CellType,
    Condition,
    Organisation,
    ProductType,
    ReviewFlag,
    Route,
    SearchSynonym,
    SourceTissue,
)


def flags_message(count: int, done: str) -> str:
    """ "1 review flag resolved", "2 review flags resolved"."""
    return ngettext(
        "%(count)d review flag %(done)s.", "%(count)d review flags %(done)s.", count
    ) % {
        "count": count,
        "done": done,
    }


@admin.register(ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin):
    list_display = (
        "trial",
        "code",
        "message",
        "source",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    list_filter = (("resolved_at", admin.EmptyFieldListFilter), "code")
    list_select_related = ("trial", "source", "resolved_by")
    search_fields = ("trial__public_id", "message", "source__filename")
    readonly_fields = ("trial", "source", "code", "message", "created_at", "resolved_at",
                       "resolved_by")  # fmt: skip
    actions = ("resolve", "reopen")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.action(description="Resolve selected flags", permissions=["change"])
    def resolve(self, request, queryset):
        count = services.resolve_flags(queryset, request.user)
        self.message_user(request, flags_message(count, "resolved"))

    @admin.action(description="Reopen selected flags", permissions=["change"])
    def reopen(self, request, queryset):
        count = queryset.exclude(resolved_at=None).update(resolved_at=None, resolved_by=None)
        self.message_user(request, flags_message(count, "reopened"))


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    search_fields = ("name", "key")
    readonly_fields = ("key",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(ProductType, CellType, SourceTissue, Route)
class VocabularyTermAdmin(admin.ModelAdmin):
    list_display = ("term", "label")
    search_fields = ("term", "label")


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Curators extend the search thesaurus: a search for the term also finds its
    expansions, and a search for an expansion finds the term."""

    list_display = ("term", "expansions", "updated_at")
    search_fields = ("term", "expansions")
