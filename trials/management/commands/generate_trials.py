"""Create N realistic, published synthetic trials for scale tests and benchmarks."""

import time
from itertools import islice

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from trials import search_index
from trials.catalogue import search_words
from trials.importing.synthetic import generate
from trials.importing.upsert import insert_related_rows, prepare_new_trials
from trials.models import Publication, Trial


class Command(BaseCommand):
    help = (
        "Generate N published synthetic trials (bulk inserts through the importer's "
        "derived-field code). Registry ids are NCT9xxxxxxx, numbered after existing trials."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--start", type=int, help="First synthetic number (default: the number of trials)."
        )

    def handle(self, *args, count, seed, batch_size, start, **options):
        start = Trial.objects.count() if start is None else start
        started = time.perf_counter()
        records = generate(count, seed=seed, start=start)
        with tqdm(total=count, unit="trial", file=self.stderr,
                  disable=options["verbosity"] == 0) as progress:  # fmt: skip
            while batch := list(islice(records, batch_size)):
                with transaction.atomic():
                    pairs = [(Trial(publication=Publication.PUBLISHED), r) for r in batch]
                    prepare_new_trials(pairs)
                    Trial.objects.bulk_create(trial for trial, _ in pairs)
                    insert_related_rows(pairs)
                progress.update(len(batch))
        search_index.refresh_statistics()
        search_words.refresh()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count} trials in {elapsed:.1f} s ({count / elapsed:.0f} trials/s)."
            )
        )
