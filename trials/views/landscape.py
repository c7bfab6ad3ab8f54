"""The landscape page and the CSV of the numbers behind each of its charts."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trials.catalogue import landscape
from trials.catalogue.counts import omitted_notice
from trials.catalogue.filters import TrialFilter, active_chips
from trials.catalogue.versions import landscape_fragment_key
from trials.models import Trial
from trials.views.spreadsheets import csv_download


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
        # Rendering the charts (thousands of SVG shapes and links) costs more than counting
        # them once the counts are cached: a repeated question reuses the rendered charts.
        "charts_fragment_key": landscape_fragment_key(
            charts.version, request.GET.urlencode(), counts_complete=notice is None
        ),
    }
    return render(request, "trials/landscape.html", context)


@require_safe
def landscape_csv(request, chart: str):
    if chart not in landscape.CHART_SLUGS:
        raise Http404("No such chart.")
    _filterset, charts = _landscape(request)
    return csv_download(request, landscape.csv_rows(charts, chart), f"landscape-{chart}.csv")
