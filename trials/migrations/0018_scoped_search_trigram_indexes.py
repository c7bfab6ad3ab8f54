from django.db import migrations

# Scoped searches (condition:, intervention:, sponsor:, location:) match a wording anywhere
# in a name, case-insensitively: Django writes UPPER(column::text) LIKE UPPER('%word%'), or
# = for short wordings. A trigram index on that expression answers both (pg_trgm, created by
# migration 0017), so a scoped search no longer reads every condition link of the catalogue.
# SQLite has FTS5 trigram and NOCASE indexes instead (trials/wording_index.py).
INDEXED = {
    "trialcondition_raw_name_trgm_idx": ("trials_trialcondition", "raw_name"),
    "condition_name_trgm_idx": ("trials_condition", "name"),
    "condition_key_trgm_idx": ("trials_condition", "key"),
    "intervention_name_trgm_idx": ("trials_intervention", "name"),
    "intervention_description_trgm_idx": ("trials_intervention", "description"),
    "organisation_name_trgm_idx": ("trials_organisation", "name"),
    "location_facility_trgm_idx": ("trials_location", "facility"),
    "location_city_trgm_idx": ("trials_location", "city"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXED.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0017_search_words"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
