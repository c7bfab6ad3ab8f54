from django.db import migrations

# PostgreSQL: the list's filters of related facets (condition, country, phase, cell type...)
# match the trial's stored facet keys (``facet_keys && ARRAY[...]``) through this index, so
# a filtered list or its facet counts visit only the matching trials' rows. SQLite keeps
# matching the related rows (EXISTS).


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS trial_facet_keys_idx ON trials_trial USING gin (facet_keys)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS trial_facet_keys_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0018_scoped_search_trigram_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
