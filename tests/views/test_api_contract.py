"""The OpenAPI description (served, and in docs/) agrees with what the API really answers."""

import json

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate as validate_openapi

from tests.conftest import PROJECT, SCHEMA_PATH, SHARED, UPSTREAM_SHARED
from trials.views.api_schema import openapi_document

pytestmark = pytest.mark.django_db

DOCS = PROJECT / "docs"
OPENAPI = openapi_document()
RECORD_SCHEMA = json.loads((DOCS / "trial-record.schema.json").read_text(encoding="utf-8"))

# The OpenAPI document as the root schema, so that "#/components/..." references resolve.
ROOT = jsonschema.Draft202012Validator({**OPENAPI, "$id": "openapi.json"})


def validator_for(schema: dict) -> jsonschema.Draft202012Validator:
    return ROOT.evolve(schema=schema)


def response_schema(path: str, status: str) -> dict:
    return OPENAPI["paths"][path]["get"]["responses"][status]["content"]["application/json"][
        "schema"
    ]


def test_docs_schema_is_the_shared_contract():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == RECORD_SCHEMA


@pytest.mark.parametrize(
    "name", ["trial-record.schema.json", "vocabulary.md", "seeds/expected", "seeds/README.md"]
)
def test_vendored_fixtures_follow_shared(name):
    """The copies in tests/fixtures/shared are what ../shared holds (where it is present)."""
    upstream = UPSTREAM_SHARED / name
    if not upstream.exists():
        pytest.skip("no ../shared beside the checkout")
    files = sorted(upstream.rglob("*")) if upstream.is_dir() else [upstream]
    for path in files:
        copy = SHARED / name / path.relative_to(upstream) if upstream.is_dir() else SHARED / name
        assert copy.read_bytes() == path.read_bytes(), f"{copy} differs from {path}"


def test_openapi_document_is_valid():
    validate_openapi(OPENAPI)


def test_openapi_is_served_as_json_and_yaml(client, settings):
    settings.RATE_LIMIT_PER_MINUTE = 30
    as_json = client.get("/api/openapi.json")
    assert as_json.status_code == 200
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json() == openapi_document()
    assert "30 requests per minute" in as_json.json()["info"]["description"]
    as_yaml = client.get("/api/openapi.yaml")
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.content) == openapi_document()


def test_docs_openapi_is_the_generated_document(settings):
    """docs/openapi.yaml is ``manage.py openapi``'s output with the default settings;
    regenerate it after a change."""
    settings.RATE_LIMIT_PER_MINUTE = 120
    on_disk = yaml.safe_load((DOCS / "openapi.yaml").read_text(encoding="utf-8"))
    assert on_disk == openapi_document()


def test_openapi_record_schema_is_the_contract():
    record = dict(RECORD_SCHEMA)
    record.pop("$schema"), record.pop("$id")
    served = json.dumps(OPENAPI["components"]["schemas"]["TrialRecord"])
    assert (
        json.loads(served.replace("#/components/schemas/TrialRecord/$defs/", "#/$defs/")) == record
    )


def test_every_filter_is_documented():
    from trials.catalogue.filters import TrialFilter

    documented = {p["name"] for p in OPENAPI["paths"]["/api/trials/"]["get"]["parameters"]}
    assert set(TrialFilter.base_filters) - {"sort"} | {"page", "page_size"} == documented


def test_list_response_matches_openapi(client, seeds):
    body = client.get("/api/trials/?page_size=3").json()
    validator_for(response_schema("/api/trials/", "200")).validate(body)


def test_detail_response_matches_openapi(client, seeds):
    body = client.get("/api/trials/NCT04382547/").json()
    validator_for(response_schema("/api/trials/{id}/", "200")).validate(body)


def test_errors_match_openapi(client, seeds):
    validator = validator_for(response_schema("/api/trials/", "400"))
    validator.validate(client.get("/api/trials/?page_size=0").json())
    validator = validator_for(response_schema("/api/trials/{id}/", "404"))
    validator.validate(client.get("/api/trials/NCT00000000/").json())


EXAMPLES = {
    "q": "cells",
    "status": "completed",
    "phase": "2",
    "condition": "critical limb ischemia",
    "condition_area": "cardiovascular",
    "cell_type": "mesenchymal stromal cells",
    "source_tissue": "bone marrow",
    "route": "intravenous",
    "product_type": "cell_therapy",
    "donor": "allogeneic",
    "country": "BY",
    "sex": "all",
    "study_type": "interventional",
    "registry": "nct",
    "age": "30",
    "age_unstated": "true",
    "exclude_pay": "true",
    "healthy_volunteers": "false",
    "enrollment_min": "10",
    "enrollment_max": "100",
    "start_year_min": "2015",
    "start_year_max": "2025",
    "page": "1",
    "page_size": "10",
}


@pytest.mark.parametrize(
    "parameter",
    [p["name"] for p in OPENAPI["paths"]["/api/trials/"]["get"]["parameters"]],
)
def test_every_documented_parameter_is_accepted(client, seeds, parameter):
    response = client.get("/api/trials/", {parameter: EXAMPLES[parameter]})
    assert response.status_code == 200, response.content
