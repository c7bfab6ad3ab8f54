"""Query budget of the importer: a fixed number of queries per document, whatever its
number of rows (issue: at most 15 per document on PostgreSQL, new trial or update)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import SAMPLE_SOURCES
from trials.db.batch import forget_spare_keys
from trials.importing.files import import_document, import_file
from trials.importing.lookups import Lookups
from trials.importing.upsert import Action
from trials.models import Arm, Criterion, Intervention, Trial, TrialCondition

pytestmark = pytest.mark.django_db

TEMPLATE = (SAMPLE_SOURCES / "004_06d783c427b23371.txt").read_text(encoding="utf-8")

# PostgreSQL sends a document's writes in one round trip; SQLite (in-process, no round
# trips to save) runs them one statement per table, so its budget is larger, but it does
# not grow with the rows either. An update's include the two queries that refresh the
# trial's facet keys (trials/catalogue/facet_keys.py); a new trial is inserted with them.
BUDGET = 15 if connection.vendor == "postgresql" else 42


def rich_document(count: int, nct: str = "NCT09999999", word: str = "number") -> str:
    """The Veeva sample with ``count`` conditions, treatments, criteria and arms."""
    text = TEMPLATE.replace("NCT03239535", nct).replace("FMBA/001", f"FMBA/{nct}")
    conditions = "\n".join(f"Condition {word} {i}" for i in range(count))
    text = text.replace("Conditions\n\nCritical Limb Ischemia\n", f"Conditions\n\n{conditions}\n")
    old_treatments = "Biological: Normal saline\nBiological: Mesenchymal stem cells\n"
    treatments = "".join(f"Biological: Cell product {word} {i}\n" for i in range(count))
    text = text.replace(f"Treatments\n\n{old_treatments}", f"Treatments\n\n{treatments}")
    criteria = "".join(f"  {i + 1}. Inclusion rule {word} {i}\n" for i in range(count))
    start = text.index("Inclusion criteria\n\n") + len("Inclusion criteria\n\n")
    text = text[:start] + criteria + text[text.index("\nExclusion criteria") :]
    groups = "".join(
        f"Group {i}\nExperimental group\nDescription:\nCell product {word} {i}, "
        f"Intramuscular injection\nTreatment:\nBiological: Cell product {word} {i}\n"
        for i in range(count)
    )
    start = text.index("40 participants in 2 patient groups")
    end = text.index("\nTrial contacts and locations")
    return text[:start] + f"40 participants in {count} patient groups\n\n" + groups + text[end:]


def queries_of(text: str, filename: str, action: str) -> int:
    forget_spare_keys()  # each document draws its keys afresh, however many rows it has
    with CaptureQueriesContext(connection) as context:
        result = import_document(text, filename=filename, now=timezone.now(), lookups=Lookups())
    assert result.action == action
    return len(context.captured_queries)


def warm_up():
    """One import first, so that vocabulary terms shared by every document exist."""
    import_document(rich_document(1, "NCT09999990"), filename="warm.txt", now=timezone.now())


def test_new_trial_queries_do_not_grow_with_its_rows(django_assert_max_num_queries):
    warm_up()
    few = queries_of(rich_document(2, "NCT09999991", "few"), "few.txt", Action.CREATED)
    with django_assert_max_num_queries(BUDGET):
        import_document(rich_document(60), filename="many.txt", now=timezone.now())
    trial = Trial.objects.get(public_id="NCT09999999")
    assert TrialCondition.objects.filter(trial=trial).count() == 60
    assert Intervention.objects.filter(trial=trial).count() == 60
    assert Arm.objects.filter(trial=trial).count() == 60
    assert Arm.interventions.through.objects.filter(arm__trial=trial).count() == 60
    assert Criterion.objects.filter(trial=trial).count() >= 60
    assert trial.history.get().related_snapshot["conditions"][59] == "Condition number 59"
    many = queries_of(rich_document(60, "NCT09999992", "other"), "other.txt", Action.CREATED)
    assert many == few


def test_update_queries_do_not_grow_with_the_rows(django_assert_max_num_queries):
    warm_up()
    import_document(rich_document(60), filename="many.txt", now=timezone.now())
    # A changed copy of the same file: every collection it has is rewritten.
    with django_assert_max_num_queries(BUDGET):
        result = import_document(
            rich_document(80, word="changed"), filename="many.txt", now=timezone.now()
        )
    assert result.action == Action.UPDATED
    trial = Trial.objects.get(public_id="NCT09999999")
    names = TrialCondition.objects.filter(trial=trial).values_list("condition__name", flat=True)
    assert sorted(names)[:2] == ["Condition changed 0", "Condition changed 1"]
    assert Arm.objects.filter(trial=trial).count() == 80
    assert trial.sources.count() == 1
    record = trial.history.first()
    assert record.history_type == "~" and len(record.related_snapshot["conditions"]) == 80
    # Another document of the same trial is merged into it, within the same budget.
    with django_assert_max_num_queries(BUDGET):
        result = import_document(
            rich_document(80, word="merged"), filename="second.txt", now=timezone.now()
        )
    assert result.action == Action.MERGED
    assert trial.sources.count() == 2


def test_update_queries_are_the_same_for_few_and_many_rows():
    warm_up()
    counts = []
    for count, nct in ((2, "NCT09999993"), (60, "NCT09999994")):
        import_document(rich_document(count, nct), filename=f"{nct}.txt", now=timezone.now())
        changed = rich_document(count, nct, word="changed")
        counts.append(queries_of(changed, f"{nct}.txt", Action.UPDATED))
    assert counts[0] == counts[1]


def test_new_trials_of_a_run_share_the_key_queries():
    """PostgreSQL: the keys of a document's new rows come from blocks drawn ahead for the
    run, so that ten new trials draw once, and the next document not at all. SQLite takes
    the keys from its inserts."""
    forget_spare_keys()
    lookups = Lookups()
    draws = []
    for index in range(11):
        nct = f"NCT0999997{index}"
        with CaptureQueriesContext(connection) as context:
            import_document(
                rich_document(3, nct), filename=f"{nct}.txt", now=timezone.now(), lookups=lookups
            )
        draws.append(len([q for q in context.captured_queries if "nextval" in q["sql"]]))
    assert draws == ([1] + [0] * 10 if connection.vendor == "postgresql" else [0] * 11)
    assert Trial.objects.count() == 11


def test_unchanged_document_costs_one_query(django_assert_num_queries):
    warm_up()
    text = rich_document(30)
    import_document(text, filename="many.txt", now=timezone.now())
    with django_assert_num_queries(1):
        result = import_document(text, filename="many.txt", now=timezone.now())
    assert result.action == Action.UNCHANGED


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_a_document_in_one_transaction_without_savepoints(tmp_path):
    path = tmp_path / "rich.txt"
    path.write_text(rich_document(3), encoding="utf-8")
    with CaptureQueriesContext(connection) as context:
        result = import_file(path, now=timezone.now(), format=None, publish=False, dry_run=False)
    assert result.action == Action.CREATED
    assert not [q for q in context.captured_queries if "SAVEPOINT" in q["sql"]]
    assert Trial.objects.filter(public_id="NCT09999999").exists()
