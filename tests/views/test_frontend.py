"""The weight of the public pages and how their static files are served, through the test
client and WhiteNoise exactly as in production (collectstatic with hashed, compressed files).

Budgets (issue 7): at most 10 requests and 150 KB compressed per page; JavaScript at most 15 KB
compressed and never render-blocking; the list's HTML under 100 KB at 25 rows; static files
compressed and cached forever under hashed names. The templates carry no inline script, style
or event handler, so the site can run under a strict Content-Security-Policy.
"""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import make_trial

KB = 1024
PAGE_BUDGET = 150 * KB
JS_BUDGET = 15 * KB
REQUEST_BUDGET = 10
LIST_HTML_BUDGET = 100 * KB
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg)$")
FOREVER = "max-age=315360000, public, immutable"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class Page(HTMLParser):
    """The subresources a browser would fetch, and anything a strict CSP would block."""

    def __init__(self):
        super().__init__()
        self.resources: list[tuple[str, str, dict]] = []  # (kind, url, attributes)
        self.inline: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on") or name == "style":
                self.inline.append(f"<{tag} {name}=...>")
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon", "preload", "modulepreload"} & set(rel)):
            self.resources.append(
                ("css" if "stylesheet" in rel else "link", attributes["href"], attributes)
            )
        elif tag == "script":
            self._script = attributes
            if attributes.get("src"):
                self.resources.append(("js", attributes["src"], attributes))
        elif tag in {"img", "source", "video", "audio", "iframe"} and attributes.get("src"):
            self.resources.append((tag, attributes["src"], attributes))
        elif tag == "style":
            self.inline.append("<style>")

    def handle_data(self, data):
        script = self._script
        if script is not None and not script.get("src") and data.strip():
            if script.get("type") != "application/ld+json":  # data, not code: CSP allows it
                self.inline.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """collectstatic into a private folder, as a deployment does (hashed, gzip and Brotli)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture
def browser_client(production_static, db):
    """A client that accepts compressed responses, like every browser."""
    return Client(headers={"accept-encoding": "br, gzip"})


def fetch_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response.headers.get("Content-Encoding") == "gzip", f"{url}: HTML sent uncompressed"
    html = gzip.decompress(response.content).decode()
    parser = Page()
    parser.feed(html)
    return response, html, parser


def static_file(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


PAGES = {
    "home": ("trials:home", (), ""),
    "list": ("trials:list", (), ""),
    "list-filtered": ("trials:list", (), "?q=cells&status=recruiting&country=US&phase=2"),
    "list-empty": ("trials:list", (), "?q=zzzzqqq"),
    "detail": ("trials:detail", ("NCT03239535",), ""),
}


@pytest.fixture
def catalogue(seeds):
    """The sample documents plus generated trials: more than a page of realistic rows."""
    call_command("generate_trials", 40, "--seed", "7", verbosity=0)


@pytest.mark.parametrize("name", PAGES)
def test_page_weight_and_requests(browser_client, catalogue, name):
    view, args, query = PAGES[name]
    response, html, page = fetch_page(browser_client, reverse(view, args=args) + query)

    requests = 1
    total = len(response.content)  # compressed by GZipMiddleware
    script_bytes = 0
    for kind, url, attributes in page.resources:
        assert url.startswith("/static/"), f"{url}: no third-party origins"
        assert HASHED.search(url), f"{url} is not served by a hashed name"
        requests += 1
        static_response, body = static_file(browser_client, url)
        total += len(body)
        if kind == "js":
            script_bytes += len(body)
            assert "defer" in attributes or attributes.get("type") == "module", (
                f"{url} would block rendering"
            )
        if kind == "css":
            # Anything the stylesheet pulls in is a request too.
            for ref in re.findall(rb"url\(\s*['\"]?([^'\")]+)", body):
                if not ref.startswith(b"data:"):
                    requests += 1
                    total += len(static_file(browser_client, ref.decode())[1])
    assert requests <= REQUEST_BUDGET, f"{name}: {requests} requests"
    assert total <= PAGE_BUDGET, f"{name}: {total} bytes compressed"
    assert script_bytes <= JS_BUDGET, f"{name}: {script_bytes} bytes of JavaScript"
    assert page.inline == [], f"{name}: inline code a strict CSP would block"


def test_list_html_at_25_rows(client, catalogue, production_static, settings):
    assert settings.TRIALS_PER_PAGE == 25
    response = client.get(reverse("trials:list"))
    assert response.status_code == 200
    assert response.content.count(b'<li class="card">') == 25
    assert len(response.content) < LIST_HTML_BUDGET, len(response.content)


def test_static_files_are_compressed_and_cached_forever(browser_client, seeds):
    _, _, page = fetch_page(browser_client, reverse("trials:home"))
    kinds = {kind for kind, _, _ in page.resources}
    assert {"css", "js", "link"} <= kinds
    for _kind, url, _ in page.resources:
        for encoding in ("br", "gzip"):
            client = Client(headers={"accept-encoding": encoding})
            response, body = static_file(client, url)
            assert response.headers["Cache-Control"] == FOREVER, url
            if url.endswith((".css", ".js", ".svg")):
                assert response.headers.get("Content-Encoding") == encoding, (url, encoding)
                assert response.headers["Vary"] == "Accept-Encoding"
        plain = static_file(Client(), url)[1]
        assert len(body) < len(plain), f"{url}: compression saves nothing"


def test_unhashed_names_are_not_cached_forever(browser_client, production_static):
    response = browser_client.get("/static/css/site.css")
    assert response.status_code == 200  # still served, for old links, but revalidated
    assert "immutable" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("status", [404])
def test_error_page_weight(browser_client, db, status):
    response, html, page = fetch_page(browser_client, "/trials/NCT99999999/", status=status)
    assert len(page.resources) + 1 <= REQUEST_BUDGET
    assert page.inline == []


def test_templates_have_no_inline_code():
    """Every template, including the admin's overrides: external scripts and styles only."""
    inline = re.compile(
        r"<style|\sstyle=|\son[a-z]+\s*=|<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_admin_pages_have_no_inline_code_of_ours(admin_client, production_static, seeds):
    trial = make_trial(title="Admin page check")
    for url in (
        reverse("admin:trials_trial_changelist"),
        reverse("admin:trials_trial_change", args=[trial.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<style" not in html, url
