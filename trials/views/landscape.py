"""The landscape page and the CSV of the numbers behind each of its charts."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trials.catalogue import landscape
from trials.catalogue.counts import omitted_notice
from trials.catalogue.filters import TrialFilter, active_chips
from trials.models import Trial


def _landscape(request) -> tuple[TrialFilter, landscape.Landscape]:
    filterset = TrialFilter(request.GET, queryset=Trial.objects.published())
    return filterset, landscape.build(filterset, request.GET)


@require_safe
def landscape_page(request):
    filterset, charts = _landscape(request)
    notices = filterset.ignored_parameters()
    if notice := omitted_notice(charts.facets):
        notices.append(notice)
    context = {
        "landscape": charts,
        "filter": filterset,
        "notices": notices,
        "chips": active_chips(request.GET, charts.facets, filterset.form),
    }
    return render(request, "trials/landscape.html", context)


@require_safe
def landscape_csv(request, chart: str):
    if chart not in landscape.CHART_SLUGS:
        raise Http404("No such chart.")
    _filterset, charts = _landscape(request)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(landscape.csv_rows(charts, chart))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="landscape-{chart}.csv"'
    return response
