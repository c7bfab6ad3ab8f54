"""Streamed CSV, JSON and RIS exports of the list page's current, filtered trials.

Each is read in chunks with a fixed number of queries per chunk, so memory stays flat and
time grows with the rows only; each holds an export slot (``export_slots``) while it
streams. A stream that fails midway is aborted, never ended: the JSON array is closed only
after the last record, so a truncated JSON download is never valid.
"""

from collections import defaultdict
from itertools import islice

from django.db import connections, router
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from trials.catalogue.filters import TrialFilter
from trials.catalogue.stored_records import record_texts
from trials.models import (
    Intervention,
    RegistryId,
    Trial,
    TrialCondition,
    TrialCountry,
    TrialPhase,
)
from trials.views.errors import error_response
from trials.views.export_slots import RETRY_AFTER_SECONDS, take_slot
from trials.views.ris import RIS_COLUMNS, ris_records
from trials.views.spreadsheets import CONTENT_TYPE as CSV_CONTENT_TYPE
from trials.views.spreadsheets import csv_lines, wants_bom

CSV_CHUNK = 2000
CSV_COLUMNS = (
    "id", "url", "title", "status", "phases", "study_type", "conditions", "interventions",
    "product_types", "cell_types", "source_tissues", "donor", "routes", "countries",
    "enrollment", "enrollment_type", "sex", "min_age_years", "max_age_years",
    "healthy_volunteers", "sponsor", "registry_ids", "updated_at",
)  # fmt: skip


def _filtered(request, queryset):
    """The trials the list shows for the request's filters, newest first (not yet read)."""
    return TrialFilter(request.GET, queryset=queryset).qs.order_by("-updated_at", "-id")


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


def trial_rows(trials, base_url: str, extra_columns: tuple[str, ...] = ()):
    """(trial's columns, its multi-valued columns, its URL) for a filtered queryset, from
    plain values, never model instances.

    Trials are read in chunks; each chunk's multi-valued columns take one query per column,
    so 10,000 rows stream with flat memory and about 50 queries.
    """
    columns = _COLUMNS + extra_columns
    rows = trials.values_list("pk", *columns).iterator(chunk_size=CSV_CHUNK)
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
            trial = dict(zip(columns, values, strict=True))
            many = {column: related[column].get(pk, ()) for column in related}
            yield trial, many, base_url + reverse("trials:detail", args=[trial["public_id"]])


def csv_rows(trials, base_url: str):
    """The export's CSV rows, the header first."""
    yield CSV_COLUMNS
    for trial, many, url in trial_rows(trials, base_url):
        yield [
            trial["public_id"],
            url,
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


def _streamed(request, chunks, content_type: str, filename: str):
    """The export as a download holding an export slot, or 429 when none is free."""
    _connect_before_streaming()
    slot = take_slot(request)
    if slot is None:
        return error_response(request, 429, retry_after=RETRY_AFTER_SECONDS)
    response = StreamingHttpResponse(slot.around(chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def export_csv(request):
    trials = _filtered(request, Trial.objects.published())
    lines = csv_lines(csv_rows(trials, _base_url(request)), bom=wants_bom(request))
    return _streamed(request, lines, CSV_CONTENT_TYPE, "regentrials.csv")


def json_chunks(trials, base_url: str):
    """A JSON array of public records, a chunk of stored texts at a time; "]" after the last."""
    yield "["
    separator = "\n"
    for texts in record_texts(trials, base_url):
        if texts:
            yield separator + ",\n".join(texts)
            separator = ",\n"
    yield "\n]\n"


@require_safe
def export_json(request):
    chunks = json_chunks(_filtered(request, Trial.objects.published()), _base_url(request))
    return _streamed(request, chunks, "application/json", "regentrials.json")


@require_safe
def export_ris(request):
    trials = _filtered(request, Trial.objects.published())
    chunks = ris_records(trial_rows(trials, _base_url(request), RIS_COLUMNS))
    return _streamed(request, chunks, "application/x-research-info-systems", "regentrials.ris")
