"""Time questions the server has never been asked: cold, then the same again warm.

Starts a fresh gunicorn (one worker, DEBUG off) of this checkout, or of ``--project DIR``
for a before/after comparison, against the configured database; sends N distinct questions
drawn from the catalogue's own words and facet values (trials/catalogue/cold_questions.py)
one at a time, then repeats them; prints p50/p95/p99 per page kind as a Markdown table,
with the load average before and after (timings taken while other work runs are worthless).
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from trials import cold_benchmark
from trials.catalogue.cold_questions import KINDS, cold_questions, sample_vocabulary


class Command(BaseCommand):
    help = "Benchmark distinct, never-asked questions over HTTP, cold then warm."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--sample", type=int, default=2000, help="Trials read for words.")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--project", type=Path, default=cold_benchmark.PROJECT, help="Checkout to serve."
        )
        parser.add_argument("--output", help="Also append the Markdown table to this file.")
        parser.add_argument("--label", default="", help="A title line for the table.")
        parser.add_argument("--list-questions", action="store_true", help="Print the URLs.")

    def handle(self, *args, questions, seed, sample, workers, project, output, label,
               list_questions, **options):  # fmt: skip
        if not (project / "config" / "gunicorn.conf.py").exists():
            raise CommandError(f"{project} is not a RegenTrials checkout.")
        vocabulary = sample_vocabulary(sample, seed=seed)
        if not vocabulary.total:
            raise CommandError("No published trials: run generate_trials first.")
        asked = cold_questions(vocabulary, questions, seed=seed)
        if list_questions:
            for question in asked:
                self.stdout.write(f"{question.kind}\t{question.url}")
        connection.close()  # the server's connections only, while timing
        load_before = os.getloadavg()
        try:
            with cold_benchmark.served(project.resolve(), workers=workers) as base:
                cold_benchmark.warm_up(base)
                timings = cold_benchmark.ask_all(base, asked)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        load_after = os.getloadavg()
        summaries = cold_benchmark.summarise(timings, KINDS)
        table = self.table(summaries, vocabulary.total, label, project, load_before, load_after)
        self.stdout.write(table)
        if output:
            with open(output, "a", encoding="utf-8") as file:
                file.write(table + "\n")
        failures = [t for t in timings if t.status != 200]
        if failures:
            shown = ", ".join(f"{t.url} ({t.status})" for t in failures[:5])
            raise CommandError(f"{len(failures)} answers were not 200: {shown}")

    @staticmethod
    def table(summaries, total, label, project, load_before, load_after) -> str:
        lines = [
            f"### {label or connection.vendor} - {total:,} published trials, {project.name}",
            "",
            f"Load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min).",
            "",
            "| page | phase | requests | p50 ms | p95 ms | p99 ms | slowest |",
            "|---|---|---|---|---|---|---|",
        ]
        for s in summaries:
            lines.append(
                f"| {s.kind} | {s.phase} | {s.requests} | {s.p50:.1f} | {s.p95:.1f} "
                f"| {s.p99:.1f} | `{s.slowest_url}` |"
            )
        return "\n".join(lines) + "\n"
