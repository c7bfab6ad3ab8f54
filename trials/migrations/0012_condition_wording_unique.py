# The constraint in a migration of its own: on PostgreSQL a table cannot be altered in the
# transaction that updated its rows (pending foreign-key trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0011_condition_normalised_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="trialcondition",
            constraint=models.UniqueConstraint(
                fields=("trial", "condition", "raw_name"), name="trial_condition_wording_unique"
            ),
        ),
    ]
