import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE_SOURCES = PROJECT / "data" / "sources"
# What the tests need of the steering repository's shared/ folder, vendored so that the suite
# runs without it; test_api_contract.py checks the copy against ../shared when that is there.
SHARED = Path(__file__).resolve().parent / "fixtures" / "shared"
UPSTREAM_SHARED = PROJECT.parent / "shared"
SCHEMA_PATH = SHARED / "trial-record.schema.json"
EXPECTED_DIR = SHARED / "seeds" / "expected"


@pytest.fixture(scope="session")
def record_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def import_documents(db):
    """Import files with the real command; returns its standard output."""

    return _import


def _import(*paths, **options) -> str:
    out = io.StringIO()
    call_command("import_trials", *map(str, paths), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def seeds(import_documents):
    """The five sample documents, imported and published."""
    return import_documents(SAMPLE_SOURCES, publish=True)


@pytest.fixture(scope="module")
def module_seeds(django_db_setup, django_db_blocker):
    """The sample documents imported once for a module whose tests only read them.

    A module opts in by defining ``seeds`` as ``module_seeds`` (see tests/views/test_views.py).
    The rows are committed; each test's own transaction still rolls back what it changes, and
    the database is flushed (roles and permissions recreated) when the module is done.
    """
    with django_db_blocker.unblock():
        output = _import(SAMPLE_SOURCES, publish=True)
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (facet counts are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_is_two_factor(monkeypatch):
    """``client.force_login(user)`` logs in as the admin's login form does after a right code.

    The admin (trials/admin_site.py) admits only staff verified by an OTP device; tests that
    are about what staff see skip the login form, so force_login also marks the session
    verified by a device of the user's. test_security.py logs in through the real form.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(user=user, name="tests")
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The rate limits are off in tests, except where test_security.py turns them on."""
    settings.RATE_LIMIT_PER_MINUTE = 0
    settings.ADMIN_LOGIN_RATE_PER_MINUTE = settings.ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE = 0
