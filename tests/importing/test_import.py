import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from tests.conftest import EXPECTED_DIR, SAMPLE_SOURCES
from tests.parsers_support import differences
from trials.catalogue.records import trial_record
from trials.models import Publication, ReviewFlag, SourceDocument, Trial

pytestmark = pytest.mark.django_db

SEED_FILES = sorted(SAMPLE_SOURCES.glob("*.txt"))


def record_for(public_id: str) -> dict:
    return trial_record(Trial.objects.for_detail().get(public_id=public_id))


def test_sample_corpus_imports_five_published_trials(seeds):
    assert "5 document(s): 5 created, 0 updated, 0 unchanged, 0 merged, 0 failed" in seeds
    assert Trial.objects.published().count() == 5
    assert set(Trial.objects.values_list("public_id", flat=True)) == {
        "NCT05520125",
        "NCT04382547",
        "2025-520841-60-00",
        "NCT05214014",
        "NCT03239535",
    }


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_record_matches_expected_and_schema(seeds, record_schema, path):
    expected = json.loads((EXPECTED_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
    source = SourceDocument.objects.get(filename=path.name)
    record = record_for(source.trial.public_id)
    jsonschema.validate(record, record_schema)
    assert differences(expected, record) == []


def test_reimport_reports_unchanged_and_writes_nothing(seeds, import_documents):
    before = {t.public_id: t.updated_at for t in Trial.objects.all()}
    output = import_documents(SAMPLE_SOURCES)
    assert "0 created, 0 updated, 5 unchanged" in output
    assert {t.public_id: t.updated_at for t in Trial.objects.all()} == before


def test_draft_by_default(import_documents):
    import_documents(SAMPLE_SOURCES / "000_b087d68130d6e372.txt")
    assert Trial.objects.get().publication == Publication.DRAFT


def test_raw_text_kept_exactly(import_documents):
    path = SAMPLE_SOURCES / "003_4d047765c7be5993.txt"
    import_documents(path)
    source = SourceDocument.objects.get()
    assert source.raw_text == path.read_text(encoding="utf-8")
    assert "Т-cells" in source.raw_text  # the Cyrillic letter survives in the raw text
    assert "Т" not in source.trial.title


def test_review_flags_recorded(seeds):
    flags = ReviewFlag.objects.filter(trial__public_id="NCT05520125")
    assert {flag.code for flag in flags} >= {"criteria_unlabelled", "age_from_criterion"}
    assert not ReviewFlag.objects.filter(trial__public_id="NCT03239535").exists()


def test_changed_document_updates_trial(tmp_path, import_documents):
    original = (SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt").read_text(encoding="utf-8")
    path = tmp_path / "001.txt"
    path.write_text(original, encoding="utf-8")
    import_documents(path)
    path.write_text(original.replace("- 32\n", "- 40\n"), encoding="utf-8")
    output = import_documents(path)
    assert "1 updated" in output
    trial = Trial.objects.get()
    assert trial.enrollment == 40
    assert trial.sources.count() == 1


def test_bad_documents_are_reported_and_others_imported(tmp_path, import_documents):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "nothing.txt").write_text("Lorem ipsum\n\n")
    (tmp_path / "good.txt").write_bytes((SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_bytes())
    with pytest.raises(CommandError):
        import_documents(tmp_path)
    assert list(Trial.objects.values_list("public_id", flat=True)) == ["NCT03239535"]


def test_failure_output_names_the_file(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    import io

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_trials", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "empty.txt" in err.getvalue()
    assert "empty" in err.getvalue()


def test_dry_run_writes_nothing(import_documents):
    output = import_documents(SAMPLE_SOURCES, dry_run=True)
    assert "5 would be created" in output
    assert not Trial.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path, import_documents, encoding):
    text = (SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_text(encoding="utf-8")
    if encoding == "cp1252":
        text = text.encode("cp1252", errors="replace").decode("cp1252")
    (tmp_path / "doc.txt").write_bytes(text.encode(encoding))
    import_documents(tmp_path)
    assert Trial.objects.get().public_id == "NCT03239535"


def test_curator_edit_survives_reimport(tmp_path, import_documents):
    original = (SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt").read_text(encoding="utf-8")
    path = tmp_path / "001.txt"
    path.write_text(original, encoding="utf-8")
    import_documents(path)
    trial = Trial.objects.get()
    trial.enrollment = 33
    trial.locked_fields = ["enrollment"]
    trial.save()
    path.write_text(original.replace("- 32\n", "- 40\n"), encoding="utf-8")
    import_documents(path)
    trial.refresh_from_db()
    assert trial.enrollment == 33
    assert trial.review_flags.filter(code="curator_lock").exists()


def test_export_trials_writes_all_records(seeds, tmp_path, record_schema):
    Trial.objects.filter(public_id="NCT05520125").update(publication=Publication.DRAFT)
    target = tmp_path / "export.json"
    call_command("export_trials", "--format", "json", "--output", str(target))
    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == 5
    for record in records:
        jsonschema.validate(record, record_schema)
    call_command("export_trials", "--output", str(target), "--published-only")
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 4


def test_oversized_document_is_refused(tmp_path, import_documents, settings):
    settings.IMPORT_MAX_BYTES = 1000
    (tmp_path / "big.txt").write_bytes((SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_bytes())
    with pytest.raises(CommandError):
        import_documents(tmp_path)
    assert not Trial.objects.exists()


def test_pattern_and_glob_select_files(tmp_path, import_documents):
    (tmp_path / "a.page").write_bytes((SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes((SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt").read_bytes())
    assert "1 created" in import_documents(tmp_path, pattern="*.page")
    assert Trial.objects.get().public_id == "NCT03239535"
    assert "1 created" in import_documents(str(tmp_path / "b.*"))
    assert Trial.objects.count() == 2


def test_forced_format_and_missing_path(tmp_path, import_documents):
    output = import_documents(SAMPLE_SOURCES / "004_06d783c427b23371.txt", format="generic")
    assert "[generic]" in output
    with pytest.raises(CommandError):
        import_documents(tmp_path / "does-not-exist.txt")
