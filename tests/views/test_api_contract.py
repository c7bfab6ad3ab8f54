"""The OpenAPI description in docs/ agrees with what the API really answers."""

import json

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from tests.conftest import PROJECT, SCHEMA_PATH, SHARED, UPSTREAM_SHARED

pytestmark = pytest.mark.django_db

DOCS = PROJECT / "docs"
OPENAPI = yaml.safe_load((DOCS / "openapi.yaml").read_text(encoding="utf-8"))
RECORD_SCHEMA = json.loads((DOCS / "trial-record.schema.json").read_text(encoding="utf-8"))


REGISTRY = Registry().with_resource(
    "trial-record.schema.json", Resource.from_contents(RECORD_SCHEMA)
)
# The OpenAPI document as the root schema, so that "#/components/..." references resolve.
ROOT = jsonschema.Draft202012Validator({**OPENAPI, "$id": "openapi.yaml"}, registry=REGISTRY)


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
