"""Security headers, the admin's two-factor login and lockout, the rate limit, error pages."""

import importlib
import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import clear_url_caches
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PROJECT
from trials.views.errors import error_response

LOGIN = "/admin/login/"
YEAR = 365 * 24 * 3600


def public_urls() -> dict[str, str]:
    return {
        "home": "/",
        "list": "/trials/?q=stem&status=recruiting",
        "detail": "/trials/NCT04382547/",
        "api list": "/api/trials/",
        "api detail": "/api/trials/NCT04382547/",
        "csv export": "/trials/export.csv",
        "json export": "/trials/export.json",
        "feed": "/trials/feed/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "static": static("css/site.css"),
        "admin login": LOGIN,
        "not found": "/no-such-page/",
    }


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.parametrize("name", public_urls())
def test_security_headers_on_every_class_of_url(client, seeds, name):
    response = client.get(public_urls()[name], secure=True)
    assert response.status_code == (404 if name == "not found" else 200), name
    assert response["Strict-Transport-Security"] == f"max-age={YEAR}; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    assert response["X-Frame-Options"] == "DENY"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"]
    if response["Content-Type"].startswith("text/html"):
        assert len(csp["script-src"]) == 1 and csp["script-src"][0].startswith("'nonce-")
    else:  # no page, no nonce: scripts fall back to default-src 'none'
        assert "script-src" not in csp
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url", ["/", "/trials/", "/trials/NCT04382547/", LOGIN, "/no-such-page/"]
)  # fmt: skip
def test_every_script_and_style_carries_the_nonce(client, seeds, url):
    response = client.get(url)
    nonce = csp_directives(response)["script-src"][0][len("'nonce-") : -1]
    content = response.content.decode()
    tags = re.findall(r"<(?:script|style)\b[^>]*>", content)
    assert tags, "every page has a script"
    for tag in tags:
        assert f'nonce="{nonce}"' in tag, tag


