#!/usr/bin/env python3
"""Scores the importer on held-out pages: folders of NN_<layout>_<slug>.txt with a hand-made gold
NN_<layout>_<slug>.json beside each (tests/fixtures/unseen*, new_layouts).

usage: scripts/score_heldout.py DIR [DIR ...] [--python .venv/bin/python] [--verbose]

The field comparison is the shared corpus scorer's own (../shared/tools/score_corpus.py, or the file
named by $SCORE_CORPUS): each page is imported alone into a copy of a migrated SQLite database and
its exported record is compared field by field. Differences from that scorer, for folders it was
not written for: a gold without registry ids (the page shows none) is matched to the one record
its page gave, which must then hold no id either; countries the shared table lacks are mapped too;
the merge check reads DIR/merge.json when there is one, else every page must be its own trial.
Prints per-field accuracy over all folders, a score per folder and the total."""

import argparse
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED_SCORER = pathlib.Path(
    os.environ.get("SCORE_CORPUS", ROOT.parent / "shared" / "tools" / "score_corpus.py")
)
EXTRA_COUNTRIES = {
    "poland": "PL",
    "czechia": "CZ",
    "korea": "KR",
    "south korea": "KR",
    "norway": "NO",
}


def load_shared_scorer():
    spec = importlib.util.spec_from_file_location("score_corpus", SHARED_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.COUNTRY.update(EXTRA_COUNTRIES)
    return module


def run(cmd, env):
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


def import_and_export(python, env, database, paths, out):
    env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
    run([python, "manage.py", "import_trials", *map(str, paths)], env)
    run([python, "manage.py", "export_trials", "--format", "json", "--output", str(out)], env)
    return json.loads(out.read_text(encoding="utf-8")) if out.exists() else []


def record_for(sc, gold, records):
    if not gold["registry_ids"]:
        return records[0] if len(records) == 1 else None
    keys = {sc.id_key(g) for g in gold["registry_ids"]}
    return next(
        (r for r in records if keys & {sc.id_key(x["value"]) for x in r.get("registry_ids", [])}),
        None,
    )


def compare(sc, gold, record):
    if gold["registry_ids"]:
        return {"imported": 1.0, **sc.compare(gold, record)}
    scores = sc.compare({**gold, "registry_ids": ["(none)"]}, record)
    scores["registry_ids"] = float(not record.get("registry_ids"))
    return {"imported": 1.0, **scores}


def merge_ok(sc, folder, docs, records):
    merge_file = folder / "merge.json"
    if not merge_file.exists():
        return len(records) == len(docs)
    merge = json.loads(merge_file.read_text(encoding="utf-8"))

    def holders(i):
        return [
            r for r in records if sc.id_key(i) in {sc.id_key(x["value"]) for x in r["registry_ids"]}
        ]

    ok = len(records) == merge["trials"]
    for i, n in merge.get("groups", {}).items():
        h = holders(i)
        ok &= len(h) == 1 and len(h[0].get("sources", [])) >= n
    for x, y in merge.get("apart", []):
        ok &= bool(holders(x)) and bool(holders(y)) and not any(r in holders(y) for r in holders(x))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=pathlib.Path)
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sc = load_shared_scorer()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="score-heldout-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.setdefault("DJANGO_SECRET_KEY", "score-only-" + "x" * 50)
    template = tmp / "template.sqlite3"
    migrate = run(
        [args.python, "manage.py", "migrate", "--noinput"],
        {**env, "DATABASE_URL": f"sqlite:///{template}"},
    )
    if migrate.returncode:
        sys.exit(migrate.stderr[-2000:])
    fields, per_folder = {}, []
    for folder in args.folders:
        folder = folder.resolve()
        golds = sorted(folder.glob("*.json"))
        golds = [g for g in golds if g.with_suffix(".txt").exists()]
        folder_values = []
        for gold_file in golds:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            database = tmp / f"{gold_file.stem}.sqlite3"
            shutil.copy(template, database)
            page = gold_file.with_suffix(".txt")
            records = import_and_export(args.python, env, database, [page], tmp / "one.json")
            record = record_for(sc, gold, records)
            scores = compare(sc, gold, record) if record else {"imported": 0.0}
            for field, value in scores.items():
                fields.setdefault(field, []).append(value)
            folder_values += scores.values()
            misses = [f for f, v in scores.items() if v < 1]
            name = f"{folder.name}/{gold_file.stem[:50]}"
            print(f"{sum(scores.values()) / len(scores):6.3f} {name:62s} {','.join(misses)}")
            if args.verbose and record:
                for field in misses:
                    want, got = sc.shown(field, gold, record)
                    print(f"         {field}: expected {sc.dump(want)}")
                    print(f"         {' ' * len(field)}  exported {sc.dump(got)}")
            database.unlink()
        database = tmp / "all.sqlite3"
        shutil.copy(template, database)
        docs = [g.with_suffix(".txt") for g in golds]
        records = import_and_export(args.python, env, database, docs, tmp / "all.json")
        merged = float(merge_ok(sc, folder, docs, records))
        database.unlink()
        fields.setdefault("merge", []).append(merged)
        folder_values.append(merged)
        score = sum(folder_values) / len(folder_values)
        per_folder.append((folder.name, len(golds), score, merged))
    print("\nfield                   accuracy   n")
    for field, values in sorted(fields.items(), key=lambda kv: sum(kv[1]) / len(kv[1])):
        print(f"{field:22s} {sum(values) / len(values):8.3f} {len(values):4d}")
    print()
    for name, n, score, merged in per_folder:
        print(f"{name:20s} {n:3d} pages  score {score:.3f}  merge {'ok' if merged else 'FAIL'}")
    every = [v for values in fields.values() for v in values]
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"score: {sum(every) / len(every):.3f} over {sum(n for _, n, _, _ in per_folder)} pages")


if __name__ == "__main__":
    main()
