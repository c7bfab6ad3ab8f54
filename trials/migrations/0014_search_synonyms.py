import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL: the search trigger (migrations 0002, 0006) now weighs the search document's
# sections. The document is the trial's text, a line break, then its keywords (conditions,
# interventions, cell types, tissues; see importing/collections.sectioned_document).
# search_vector (matching, GIN): keywords B, the rest D. title_vector (ranking, kept compact
# so ranking thousands of matches stays fast): title A, keywords B, brief summary C.
# SQLite's FTS5 index is created after migrate by trials/search_index.py.
POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION trials_trial_search_vector_update() RETURNS trigger AS $$
    DECLARE
        body text := split_part(coalesce(NEW.search_document, ''), E'\\n', 1);
        keywords text := split_part(coalesce(NEW.search_document, ''), E'\\n', 2);
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, body), 'D')
            || setweight(to_tsvector('english'::regconfig, keywords), 'B');
        NEW.title_vector :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, keywords), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.brief_summary, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS trials_trial_search_vector_trigger ON trials_trial",
    """
    CREATE TRIGGER trials_trial_search_vector_trigger
    BEFORE INSERT OR UPDATE OF search_document, title, brief_summary ON trials_trial
    FOR EACH ROW EXECUTE FUNCTION trials_trial_search_vector_update()
    """,
    "UPDATE trials_trial SET title = title",
]
POSTGRES_BACKWARD = [
    """
    CREATE OR REPLACE FUNCTION trials_trial_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, coalesce(NEW.search_document, ''));
        NEW.title_vector := to_tsvector('english'::regconfig, coalesce(NEW.title, ''));
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
        ("trials", "0013_stored_records"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("term", models.CharField(help_text="A word or phrase people type.",
                                          max_length=200, unique=True)),
                ("expansions", models.TextField(
                    help_text="Other wordings of the same thing, one per line or separated by commas.")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["term"]},
        ),
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARD), run_on_postgres(POSTGRES_BACKWARD)
        ),
        # SQLite's FTS5 index, made by trials/search_index.py (not by migrations).
        migrations.CreateModel(
            name="TrialFullText",
            fields=[
                ("trial", models.OneToOneField(
                    db_column="rowid", db_constraint=False,
                    on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True,
                    related_name="full_text", serialize=False, to="trials.trial")),
                ("query", models.TextField(db_column="trial_fts")),
                ("rank", models.FloatField(db_column="rank")),
            ],
            options={"db_table": "trial_fts", "managed": False},
        ),
    ]
