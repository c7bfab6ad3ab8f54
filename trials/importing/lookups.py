"""Keys of named rows (organisations, conditions, vocabulary terms), found once per run."""

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models import Model

from trials.catalogue.facet_keys import value_columns
from trials.db.batch import read_all
from trials.models import (
    VOCABULARY_MODELS,
    Condition,
    Organisation,
)

# The unique column each kind of named row is found by.
NAME_FIELDS: dict[type[Model], str] = {
    Organisation: "name",
    Condition: "key",
    **{model: "term" for model in VOCABULARY_MODELS.values()},
}


Names = dict[tuple[type[Model], str], Model]


class Lookups:
    """Keys of named rows (organisations, conditions, vocabulary terms) for one run.

    A run of imports meets the same few hundred names again and again; after the first
    document that names one, its key comes from here instead of a query, with the columns a
    trial's facet keys read from it (a condition's area). What a transaction learns is kept
    only once it commits: a rolled-back import teaches nothing.
    """

    def __init__(self) -> None:
        self.known: dict[tuple[type[Model], str], dict[str, object]] = {}

    def resolve(
        self, wanted: dict[type[Model], dict[str, Callable[[], Model]]]
    ) -> tuple[Names, list[tuple[type[Model], list[Model]]]]:
        """Instances for the wanted names: saved ones (key only) and new unsaved ones.

        ``wanted`` maps a model to {name: factory of a new row}. One query (PostgreSQL)
        for the names not known yet; returns the names and the new rows to insert.
        """
        names: Names = {}
        unknown: dict[type[Model], list[str]] = defaultdict(list)
        for model, makers in wanted.items():
            for value in makers:
                columns = self.known.get((model, value))
                if columns is None:
                    unknown[model].append(value)
                else:
                    names[(model, value)] = model(**columns)
        if not unknown:
            return names, []
        models = list(unknown)
        found = read_all(
            [
                model.objects.filter(**{f"{NAME_FIELDS[model]}__in": unknown[model]})
                .order_by()
                .values_list(*_kept(model))
                for model in models
            ]
        )
        learnt: dict[tuple[type[Model], str], dict[str, object]] = {}
        new: list[tuple[type[Model], list[Model]]] = []
        for model, rows in zip(models, found, strict=True):
            kept = _kept(model)
            learnt.update({(model, row[1]): dict(zip(kept, row, strict=True)) for row in rows})
            # In name order: parallel imports inserting the same names do not deadlock.
            missing = [
                wanted[model][v]() for v in sorted(unknown[model]) if (model, v) not in learnt
            ]
            if missing:
                new.append((model, missing))
                names.update({(model, getattr(obj, NAME_FIELDS[model])): obj for obj in missing})
        names.update({key: key[0](**columns) for key, columns in learnt.items()})

        def remember() -> None:
            self.known.update(learnt)
            self.known.update(
                {(model, getattr(obj, NAME_FIELDS[model])):
                 {name: getattr(obj, name) for name in _kept(model)}
                 for model, objs in new for obj in objs}
            )  # fmt: skip

        transaction.on_commit(remember)
        return names, new


def _kept(model: type[Model]) -> tuple[str, ...]:
    """What is remembered of a named row: its key, its name, and what facets read of it."""
    return ("pk", *dict.fromkeys((NAME_FIELDS[model], *value_columns().get(model, ()))))
