import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE_SOURCES = PROJECT / "data" / "sources"
SHARED = PROJECT.parent / "shared"
SCHEMA_PATH = SHARED / "trial-record.schema.json"
EXPECTED_DIR = SHARED / "seeds" / "expected"


@pytest.fixture(scope="session")
def record_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def import_documents(db):
    """Import files with the real command; returns its standard output."""

    def run(*paths, **options) -> str:
        out = io.StringIO()
        call_command("import_trials", *map(str, paths), stdout=out, stderr=io.StringIO(), **options)
        return out.getvalue()

    return run


@pytest.fixture
def seeds(import_documents):
    """The five sample documents, imported and published."""
    return import_documents(SAMPLE_SOURCES, publish=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (facet counts are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
