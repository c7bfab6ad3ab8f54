import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL keeps trials_trial.search_vector current on every write (importer, admin, bulk
# inserts) through a trigger, and indexes it with GIN. SQLite has no tsvector: it searches
# the search_document column instead, so these statements run on PostgreSQL only.
POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION trials_trial_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, coalesce(NEW.search_document, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER trials_trial_search_vector_trigger
    BEFORE INSERT OR UPDATE OF search_document ON trials_trial
    FOR EACH ROW EXECUTE FUNCTION trials_trial_search_vector_update()
    """,
    "CREATE INDEX trial_search_vector_idx ON trials_trial USING gin (search_vector)",
    "UPDATE trials_trial SET search_document = search_document",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS trial_search_vector_idx",
    "DROP TRIGGER IF EXISTS trials_trial_search_vector_trigger ON trials_trial",
    "DROP FUNCTION IF EXISTS trials_trial_search_vector_update()",
]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARD), run_on_postgres(POSTGRES_BACKWARD)
        ),
    ]
