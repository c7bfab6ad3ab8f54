"""The private parts of Django that trials/db/internals.py relies on still behave as it expects.

A Django upgrade that renames or changes one of them fails here, by name, rather than as a
wrong page or a slow import somewhere else.
"""

import inspect

import pytest
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.query import QuerySet

from tests.factories import make_trial
from trials.db import internals
from trials.models import Arm, Intervention, Trial

pytestmark = pytest.mark.django_db


def test_the_private_names_exist_with_the_signatures_used():
    assert set(inspect.signature(QuerySet._iterator).parameters) == {
        "self",
        "use_chunked_fetch",
        "chunk_size",
    }
    for name in ("_clone", "_chain", "_fetch_all", "_raw_delete", "_result_cache"):
        assert hasattr(QuerySet(), name), name
    trial = Trial()
    assert isinstance(trial._state.fields_cache, dict)
    assert hasattr(trial, "_prepare_related_fields_for_save")


def test_cached_related_rows_answer_without_a_query(django_assert_num_queries):
    trial = make_trial()
    arm = Arm(pk=1, trial=trial, position=0, label="A")
    internals.cache_related_rows(trial, "arms", [arm])
    with django_assert_num_queries(0):
        assert list(trial.arms.all()) == [arm]


def test_cached_related_object_answers_without_a_query(django_assert_num_queries):
    trial = make_trial()
    arm = Arm(trial_id=trial.pk, position=0, label="A")
    internals.cache_related_object(arm, "trial", trial)
    with django_assert_num_queries(0):
        assert arm.trial is trial


def test_mark_saved_sets_the_instance_state():
    trial = Trial(pk=5)
    internals.mark_saved(trial, DEFAULT_DB_ALIAS)
    assert trial._state.adding is False
    assert internals.database_of(trial) == DEFAULT_DB_ALIAS


class _Recorder:
    def __init__(self):
        self.batches = []

    def __call__(self, instances):
        self.batches.append([t.pk for t in instances])


def test_loading_queryset_hands_fetched_instances_to_the_loader():
    first, second = make_trial(), make_trial()
    loader = _Recorder()
    queryset = Trial.objects.order_by("pk").loading(loader)
    assert [t.pk for t in queryset.filter(pk__gte=0)] == [first.pk, second.pk]  # via a clone
    assert loader.batches == [[first.pk, second.pk]]
    list(queryset.iterator(chunk_size=1))
    assert loader.batches[1:] == [[first.pk], [second.pk]]
    list(queryset.values_list("pk", flat=True))  # not model instances: left alone
    assert len(loader.batches) == 3


def test_compiled_statements_write_what_the_orm_would():
    trial = make_trial()
    intervention = Intervention(trial=trial, position=0, name="cells")
    internals.prepare_related_fields(intervention)
    fields = [f for f in Intervention._meta.concrete_fields if not f.primary_key]
    statements = [
        internals.insert_sql(Intervention, fields, [intervention], DEFAULT_DB_ALIAS),
        internals.update_sql(
            Intervention.objects.filter(trial=trial), {"name": "stromal cells"}, DEFAULT_DB_ALIAS
        ),
    ]
    assert statements[0][0].lstrip().upper().startswith("INSERT")
    assert statements[1][0].lstrip().upper().startswith("UPDATE")
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    assert list(Intervention.objects.values_list("name", flat=True)) == ["stromal cells"]
    sql, params = internals.select_sql(Intervention.objects.values_list("name"), DEFAULT_DB_ALIAS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == [("stromal cells",)]
    sql, params = internals.delete_sql(Intervention.objects.filter(trial=trial), DEFAULT_DB_ALIAS)
    assert sql.lstrip().upper().startswith("DELETE")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert not Intervention.objects.exists()


def test_raw_delete_deletes_without_cascading_signals():
    trial = make_trial()
    Intervention.objects.create(trial=trial, position=0, name="cells")
    internals.raw_delete(Intervention.objects.filter(trial=trial), DEFAULT_DB_ALIAS)
    assert not Intervention.objects.exists()
    assert Trial.objects.filter(pk=trial.pk).exists()
