"""The API's OpenAPI 3.1 description, built from the code that serves it.

The list's query parameters come from ``TrialFilter`` (one per filter, with its label, bounds
and, for facets with a fixed list, every value) and the API's ``PageForm``; the record schema
is ``docs/trial-record.schema.json``, the one contract of the records. Served at
``/api/openapi.json`` and ``/api/openapi.yaml``, rendered for people at ``/api/``, and written
to ``docs/openapi.yaml`` by ``manage.py openapi`` (a test keeps the file in step).
"""

import json

import django_filters
import yaml
from django.conf import settings

from trials.catalogue.filters import FacetFilter, TrialFilter
from trials.views.api import MAX_PAGE_SIZE, PageForm
from trials.views.caching import PUBLIC_MAX_AGE

API_VERSION = "1"
RECORD_SCHEMA = settings.BASE_DIR / "docs" / "trial-record.schema.json"

# The list's ordering is fixed in the API (most recently updated first).
NOT_IN_API = {"sort"}

# What a parameter's label does not say.
NOTES = {
    "q": 'Web-search syntax: words, "a phrase", OR, -word to exclude.',
    "condition": "A condition key: its lowercase name, as in the list page's links.",
    "cell_type": "A controlled term, e.g. mesenchymal stromal cells.",
    "country": "ISO 3166-1 alpha-2 code of a country with a site.",
    "registry": "Trials having an id in this registry.",
    "age": "Trials whose age range admits this age, in years.",
    "start_year_min": "Trials that started in this year or later.",
    "start_year_max": "Trials that started in this year or earlier (a known start date).",
    "page": "Page number, from 1.",
    "page_size": "Trials per page.",
}

# An example value of each parameter whose schema does not list its values.
EXAMPLES = {
    "q": "mesenchymal",
    "condition": "knee osteoarthritis",
    "cell_type": "mesenchymal stromal cells",
    "source_tissue": "bone marrow",
    "route": "intravenous",
    "product_type": "cell_therapy",
    "country": "US",
    "age": 30,
    "age_unstated": True,
    "healthy_volunteers": False,
    "exclude_pay": True,
    "enrollment_min": 10,
    "enrollment_max": 100,
    "start_year_min": 2015,
    "start_year_max": 2025,
    "page": 2,
    "page_size": 10,
}


def _bounds(extra: dict) -> dict:
    bounds = {}
    if extra.get("min_value") is not None:
        bounds["minimum"] = extra["min_value"]
    if extra.get("max_value") is not None:
        bounds["maximum"] = extra["max_value"]
    return bounds


