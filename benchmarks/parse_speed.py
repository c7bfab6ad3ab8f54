"""CPU time of detecting, parsing and classifying documents, per document (no database).

    python benchmarks/parse_speed.py [--rounds N] [--profile] PATH...

PATHs are files or directories of ``*.txt`` pages (the samples in data/sources, the test
fixtures, a corpus). ``--profile`` prints the functions that take the most time.
The import's end-to-end rate (with the database) is ``manage.py benchmark_import``.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trials.parsers import parse_document  # noqa: E402
from trials.parsers.record import ParseError  # noqa: E402


def pages(paths: list[str]) -> list[str]:
    files = []
    for name in paths:
        path = Path(name)
        files += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return [file.read_text(encoding="utf-8") for file in files]


def parse_all(texts: list[str], rounds: int) -> None:
    for _ in range(rounds):
        for text in texts:
            try:
                parse_document(text)
            except ParseError:
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    texts = pages(options.paths)
    parse_all(texts, 1)  # warm: compiled patterns, vocabularies
    if options.profile:
        profile = cProfile.Profile()
        profile.runcall(parse_all, texts, options.rounds)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    started = time.process_time()
    parse_all(texts, options.rounds)
    seconds = time.process_time() - started
    count = len(texts) * options.rounds
    per_document = 1000 * seconds / count
    print(f"{len(texts)} documents x {options.rounds} rounds: {per_document:.2f} CPU ms/doc")


if __name__ == "__main__":
    main()
