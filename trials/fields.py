"""Model fields the project defines itself."""

import json

from django.db import NotSupportedError, models


class KeyListField(models.Field):
    """A list of short strings: ``text[]`` on PostgreSQL, a JSON array in text elsewhere.

    PostgreSQL's ``unnest`` over an array column is the cheapest way to count values across
    many rows (jsonb costs a third more); SQLite reads the JSON with ``json_each``.
    """

    description = "A list of strings"

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        values = [str(item) for item in value]
        return values if connection.vendor == "postgresql" else json.dumps(values)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)


@KeyListField.register_lookup
class HoldsAnyKey(models.Lookup):
    """``field__holds_any=[...]``: the list holds at least one of the keys. PostgreSQL only
    (``&&``, which a GIN index on the column serves)."""

    lookup_name = "holds_any"

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            raise NotSupportedError("holds_any needs PostgreSQL's arrays")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} && {rhs}::text[]", [*lhs_params, *rhs_params]
