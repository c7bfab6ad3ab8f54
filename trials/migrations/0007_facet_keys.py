import trials.fields
from django.db import migrations


def fill_facet_keys(apps, schema_editor):
    # The keys are derived by the app's own facet definitions; a database with no trials
    # (every fresh one) has nothing to fill.
    if not apps.get_model("trials", "Trial").objects.using(schema_editor.connection.alias).exists():
        return
    from trials import facet_keys

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
        migrations.RunPython(fill_facet_keys, migrations.RunPython.noop),
    ]
