"""Print the search relevance table (recall@25, nDCG@10 per judged query and in total)."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from trials.catalogue.relevance import evaluate, load_judgements

JUDGEMENTS = Path(settings.BASE_DIR) / "tests" / "search" / "judgements.json"
DOCUMENTS = (
    Path(settings.BASE_DIR) / "data" / "sources",  # the sample documents (shared/seeds)
    Path(settings.BASE_DIR) / "tests" / "fixtures" / "corpus",  # shared/corpus, vendored
)
SYNTHETIC_TRIALS = 200
SYNTHETIC_SEED = 7
SYNTHETIC_START = 100  # NCT90000100 onwards


def build_relevance_catalogue() -> None:
    """The judged catalogue: the sample documents, the corpus and generated trials."""
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_trials", *map(str, DOCUMENTS), publish=True, **quiet)
    call_command(
        "generate_trials", str(SYNTHETIC_TRIALS), seed=SYNTHETIC_SEED, start=SYNTHETIC_START,
        verbosity=0, **quiet,
    )  # fmt: skip


class Command(BaseCommand):
    help = (
        "Build the judged catalogue in a transaction that is rolled back, run the judged "
        "queries, and print recall@25 and nDCG@10 per query and in total."
    )

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="A Markdown table.")
        parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)

    def handle(self, *args, markdown, judgements, **options):
        with transaction.atomic():
            build_relevance_catalogue()
            report = evaluate(load_judgements(judgements))
            transaction.set_rollback(True)
        self.stdout.write(report.table(markdown=markdown))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.rows)} queries: recall@25 {report.recall:.3f}, "
                f"nDCG@10 {report.ndcg:.3f}"
            )
        )
