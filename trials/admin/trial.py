"""The trial admin: trials laid out like their public page, the review queue, source documents
beside the parsed fields, curator locks, history, and imports from the browser.

The services behind it live in ``trials.curation.services`` and ``trials.importing.upsert``; its
inlines, filters and forms in the modules beside this one.
"""

import secrets

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from trials.admin.forms import INSTRUCTION_FIELDS, ImportForm, TrialAdminForm, field_label
from trials.admin.inlines import INLINE_LOCKS, TRIAL_INLINES
from trials.admin.list_filters import (
    AssigneeFilter,
    CountryFilter,
    FlagKindFilter,
    LockFilter,
    OpenFlagsFilter,
    PhaseFilter,
    ReviewFilter,
    SourceFormatFilter,
    open_flags,
    review_value,
)
from trials.admin.reference import flags_message
from trials.curation import services
from trials.curation.diffs import list_diff, render_list_diff, word_diff
from trials.curation.source_spans import form_spans
from trials.history import change_reason, snapshot_item_changes
from trials.importing import collections
from trials.importing.documents import text_sha256
from trials.importing.upsert import Action
from trials.models import (
    Phase,
    Publication,
    RegistryId,
    ReviewFlag,
    ReviewState,
    SourceDocument,
    Trial,
    TrialPhase,
)
from trials.registries import primary_of, public_id_of, url_slug

IMPORT_SESSION_KEY = "trials_admin_import"


def trials_message(count: int, done: str) -> str:
    """ "1 trial published.", "2 trials published."."""
    return ngettext("%(count)d trial %(done)s.", "%(count)d trials %(done)s.", count) % {
        "count": count,
        "done": done,
    }


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value in (None, "") else str(value)


class WholeValues(HistoricalRecordContextHelper):
    """A history change's old and new values whole and unescaped: the word diff escapes them
    (simple_history would shorten long values to "[33 chars]" and escape them already)."""

    def stringify_delta_change_values(self, change, old, new):
        return old, new


