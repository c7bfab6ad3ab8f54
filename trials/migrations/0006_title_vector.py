import django.contrib.postgres.search
from django.db import migrations

# The search trigger (migration 0002) also keeps a tsvector of the title alone. Ranking reads
# it instead of the whole document: with thousands of matches, ts_rank over the full
# document vectors (kilobytes each, stored out of line) dominated the search page.
POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION trials_trial_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, coalesce(NEW.search_document, ''));
        NEW.title_vector := to_tsvector('english'::regconfig, coalesce(NEW.title, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS trials_trial_search_vector_trigger ON trials_trial",
    """
    CREATE TRIGGER trials_trial_search_vector_trigger
    BEFORE INSERT OR UPDATE OF search_document, title ON trials_trial
    FOR EACH ROW EXECUTE FUNCTION trials_trial_search_vector_update()
    """,
    "UPDATE trials_trial SET title = title",
]
POSTGRES_BACKWARD = [
    """
    CREATE OR REPLACE FUNCTION trials_trial_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, coalesce(NEW.search_document, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
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
        ("trials", "0005_updated_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARD), run_on_postgres(POSTGRES_BACKWARD)
        ),
    ]
