"""Streamed CSV and JSON exports of the list page's current, filtered trials."""

import csv
import json
from collections import defaultdict
from itertools import islice

from django.db import connections, router
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from trials.catalogue.filters import TrialFilter
from trials.catalogue.records import public_record, trial_record
from trials.models import Intervention, RegistryId, Trial, TrialCondition, TrialCountry, TrialPhase

CHUNK = 500
CSV_CHUNK = 2000
CSV_COLUMNS = (
    "id", "url", "title", "status", "phases", "study_type", "conditions", "interventions",
    "product_types", "cell_types", "source_tissues", "donor", "routes", "countries",
    "enrollment", "enrollment_type", "sex", "min_age_years", "max_age_years",
    "healthy_volunteers", "sponsor", "registry_ids", "updated_at",
)  # fmt: skip


def _filtered(request, queryset):
    filterset = TrialFilter(request.GET, queryset=queryset)
    return filterset.qs.order_by("-updated_at", "-id").iterator(chunk_size=CHUNK)


def _connect_before_streaming() -> None:
    """Fail inside the view (a 503 page) if the database is down, not halfway through a 200."""
    connections[router.db_for_read(Trial)].ensure_connection()


def _joined(values) -> str:
    return "; ".join(str(value) for value in values)


def _number(value) -> object:
    return "" if value is None else (int(value) if float(value).is_integer() else value)


# Multi-valued CSV columns: (column, model, value field, ordering within a trial).
_RELATED_COLUMNS = (
    ("phases", TrialPhase, "phase", ("phase",)),
    ("conditions", TrialCondition, "condition__name", ("position",)),
    ("interventions", Intervention, "name", ("position", "id")),
    *(
        (relation, Trial._meta.get_field(relation).remote_field.through,
         f"{Trial._meta.get_field(relation).related_model._meta.model_name}__term", ("id",))
        for relation in ("product_types", "cell_types", "source_tissues", "routes")
    ),
    ("countries", TrialCountry, "country", ("country",)),
    ("registry_ids", RegistryId, "value", ("-is_primary", "id")),
)  # fmt: skip
_COLUMNS = (
    "public_id", "title", "status", "study_type", "donor", "enrollment", "enrollment_type",
    "sex", "min_age_years", "max_age_years", "healthy_volunteers", "sponsor__name",
    "updated_at",
)  # fmt: skip


def csv_lines(trials, base_url: str):
    """CSV rows for a filtered queryset, built from plain values, never model instances.

    Trials are read in chunks; each chunk's multi-valued columns take one query per column,
    so 10,000 rows stream with flat memory and about 50 queries.
    """
    rows = trials.values_list("pk", *_COLUMNS).iterator(chunk_size=CSV_CHUNK)
    while chunk := list(islice(rows, CSV_CHUNK)):
        ids = [row[0] for row in chunk]
        related = {}
        for column, model, field, ordering in _RELATED_COLUMNS:
            values = defaultdict(list)
            pairs = model.objects.filter(trial_id__in=ids).order_by("trial_id", *ordering)
            for trial_id, value in pairs.values_list("trial_id", field):
                values[trial_id].append(value)
            related[column] = values
        for pk, *values in chunk:
            trial = dict(zip(_COLUMNS, values, strict=True))
            many = {column: related[column].get(pk, ()) for column in related}
            yield [
                trial["public_id"],
                base_url + reverse("trials:detail", args=[trial["public_id"]]),
                trial["title"],
                trial["status"],
                _joined(many["phases"]),
                trial["study_type"],
                _joined(many["conditions"]),
                _joined(many["interventions"]),
                _joined(many["product_types"]),
                _joined(many["cell_types"]),
                _joined(many["source_tissues"]),
                trial["donor"],
                _joined(many["routes"]),
                _joined(many["countries"]),
                "" if trial["enrollment"] is None else trial["enrollment"],
                trial["enrollment_type"],
                trial["sex"],
                _number(trial["min_age_years"]),
                _number(trial["max_age_years"]),
                "" if trial["healthy_volunteers"] is None
                else str(trial["healthy_volunteers"]).lower(),
                trial["sponsor__name"] or "",
                _joined(many["registry_ids"]),
                trial["updated_at"].isoformat(),
            ]  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
def export_csv(request):
    _connect_before_streaming()
    base = request.build_absolute_uri("/").rstrip("/")
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        filterset = TrialFilter(request.GET, queryset=Trial.objects.published())
        for line in csv_lines(filterset.qs.order_by("-updated_at", "-id"), base):
            yield writer.writerow(line)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="regentrials.csv"'
    return response


@require_safe
def export_json(request):
    _connect_before_streaming()
    base = request.build_absolute_uri("/").rstrip("/")

    def chunks():
        yield "["
        trials = _filtered(request, Trial.objects.published().for_detail())
        for index, trial in enumerate(trials):
            yield (
                ("," if index else "")
                + "\n"
                + json.dumps(public_record(trial_record(trial, base_url=base)))
            )
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="regentrials.json"'
    return response
