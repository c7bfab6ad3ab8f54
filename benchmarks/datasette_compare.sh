#!/bin/sh
# RegenTrials vs Datasette on the same faceted, searched list (see datasette_compare.py).
# Usage: DATABASE_URL=postgres://... benchmarks/datasette_compare.sh [--requests N]
set -e
cd "$(dirname "$0")/.."
exec .venv/bin/python benchmarks/datasette_compare.py "$@"
