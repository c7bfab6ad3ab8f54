from django.db import migrations


def keep_titles_inline(apps, schema_editor):
    # With toast_tuple_target at 1 kB (migration 0007) PostgreSQL moved the titles of most
    # rows to TOAST as well: every result card then read its title from there, and sorting by
    # title fetched both titles of every comparison (100,000 trials: 14 million buffers, 9 s).
    # "main" storage keeps them in the row. Rows written before keep their TOAST pointer until
    # they are rewritten: run VACUUM FULL trials_trial once (README, "PostgreSQL").
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE trials_trial ALTER COLUMN title SET STORAGE MAIN")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE trials_trial ALTER COLUMN title SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0019_facet_keys_index"),
    ]

    operations = [migrations.RunPython(keep_titles_inline, restore)]