@admin.register(Trial)
class TrialAdmin(SimpleHistoryAdmin):
    form = TrialAdminForm
    change_list_template = "admin/trials/trial/change_list.html"
    object_history_template = "admin/trials/trial/object_history.html"
    object_history_list_template = "admin/trials/trial/object_history_list.html"
    change_form_template = "admin/trials/trial/change_form.html"
    list_display = (
        "public_id",
        "short_title",
        "status",
        "phases",
        "publication",
        "open_flags",
        "last_import",
        "reviewed_at",
        "updated_at",
    )
    # The review queue's columns (any ?review= state): why each trial is there, and who has it.
    queue_display = (
        "public_id",
        "short_title",
        "review_state",
        "reason",
        "newest_flag_at",
        "assigned_to",
        "publication",
    )
    list_display_links = ("public_id", "short_title")
    list_filter = (
        ReviewFilter,
        FlagKindFilter,
        AssigneeFilter,
        OpenFlagsFilter,
        "publication",
        "status",
        PhaseFilter,
        CountryFilter,
        SourceFormatFilter,
        LockFilter,
        "study_type",
        "donor",
    )
    search_fields = (
        "public_id",
        "title",
        "acronym",
        "identifiers__value",
        "sponsor__name",
        "sources__filename",
    )
    search_help_text = "Registry id, title, acronym, sponsor or source file name."
    list_select_related = ("sponsor", "assigned_to")
    show_full_result_count = False  # a second COUNT(*) over 100,000 trials, for one number
    autocomplete_fields = (
        "sponsor",
        "collaborators",
        "product_types",
        "cell_types",
        "source_tissues",
        "routes",
    )
    actions = (
        "assign_to_me",
        "publish_reviewed",
        "publish",
        "unpublish",
        "withdraw",
        "mark_reviewed",
        "resolve_open_flags",
        "release_all_locks",
    )
    inlines = TRIAL_INLINES

    def get_fieldsets(self, request, obj=None):
        curation_fields = ["publication", "reviewed_at", "participant_payment"]
        if obj is not None:
            curation_fields += ["mark_reviewed", "flags_summary", "locks"]
            if obj.locked_fields:
                curation_fields.append("release_locks")
        return (
            (None, {"fields": ("public_id", "title", "acronym")}),
            ("Curation", {"fields": curation_fields}),
            (
                "Overview",
                {
                    "fields": (
                        ("status", "status_raw", "recruitment_status"),
                        "study_type",
                        ("enrollment", "enrollment_type"),
                        "sponsor",
                        "collaborators",
                        ("start_date", "primary_completion_date", "completion_date"),
                        ("first_posted_date", "last_update_date"),
                    )
                },
            ),
            ("Summary", {"fields": ("brief_summary", "detailed_description")}),
            (
                "Regenerative-medicine classification",
                {"fields": ("product_types", "cell_types", "source_tissues", "donor", "routes")},
            ),
            (
                "Eligibility",
                {"fields": ("sex", ("min_age_years", "max_age_years"), "healthy_volunteers")},
            ),
            (
                "Design",
                {"fields": ("allocation", "intervention_model", "masking", "primary_purpose")},
            ),
            (
                "Bookkeeping",
                {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = ["public_id", "reviewed_at", "flags_summary", "locks", "created_at", "updated_at"]
        if not self.has_publish_permission(request):
            fields.append("publication")
        return fields

    def get_search_results(self, request, queryset, search_term):
        """Django's search over ``search_fields``, each word in any field, with the registry
        ids and source files matched by EXISTS: through a join, the changelist would have to
        de-duplicate (SELECT DISTINCT over every column) all the matching trials."""
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[0] == word[-1]:
                word = unescape_string_literal(word)
            queryset = queryset.filter(
                Q(public_id__icontains=word)
                | Q(title__icontains=word)
                | Q(acronym__icontains=word)
                | Q(sponsor__name__icontains=word)
                | Exists(RegistryId.objects.filter(trial=OuterRef("pk"), value__icontains=word))
                | Exists(
                    SourceDocument.objects.filter(trial=OuterRef("pk"), filename__icontains=word)
                )
            )
        return queryset, False

    def get_queryset(self, request):
        # Computed columns as subqueries: the changelist costs the same queries for any page.
        flag_count = open_flags().order_by().values("trial").annotate(n=Count("pk")).values("n")
        newest_flag = open_flags().order_by("-created_at", "-id")
        last_import = (
            SourceDocument.objects.filter(trial=OuterRef("pk"))
            .order_by("-imported_at")
            .values("imported_at")[:1]
        )
        phases = (
            TrialPhase.objects.filter(trial=OuterRef("pk"))
            .order_by()
            .values("trial")
            .annotate(joined=StringAgg("phase", Value(",")))
            .values("joined")
        )
        queryset = self.model._default_manager.get_queryset().annotate(
            open_flag_count=Coalesce(Subquery(flag_count, output_field=IntegerField()), 0),
            newest_flag_at=Subquery(newest_flag.values("created_at")[:1]),
            newest_flag_message=Subquery(newest_flag.values("message")[:1]),
            last_import=Subquery(last_import),
            phase_list=Subquery(phases),
        )
        # ModelAdmin.get_queryset, ordered after the annotations the queue's orderings use.
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_ordering(self, request):
        match review_value(request):
            case "queue" | ReviewState.NEW:
                return ("created_at", "id")  # oldest first
            case ReviewState.NEEDS_ATTENTION:
                return ("-newest_flag_at", "-id")  # the newest flag first
            case ReviewState.REVIEWED:
                return ("-reviewed_at", "-id")
        return super().get_ordering(request)

    def get_list_display(self, request):
        return self.queue_display if review_value(request) else super().get_list_display(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if review := review_value(request):
            # Counted only on the queue's pages: one query, not paid by the plain list.
            counts = Trial.objects.review_state_counts()
            extra_context["review_tabs"] = [
                (state, label, counts[state]) for state, label in ReviewState.choices
            ]
            extra_context["review_current"] = review
            if not set(request.GET) - {ReviewFilter.parameter_name, "p", "o"}:
                # The page shows exactly one state (or the queue: attention + new), whose
                # size is counted already: the paginator need not count again.
                request.review_result_count = (
                    counts[ReviewState.NEEDS_ATTENTION] + counts[ReviewState.NEW]
                    if review == "queue"
                    else counts[review]
                )
        return super().changelist_view(request, extra_context)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if (known := getattr(request, "review_result_count", None)) is not None:
            paginator.count = known  # Paginator.count is a cached property: this is its value
        return paginator

    # -- columns

    @admin.display(description="Title", ordering="title")
    def short_title(self, trial: Trial) -> str:
        return trial.title[:90]

    @admin.display(description="Phases")
    def phases(self, trial: Trial) -> str:
        labels = dict(Phase.choices)
        codes = sorted(code for code in (trial.phase_list or "").split(",") if code)
        return ", ".join(labels.get(code, code) for code in codes) or "—"

    @admin.display(description="Open flags", ordering="open_flag_count")
    def open_flags(self, trial: Trial) -> int:
        return trial.open_flag_count

    @admin.display(description="State")
    def review_state(self, trial: Trial) -> str:
        if trial.open_flag_count:
            return ReviewState.NEEDS_ATTENTION.label
        if trial.reviewed_at is None:
            return ReviewState.NEW.label
        if trial.publication == Publication.PUBLISHED:
            return ReviewState.PUBLISHED.label
        return ReviewState.REVIEWED.label

    @admin.display(description="Why (newest open flag)")
    def reason(self, trial: Trial) -> str:
        if not trial.open_flag_count:
            return "—"
        more = trial.open_flag_count - 1
        return format_html(
            '<span class="queue-reason">{}</span>{}',
            trial.newest_flag_message[:160],
            f" (+{more} more)" if more else "",
        )

    @admin.display(description="Flagged", ordering="newest_flag_at")
    def newest_flag_at(self, trial: Trial):
        return trial.newest_flag_at

    @admin.display(description="Last import", ordering="last_import")
    def last_import(self, trial: Trial):
        return trial.last_import

    @admin.display(description="Open review flags")
    def flags_summary(self, trial: Trial) -> str:
        flags = [flag for flag in trial.review_flags.all() if flag.resolved_at is None]
        if not flags:
            return "None."
        return format_html(
            "<ul>{}</ul><p>Resolve them in “Review flags” below.</p>",
            format_html_join("", "<li>{}</li>", ((flag.message,) for flag in flags)),
        )

    @admin.display(description="Locked fields")
    def locks(self, trial: Trial) -> str:
        if not trial.locked_fields:
            return "None: every field follows the sources."
        return format_html_join(
            ", ", "<strong>{}</strong>", ((field_label(name),) for name in trial.locked_fields)
        )

    # -- saving

    def has_publish_permission(self, request) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_resolve_permission(self, request) -> bool:
        """Resolving review flags is changing them."""
        return request.user.has_perm(f"{self.opts.app_label}.change_reviewflag")

    def save_model(self, request, obj, form, change):
        if change:
            # Saved in save_related, once the inlines are, so that one historical record
            # holds the whole edit.
            return
        obj.public_id = obj.public_id or public_id_of([], obj.title)
        with change_reason("created in the admin"):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        trial = form.instance
        edited = [name for name in form.changed_data if name not in INSTRUCTION_FIELDS]
        edited += sorted(
            {
                INLINE_LOCKS.get(formset.model, str(formset.model._meta.verbose_name_plural))
                for formset in formsets
                if formset.model is not ReviewFlag and formset.has_changed()
            }
        )
        if change:
            lockable = set(collections.lockable_fields())
            trial.locked_fields = sorted(set(trial.locked_fields or []) | (set(edited) & lockable))
        reviewed = form.cleaned_data.get("mark_reviewed")
        if reviewed:
            trial.reviewed_at = timezone.now()
        if edited or reviewed or not change:
            self._settle_public_id(trial)
            if trial.locked_fields or not trial.sources.exists():
                trial.search_document = collections.search_document_of(trial)
            reasons = [f"edited in the admin: {', '.join(edited)}"] if edited and change else []
            if reviewed:
                reasons.append("marked reviewed")
            with change_reason("; ".join(reasons) or "created in the admin"):
                trial.save()
        released = services.release_locks(trial, form.cleaned_data.get("release_locks") or [])
        if released:
            self.message_user(
                request,
                f"Released {', '.join(map(field_label, released))}: the sources' values are back.",
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is ReviewFlag:
            formset.save(commit=False)  # nothing to write but the resolution below
            chosen = [f.instance.pk for f in formset.forms if f.cleaned_data.get("resolve")]
            if chosen:
                count = services.resolve_flags(
                    ReviewFlag.objects.filter(trial=form.instance, pk__in=chosen), request.user
                )
                self.message_user(request, flags_message(count, "resolved"))
            return
        if formset.model is RegistryId:
            identifiers = formset.save(commit=False)
            for identifier in formset.deleted_objects:
                identifier.delete()
            # Demote before promoting: a trial has one primary id at any moment.
            for identifier in sorted(identifiers, key=lambda i: i.is_primary):
                identifier.slug = url_slug(identifier.value)
                identifier.save()
            return
        super().save_formset(request, form, formset, change)

    @staticmethod
    def _settle_public_id(trial: Trial) -> None:
        """The primary registry id is the public id; the best-ranked one when none is."""
        identifiers = list(trial.identifiers.all())
        if not identifiers:
            return
        ids = [(i.registry, i.value, i.is_primary) for i in identifiers]
        trial.public_id = public_id_of(ids, trial.title)
        first = identifiers[primary_of(ids)]
        if not first.is_primary:
            first.is_primary = True
            first.save(update_fields=["is_primary"])

    # -- the change page: sources beside the fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        trial = self.get_object(request, object_id)
        if trial is not None:
            sources = list(SourceDocument.objects.filter(trial=trial).order_by("imported_at", "id"))
            for source in sources:
                source.form_spans = form_spans(source.raw_text, source.spans, source.format)
                source.spans_element_id = f"source-spans-{source.pk}"
            extra_context["sources"] = sources
        return super().change_view(request, object_id, form_url, extra_context)

    # -- history

    def revert_disabled(self, request, obj=None):
        # A historical record holds the trial's columns only; reverting would leave its
        # related rows as they are now, so history is for reading.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return WholeValues(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changes, readable: a column's old and new values word by word, and
        every item of a related list that changed, was added or removed (expandable)."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for index, record in enumerate(records):
            older = next(
                (
                    r.related_snapshot
                    for r in records[index + 1 :]
                    if r.related_snapshot is not None
                ),
                None,
            )
            readable = [
                format_html(
                    "<strong>{}</strong>: {}",
                    change["field"],
                    word_diff(_shown(change["old"]), _shown(change["new"])),
                )
                for change in getattr(record, "history_delta_changes", [])
            ]
            readable += [
                render_list_diff(field_label(name).capitalize(), list_diff(before, after))
                for name, before, after in snapshot_item_changes(older, record.related_snapshot)
                if name != "sponsor"  # a column: its change is listed already
            ]
            record.readable_changes = readable

    # -- actions

    def _update_trials(self, request, queryset, reason: str, **values) -> None:
        count = services.update_trials(queryset, user=request.user, reason=reason, **values)
        self.message_user(request, trials_message(count, reason))

    @admin.action(description="Publish selected trials", permissions=["publish"])
    def publish(self, request, queryset):
        untitled = queryset.filter(title="").count()
        if untitled:
            self.message_user(
                request,
                ngettext(
                    "%d trial without a title left unpublished: give it a title first.",
                    "%d trials without a title left unpublished: give them a title first.",
                    untitled,
                )
                % untitled,
                messages.WARNING,
            )
        self._update_trials(
            request, queryset.exclude(title=""), "published", publication=Publication.PUBLISHED
        )

    @admin.action(description="Assign selected trials to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        # Not an edit of the trial: no history record, no new catalogue version.
        count = Trial.objects.filter(pk__in=queryset.values("pk")).update(assigned_to=request.user)
        self.message_user(request, trials_message(count, "assigned to you"))

    @admin.action(
        description="Publish the reviewed ones of selected trials", permissions=["publish"]
    )
    def publish_reviewed(self, request, queryset):
        reviewed = queryset.in_review_state(ReviewState.REVIEWED).exclude(title="")
        skipped = queryset.count() - reviewed.count()
        self._update_trials(request, reviewed, "published", publication=Publication.PUBLISHED)
        if skipped:
            self.message_user(
                request,
                trials_message(skipped, "left as they were")[:-1]
                + ": not reviewed yet, with open flags, already published or without a title.",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected trials (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._update_trials(request, queryset, "unpublished", publication=Publication.DRAFT)

    @admin.action(description="Withdraw selected trials", permissions=["publish"])
    def withdraw(self, request, queryset):
        self._update_trials(request, queryset, "withdrawn", publication=Publication.WITHDRAWN)

    @admin.action(description="Mark selected trials reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        self._update_trials(request, queryset, "marked reviewed", reviewed_at=timezone.now())

    @admin.action(
        description="Resolve the open review flags of selected trials", permissions=["resolve"]
    )
    def resolve_open_flags(self, request, queryset):
        flags = ReviewFlag.objects.filter(trial__in=queryset.values("pk"))
        count = services.resolve_flags(flags, request.user)
        self.message_user(request, flags_message(count, "resolved"))

    @admin.action(description="Release every lock of selected trials", permissions=["change"])
    def release_all_locks(self, request, queryset):
        released = 0
        for trial in queryset.exclude(locked_fields=[]):
            released += bool(services.release_locks(trial, trial.locked_fields))
        self.message_user(
            request,
            ngettext("Locks released on %d trial.", "Locks released on %d trials.", released)
            % released,
        )

    # -- extra pages: review queue, import from the browser

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "review/",
                self.admin_site.admin_view(self.review_queue_view),
                name=f"{info}_review",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{info}_import",
            ),
            path(
                "<int:trial_id>/flag/<int:flag_id>/settle/",
                self.admin_site.admin_view(self.settle_flag_view),
                name=f"{info}_settle_flag",
            ),
            *super().get_urls(),
        ]

    def review_queue_view(self, request):
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return HttpResponseRedirect(f"{changelist}?{ReviewFilter.parameter_name}=queue")

    def settle_flag_view(self, request, trial_id, flag_id):
        """The flag's one-click buttons: "Accept imported value" or "Keep mine"."""
        if request.method != "POST":
            raise PermissionDenied
        trial = self.get_object(request, str(trial_id))
        if not (
            trial is not None
            and self.has_change_permission(request, trial)
            and self.has_resolve_permission(request)
        ):
            raise PermissionDenied
        flag = ReviewFlag.objects.filter(trial=trial, pk=flag_id, resolved_at=None).first()
        change = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[trial.pk]
        )
        if flag is None or services.lock_conflict_field(flag) is None:
            self.message_user(request, "That flag is settled already.", messages.WARNING)
            return HttpResponseRedirect(change)
        accept = request.POST.get("choice") == "imported"
        name = services.settle_lock_conflict(flag, request.user, accept_imported=accept)
        self.message_user(
            request,
            f"{field_label(name).capitalize()}: "
            + ("the imported value is back (lock released)." if accept else "your value is kept."),
        )
        return HttpResponseRedirect(change)

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        can_publish = self.has_publish_permission(request)
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            can_publish=can_publish,
        )
        context = {
            "title": "Import trial documents",
            "form": form,
            "max_bytes": settings.IMPORT_MAX_BYTES,
        }
        if posted and form.is_valid():
            format = form.cleaned_data["format"] or None
            publish = can_publish and form.cleaned_data["publish"]
            uploads = [services.read_upload(f) for f in form.cleaned_data["documents"]]
            previews = services.preview_uploads(uploads, format=format, publish=publish)
            chosen = [
                {"name": upload.name, "text": upload.text, "sha256": text_sha256(upload.text)}
                for upload, preview in zip(uploads, previews, strict=True)
                if preview.importable
            ]
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "format": format,
                "publish": publish,
                "documents": chosen,
            }
            context.update(
                title="Check the import",
                previews=previews,
                token=token,
                importable=len(chosen),
                publish=publish,
            )
        return self._import_page(request, **context)

    def _import_confirm(self, request):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or not secrets.compare_digest(
            pending["token"], request.POST.get("token", "")
        ):
            self.message_user(
                request,
                "That preview is no longer available; upload the documents again.",
                messages.WARNING,
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        del request.session[IMPORT_SESSION_KEY]
        uploads = [
            services.Upload(document["name"], text=document["text"])
            if text_sha256(document["text"]) == document["sha256"]
            else services.Upload(document["name"], error="the text changed after the preview")
            for document in pending["documents"]
        ]
        results = services.import_uploads(
            uploads, format=pending["format"], publish=pending["publish"]
        )
        trials = dict(
            Trial.objects.filter(public_id__in=[r.trial_id for r in results if r.trial_id])
            .values_list("public_id", "pk")
        )  # fmt: skip
        failed = sum(result.action == Action.FAILED for result in results)
        self.message_user(
            request,
            ngettext("%d document imported", "%d documents imported", len(results) - failed)
            % (len(results) - failed)
            + f", {failed} failed.",
            messages.ERROR if failed else messages.SUCCESS,
        )
        return self._import_page(
            request,
            title="Import finished",
            results=[(result, trials.get(result.trial_id)) for result in results],
        )

    def _import_page(self, request, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, "admin/trials/trial/import.html", context)
