import pytest

from tests.admin_support import DOC_001


@pytest.fixture
def one_trial(tmp_path, import_documents):
    """NCT04382547 imported from a copy named 001.txt, which tests may change."""
    path = tmp_path / "001.txt"
    path.write_text(DOC_001.read_text(encoding="utf-8"), encoding="utf-8")
    import_documents(path)
    return path
