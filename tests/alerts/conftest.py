import pytest

from tests.conftest import SAMPLE_SOURCES

DOCUMENT = SAMPLE_SOURCES / "000_b087d68130d6e372.txt"
ORIGINAL = DOCUMENT.read_text(encoding="utf-8")
# The same registry page a while later: recruiting, a site in Milan, one criterion more.
UPDATED = (
    ORIGINAL.replace("- Status\n- UNKNOWN", "- Status\n- RECRUITING")
    .replace("- pregnancy;\n", "- pregnancy;\n- body mass index above 35;\n")
    .replace(
        "- Locations (1)\n",
        "- Locations (2)\nOspedale San Raffaele\n🇮🇹Milan, Italy\n",
    )
)


@pytest.fixture
def alert_settings(settings):
    settings.SITE_URL = "http://testserver"
    settings.ALERTS_SETTLE_SECONDS = 0
    return settings


@pytest.fixture
def registry_page(tmp_path, import_documents):
    """The sample page imported and published; ``update()`` re-imports its later version."""
    path = tmp_path / "000.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    import_documents(path, publish=True)

    class Page:
        @staticmethod
        def update(text: str = UPDATED) -> None:
            path.write_text(text, encoding="utf-8")
            import_documents(path)

    return Page
