"""The JSON API: the list page's filters, records per shared/trial-record.schema.json."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from trials.catalogue.counts import cached_total
from trials.catalogue.facet_bitmaps import page_picker
from trials.catalogue.filters import TrialFilter
from trials.catalogue.pagination import DeferredJoinPaginator
from trials.catalogue.records import cached_records, public_record, trial_record
from trials.models import Trial
from trials.views.caching import catalogue_conditional, catalogue_state

MAX_PAGE_SIZE = 100


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


def _error(status: int, message: str, details=None) -> JsonResponse:
    body = {"error": message}
    if details:
        body["details"] = details
    return JsonResponse(body, status=status)


@require_safe
@catalogue_conditional
def trial_list(request):
    paging = PageForm(request.GET)
    filterset = TrialFilter(request.GET, queryset=Trial.objects.published())
    problems = filterset.parameter_problems()
    if not paging.is_valid() or problems:
        details = problems + [
            f"{name}: {' '.join(errors)}" for name, errors in paging.errors.items()
        ]
        return _error(400, "Invalid query parameters.", details)
    page_size = paging.cleaned_data["page_size"] or 25
    ordered = filterset.qs.order_by("-updated_at", "-id").only("pk")
    version = catalogue_state(request).version
    total = cached_total(filterset, version)
    pick = page_picker(filterset, version, "updated")
    paginator = DeferredJoinPaginator(
        ordered, page_size, count=total, pick_ids=pick, catalogue_version=version
    )
    number = paging.cleaned_data["page"] or 1
    if number > paginator.num_pages:
        pages = paginator.num_pages
        return _error(
            400, ngettext("page: there is %d page.", "page: there are %d pages.", pages) % pages
        )
    page = paginator.page(number)
    base = request.build_absolute_uri("/").rstrip("/")

    def link(target: int | None) -> str | None:
        if target is None:
            return None
        query = request.GET.copy()
        query["page"] = target
        return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": [
                public_record(record)
                for record in cached_records(list(page.object_list), base_url=base, version=version)
            ],
        }
    )


@require_safe
@catalogue_conditional
def trial_detail(request, public_id: str):
    found = Trial.objects.published().for_detail().by_public_or_registry_id(public_id)
    if found is None:
        return _error(404, "No published trial is known by that id.")
    trial, is_alias = found
    if is_alias:
        return redirect("trials:api-detail", public_id=trial.public_id, permanent=True)
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(public_record(trial_record(trial, base_url=base)))