def test_admin_pages_carry_nonces_and_headers(admin_client, seeds):
    from trials.models import Trial

    trial = Trial.objects.get(public_id="NCT04382547")
    for url in (
        "/admin/",
        "/admin/trials/trial/",
        f"/admin/trials/trial/{trial.pk}/change/",
        "/admin/trials/trial/import/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "DENY"
        nonce = csp_directives(response)["script-src"][0][len("'nonce-") : -1]
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", response.content.decode()):
            if 'type="application/json"' in tag:
                continue  # a data block (json_script): never executed, so CSP does not apply
            assert f'nonce="{nonce}"' in tag, (url, tag)


def test_cookies_are_secure_httponly_samesite(client, django_user_model):
    staff = staff_with_device(django_user_model)
    response = client.get(LOGIN)
    csrf = response.cookies["__Host-csrftoken"]  # Secure, path /, no Domain, or browsers drop it
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert csrf["path"] == "/" and not csrf["domain"]
    response = log_in(client, staff)
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert 0 < int(session["max-age"]) <= 12 * 3600
    assert client.session.get_expiry_age() <= 12 * 3600


def test_check_deploy_passes_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="regentrials.example",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
    # The same check fails loudly when production settings are missing.
    env.pop("DJANGO_SECURE_SSL_REDIRECT")
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "security.W008" in result.stderr


# The admin: two-factor login, lockout, its address ---------------------------------------


def staff_with_device(django_user_model, username="ada", password="correct horse battery"):
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.is_superuser = True
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    # A code is accepted once per 30 s step, and a wrong one throttles the device for a
    # second or more; each login of a test stands for a later step, after that wait.
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save(
        update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"]
    )
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def log_in(client, user, *, password="correct horse battery", code=None, **extra):
    data = {"username": user.username, "password": password, "next": "/admin/"}
    data["otp_token"] = code_for(user) if code is None else code
    return client.post(LOGIN, data, **extra)


def test_admin_login_requires_the_one_time_code(client, django_user_model):
    staff = staff_with_device(django_user_model)
    response = log_in(client, staff, code="")
    assert response.status_code == 200
    assert "Please enter your OTP token" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = log_in(client, staff, code="000000" if code_for(staff) != "000000" else "111111")
    assert response.status_code == 200
    assert "Invalid token" in response.content.decode()

    response = log_in(client, staff)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_page_asks_for_the_code(client):
    content = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in content and 'autocomplete="one-time-code"' in content


def test_password_only_session_does_not_reach_the_admin(client, django_user_model):
    from django_otp import DEVICE_ID_SESSION_KEY

    staff = staff_with_device(django_user_model)
    client.force_login(staff)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_enrol_totp_prints_the_otpauth_uri(django_user_model):
    import io

    from django.core.management.base import CommandError

    django_user_model.objects.create_user("root", password="pw", is_staff=True)
    out = io.StringIO()
    call_command("enrol_totp", "root", stdout=out)
    uri = re.search(r"otpauth://totp/RegenTrials%3Aroot\?\S+", out.getvalue())
    assert uri and "secret=" in uri.group(0) and "issuer=RegenTrials" in uri.group(0)
    call_command("enrol_totp", "root", "--replace", stdout=io.StringIO())
    assert TOTPDevice.objects.filter(user__username="root").count() == 1
    django_user_model.objects.create_user("visitor", password="pw")
    with pytest.raises(CommandError):
        call_command("enrol_totp", "visitor", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("enrol_totp", "nobody", stdout=io.StringIO())


def test_enrolled_code_logs_in(client, django_user_model):
    import io

    staff = django_user_model.objects.create_user(
        "ada", password="correct horse battery", is_staff=True
    )
    call_command("enrol_totp", "ada", stdout=io.StringIO())
    assert log_in(client, staff).status_code == 302
    assert client.get("/admin/").status_code == 200


def assert_locked_out(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    content = response.content.decode()
    assert 'class="error-page"' in content and "Too many failed sign-ins" in content


def test_five_failed_passwords_lock_out_user_and_ip_for_15_minutes(client, django_user_model):
    staff = staff_with_device(django_user_model)
    for _ in range(4):
        assert log_in(client, staff, password="wrong").status_code == 200
    assert_locked_out(log_in(client, staff, password="wrong"))
    assert_locked_out(log_in(client, staff))  # even the right password and code
    assert client.get("/admin/").status_code == 302

    other_ip = Client()
    assert log_in(other_ip, staff, REMOTE_ADDR="192.0.2.7").status_code == 302

    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    assert log_in(client, staff).status_code == 302


def test_wrong_codes_count_as_failed_logins(client, django_user_model):
    staff = staff_with_device(django_user_model)
    wrong = "000000" if code_for(staff) != "000000" else "111111"
    for _ in range(4):
        assert log_in(client, staff, code=wrong).status_code == 200
    assert_locked_out(log_in(client, staff, code=wrong))


def test_lockout_of_unknown_user_is_not_a_500(client, db):
    for _ in range(6):
        response = client.post(LOGIN, {"username": "ghost", "password": "x", "otp_token": "1"})
    assert response.status_code == 429


def test_staff_session_expires_within_12_hours(client, django_user_model, settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    staff = staff_with_device(django_user_model)
    log_in(client, staff)
    assert 0 < client.session.get_expiry_age() <= 12 * 3600


def test_session_ends_12_hours_after_login_however_active(client, django_user_model, monkeypatch):
    now = [6_000_000_000.0]
    monkeypatch.setattr("trials.sessions.clock", lambda: now[0])
    log_in(client, staff_with_device(django_user_model))
    for _ in range(12):  # a page an hour keeps the session busy (and saved)
        assert client.get("/admin/").status_code == 200
        now[0] += 3600 - 1
    now[0] += 13
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_session_without_a_login_time_is_signed_out(client, django_user_model):
    client.force_login(staff_with_device(django_user_model))
    assert client.get("/admin/").status_code == 200
    session = client.session
    del session["_login_time"]
    session.save()
    assert client.get("/admin/").status_code == 302


def settings_from_environment(*names: str, **environment: str) -> list:
    """The values config/settings.py gives ``names`` in a fresh process with ``environment``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY="x", DJANGO_SETTINGS_MODULE="config.settings", **environment)
    values = ", ".join(f"settings.{name}" for name in names)
    code = f"import json; from django.conf import settings; print(json.dumps([{values}]))"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_production_cookie_names_need_secure_cookies():
    names = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
    assert settings_from_environment(*names) == ["__Host-sessionid", "__Host-csrftoken"]
    # Plain-HTTP testing: browsers would refuse the prefix there.
    assert settings_from_environment(*names, DJANGO_SECURE_COOKIES="0") == [
        "sessionid",
        "csrftoken",
    ]


@pytest.fixture
def secret_admin_url(settings):
    import config.urls

    settings.ADMIN_URL = "door-7f3/"
    importlib.reload(config.urls)
    clear_url_caches()
    yield "/door-7f3/"
    settings.ADMIN_URL = "admin/"
    importlib.reload(config.urls)
    clear_url_caches()


def test_admin_address_is_configurable(client, secret_admin_url, django_user_model):
    assert client.get("/admin/").status_code == 404
    assert client.get(secret_admin_url).status_code == 302
    staff = staff_with_device(django_user_model)
    data = {"username": "ada", "password": "correct horse battery", "otp_token": code_for(staff)}
    response = client.post(f"{secret_admin_url}login/", data)
    assert response.status_code == 302
    assert client.get(secret_admin_url).status_code == 200
    assert "door-7f3" not in client.get("/robots.txt").content.decode()


def test_default_admin_address_is_disallowed_in_robots(client):
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


# The public rate limit -------------------------------------------------------------------


@pytest.fixture
def limit_of_three(settings, monkeypatch):
    settings.RATE_LIMIT_PER_MINUTE = settings.ADMIN_LOGIN_RATE_PER_MINUTE = 3
    settings.ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE = 10
    monkeypatch.setattr("trials.middleware.clock", lambda: 6_000_000_030.0)  # 30 s into a minute


def test_rate_limit_answers_429_with_retry_after(client, limit_of_three):
    for _ in range(3):
        assert client.get("/robots.txt").status_code == 200
    response = client.get("/trials/")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert 'class="error-page"' in content and "Too many requests" in content
    assert response["Content-Security-Policy"]

    api = client.get("/api/trials/")
    assert api.status_code == 429 and api["Retry-After"] == "30"
    assert api.json() == {"error": "Too many requests: slow down and try again later."}

    assert client.get("/robots.txt", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_rate_limit_resets_next_minute(client, limit_of_three, monkeypatch):
    for _ in range(4):
        client.get("/robots.txt")
    monkeypatch.setattr("trials.middleware.clock", lambda: 6_000_000_061.0)
    assert client.get("/robots.txt").status_code == 200


def test_static_files_and_admin_login_are_not_rate_limited(client, limit_of_three):
    for _ in range(6):
        assert client.get(static("css/site.css")).status_code == 200
        assert client.get(LOGIN).status_code == 200


def test_health_probes_are_not_rate_limited(client, limit_of_three, db):
    for _ in range(3):
        client.get("/robots.txt")
    for _ in range(6):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    assert client.get("/robots.txt").status_code == 429


@pytest.fixture
def counted_hashes(monkeypatch):
    """How many times a password was hashed (each costs ~1 s of CPU in production)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    calls = []
    original = PBKDF2PasswordHasher.encode

    def encode(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", encode)
    return calls


def made_up_login(client, number: int, address: str = "127.0.0.1"):
    data = {"username": f"ghost{number}", "password": "guess", "otp_token": "123456"}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def test_login_posts_are_limited_per_address_before_hashing(
    client, limit_of_three, settings, counted_hashes, db
):
    settings.ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE = 100
    for number in range(3):  # made-up usernames: no lockout, one hash each
        assert made_up_login(client, number).status_code == 200
    assert len(counted_hashes) == 3
    response = made_up_login(client, 3)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert 'class="error-page"' in response.content.decode()
    assert len(counted_hashes) == 3  # refused before the password was looked at
    assert client.get(LOGIN).status_code == 200  # the page itself is not limited
    assert made_up_login(client, 4, address="192.0.2.10").status_code == 200


def test_login_posts_are_limited_for_the_whole_site(
    client, limit_of_three, settings, counted_hashes, db
):
    settings.ADMIN_LOGIN_GLOBAL_RATE_PER_MINUTE = 5
    for number in range(5):
        assert made_up_login(client, number, address=f"192.0.2.{number}").status_code == 200
    assert made_up_login(client, 5, address="192.0.2.99").status_code == 429
    assert len(counted_hashes) == 5


def test_rate_limit_counts_the_client_behind_trusted_proxies(client, limit_of_three, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get("/robots.txt", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client.get("/robots.txt", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # A forged left-hand address does not escape the limit; another client is not limited.
    assert client.get("/robots.txt", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5").status_code == 429
    assert client.get("/robots.txt", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


# Error pages with debug off --------------------------------------------------------------


def assert_site_error_page(response, status: int):
    assert response.status_code == status
    content = response.content.decode()
    assert f"Error {status}" in content
    assert 'class="site-header"' in content and 'class="error-page"' in content
    nonce = csp_directives(response)["script-src"][0][len("'nonce-") : -1]
    assert f'nonce="{nonce}"' in content


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, url: str, length: int, **extra):
    return client.post(
        url,
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": str(length), "wsgi.input": UnreadableBody()},
        **extra,
    )


def test_a_large_post_is_refused_without_being_read(client, db, settings):
    response = post_declaring(client, LOGIN, 300 * 1024 * 1024)
    assert_site_error_page(response, 413)
    response = post_declaring(client, "/api/trials/", settings.REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413 and response.json()["error"]
    # Anyone but verified staff gets the same answer at the admin's import.
    assert post_declaring(client, "/admin/trials/trial/import/", 5 * 1024 * 1024).status_code == 413


def test_staff_may_upload_larger_imports(client, django_user_model, settings):
    from tests.admin_support import IMPORT_URL, curator

    client.force_login(curator(django_user_model))
    assert post_declaring(client, "/admin/", 5 * 1024 * 1024).status_code == 413
    with pytest.raises(AssertionError, match="the body was read"):
        post_declaring(client, IMPORT_URL, 5 * 1024 * 1024)  # let through to the upload
    assert (
        post_declaring(client, IMPORT_URL, settings.IMPORT_MAX_REQUEST_BYTES + 1).status_code == 413
    )


def test_django_caps_form_and_upload_sizes(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.REQUEST_MAX_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.IMPORT_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 100


def test_400_for_a_nul_in_the_address(client, settings):
    assert not settings.DEBUG
    assert_site_error_page(client.get("/trials/NCT%00/"), 400)


def test_400_for_a_disallowed_host(client):
    assert_site_error_page(client.get("/", HTTP_HOST="evil.example"), 400)


def test_403_for_a_failed_csrf_check(db):
    csrf_client = Client(enforce_csrf_checks=True)
    assert_site_error_page(csrf_client.post(LOGIN, {"username": "x"}), 403)


def test_403_for_a_permission_denied(client, django_user_model):
    # Any view that refuses with PermissionDenied; here the home page's render.
    from django.core.exceptions import PermissionDenied

    from trials.views import pages as views

    def refuse(*args, **kwargs):
        raise PermissionDenied

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "render", refuse)
        assert_site_error_page(client.get("/"), 403)


def test_404(client, db):
    assert_site_error_page(client.get("/no-such-page/"), 404)
    assert_site_error_page(client.get("/trials/NCT99999999/"), 404)


def test_500_renders_the_site_page_without_a_traceback(db, monkeypatch):
    from trials.views import pages as views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "reverse", broken)
    response = Client(raise_request_exception=False).get("/robots.txt")
    assert_site_error_page(response, 500)
    assert "secret internals" not in response.content.decode()


def test_500_mails_the_traceback_to_the_admins(db, monkeypatch, settings, mailoutbox):
    from trials.views import pages as views

    assert settings_from_environment(
        "ADMINS", "SERVER_EMAIL", DJANGO_ADMINS="ops@example.org, dev@example.org",
        DJANGO_SERVER_EMAIL="site@example.org",
    ) == [["ops@example.org", "dev@example.org"], "site@example.org"]  # fmt: skip
    settings.ADMINS = ["ops@example.org"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "reverse", broken)
    assert Client(raise_request_exception=False).get("/robots.txt").status_code == 500
    [mail] = mailoutbox
    assert mail.to == ["ops@example.org"] and "RuntimeError" in mail.body


def test_the_proxys_page_for_a_killed_request_is_the_sites(client, settings):
    """README "Deploy": nginx answers 413/502/504 with this file, adding the headers itself."""
    page = (PROJECT / "static" / "errors" / "proxy-error.html").read_text()
    assert 'class="site-header"' in page and 'class="error-page"' in page
    assert "<script" not in page and "<style" not in page and "style=" not in page
    for url in re.findall(r'href="(/static/[^"]+)"', page):
        assert (PROJECT / "static" / url.removeprefix("/static/")).exists(), url
    readme = (PROJECT / "README.md").read_text()
    assert "error_page 413 502 504 /errors/proxy-error.html;" in readme
    assert "client_max_body_size" in readme and "DJANGO_TRUSTED_PROXY_COUNT=1" in readme


def test_503_and_429_helpers_render_the_site_page(db):
    from django.middleware.csp import ContentSecurityPolicyMiddleware

    request = RequestFactory().get("/trials/")
    csp = ContentSecurityPolicyMiddleware(lambda r: None)
    csp.process_request(request)
    response = csp.process_response(request, error_response(request, 503, retry_after=120))
    assert_site_error_page(response, 503)
    assert response["Retry-After"] == "120"
    api = error_response(RequestFactory().get("/api/trials/"), 503)
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