def _filter_schema(name: str, declared) -> dict:
    """The JSON schema of one filter's query parameter, and whether it may repeat."""
    if isinstance(declared, FacetFilter):
        item = {"type": "string"}
        if declared.facet.choices:
            item["enum"] = list(declared.facet.choices)
        elif name == "country":
            item["pattern"] = "^[A-Z]{2}$"
        return {"type": "array", "items": item}
    if isinstance(declared, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(declared, django_filters.NumberFilter):
        return {"type": "number", **_bounds(declared.extra)}
    return {"type": "string"}


def _parameter(name: str, schema: dict, label: str) -> dict:
    description = " ".join(part for part in (label + ".", NOTES.get(name, "")) if part)
    parameter = {"name": name, "in": "query", "description": description, "schema": schema}
    if schema["type"] == "array":
        parameter["explode"] = True
        parameter["description"] += " Repeat the parameter for several values (any matches)."
        choices = schema["items"].get("enum")
        parameter["example"] = [choices[0] if choices else EXAMPLES[name]]
    else:
        parameter["example"] = EXAMPLES[name]
    return parameter


def list_parameters() -> list[dict]:
    parameters = [
        _parameter(name, _filter_schema(name, declared), declared.label or name)
        for name, declared in TrialFilter.base_filters.items()
        if name not in NOT_IN_API
    ]
    for name, field in PageForm.base_fields.items():
        default = 1 if name == "page" else 25
        schema = {"type": "integer", "minimum": field.min_value, "default": default}
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        parameters.append(_parameter(name, schema, name.replace("_", " ").capitalize()))
    return parameters


def _record_schema() -> dict:
    """The record schema, placed under components (its own references rewritten)."""
    schema = json.loads(RECORD_SCHEMA.read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/TrialRecord/$defs/')
    return json.loads(text)


def _json(schema_ref: str, description: str, headers: dict | None = None) -> dict:
    answer = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": schema_ref}}},
    }
    if headers:
        answer["headers"] = headers
    return answer


def _headers(*names: str) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


CACHING = ("ETag", "Last-Modified", "Cache-Control")
RATE = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def _common_answers() -> dict:
    return {
        "304": {
            "description": "Not modified: the If-None-Match validator still matches",
            "headers": _headers("ETag"),
        },
        "429": _json(
            "#/components/schemas/Error",
            "Too many requests; wait the seconds Retry-After gives",
            _headers("Retry-After", *RATE),
        ),
    }


def openapi_document() -> dict:
    """The OpenAPI document (the same for every request: paths are relative to the site)."""
    limit = settings.RATE_LIMIT_PER_MINUTE
    limit_text = f"{limit} requests per minute per client address" if limit else "none"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "RegenTrials API",
            "version": API_VERSION,
            "summary": "Published regenerative-medicine clinical trials as JSON records.",
            "description": (
                "Read-only, no authentication. Rate limit: "
                f"{limit_text}, told in RateLimit-* headers (429 with Retry-After beyond it). "
                f"Answers may be cached for {PUBLIC_MAX_AGE} s and revalidated with their "
                "ETag. Versioning: fields and parameters may be added within version "
                f"{API_VERSION}; removing or changing one makes a new version under a new "
                "path, announced on /api/ with the old one kept for at least six months."
            ),
            "license": {"name": settings.DATA_LICENSE_NAME, "url": settings.DATA_LICENSE_URL},
        },
        "paths": {
            "/api/trials/": {
                "get": {
                    "operationId": "listTrials",
                    "summary": "List published trials, filtered like the /trials/ page",
                    "description": "Most recently updated first. Unknown or malformed "
                    "parameter values answer 400 rather than unfiltered results.",
                    "parameters": list_parameters(),
                    "responses": {
                        "200": {
                            "description": "One page of trials",
                            "headers": _headers(*CACHING, *RATE),
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/TrialPage"}
                                }
                            },
                        },
                        "400": _json(
                            "#/components/schemas/Error",
                            "A parameter is malformed or unknown, or the page is out of range",
                        ),
                        **_common_answers(),
                    },
                }
            },
            "/api/trials/{id}/": {
                "get": {
                    "operationId": "getTrial",
                    "summary": "One published trial",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": "The trial's primary registry id; a secondary "
                            "id redirects (301) to it.",
                            "schema": {"type": "string"},
                            "example": "NCT04382547",
                        }
                    ],
                    "responses": {
                        "200": _json(
                            "#/components/schemas/TrialRecord",
                            "The trial's record",
                            _headers(*CACHING, *RATE),
                        ),
                        "301": {
                            "description": "A secondary registry id; Location gives the "
                            "primary URL",
                            "headers": _headers("Location"),
                        },
                        "404": _json(
                            "#/components/schemas/Error", "No published trial has this id"
                        ),
                        **_common_answers(),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "TrialPage": {
                    "type": "object",
                    "required": ["count", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0},
                        "next": {"type": ["string", "null"], "format": "uri"},
                        "previous": {"type": ["string", "null"], "format": "uri"},
                        "results": {
                            "type": "array",
                            "maxItems": MAX_PAGE_SIZE,
                            "items": {"$ref": "#/components/schemas/TrialRecord"},
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "details": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "TrialRecord": _record_schema(),
            },
            "headers": {
                "ETag": _header("Validator of this answer; send it as If-None-Match."),
                "Last-Modified": _header("Time of the catalogue's latest change."),
                "Cache-Control": _header(f"public, max-age={PUBLIC_MAX_AGE}"),
                "RateLimit-Limit": _header("Requests allowed per window.", "integer"),
                "RateLimit-Remaining": _header("Requests left in this window.", "integer"),
                "RateLimit-Reset": _header("Seconds until the window resets.", "integer"),
                "Retry-After": _header("Seconds to wait before trying again.", "integer"),
                "Location": _header("Where the trial's record is."),
            },
        },
    }


def _header(description: str, kind: str = "string") -> dict:
    return {"description": description, "schema": {"type": kind}}


def openapi_yaml() -> str:
    return yaml.safe_dump(openapi_document(), sort_keys=False, allow_unicode=True)
