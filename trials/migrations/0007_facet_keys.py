import trials.fields
from django.db import migrations


def keep_rows_narrow(apps, schema_editor):
    # PostgreSQL moves a row's long texts (search document, descriptions) to TOAST storage
    # only when the row passes 2 kB, and then only down to this target. At 1 kB the rows
    # keep what lists, facets and ranking read (title, facet keys, title vector: "main"
    # storage stays inline) and the table halves, so scans and searches read half the pages.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE trials_trial SET (toast_tuple_target = 1024)")
    schema_editor.execute(
        "ALTER TABLE trials_trial ALTER COLUMN facet_keys SET STORAGE MAIN,"
        " ALTER COLUMN title_vector SET STORAGE MAIN"
    )


def fill_facet_keys(apps, schema_editor):
    # The keys are derived by the app's own facet definitions; a database with no trials
    # (every fresh one) has nothing to fill.
    if not apps.get_model("trials", "Trial").objects.using(schema_editor.connection.alias).exists():
        return
    from trials.catalogue import facet_keys

    facet_keys.refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0006_title_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="facet_keys",
            field=trials.fields.KeyListField(editable=False, null=True),
        ),
        migrations.RunPython(keep_rows_narrow, migrations.RunPython.noop),
        # Rewrites every row, which also stores it under the new target.
        migrations.RunPython(fill_facet_keys, migrations.RunPython.noop),
    ]
