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
        # The keys of existing trials are filled after migrate (facet_keys.fill_missing).
        migrations.RunPython(keep_rows_narrow, migrations.RunPython.noop),
    ]
