# Sourced by scripts/serve and scripts/test: find Python >= 3.12, make .venv, install requirements.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidate
  if [ -n "${PYTHON:-}" ] && python_ok "$PYTHON"; then echo "$PYTHON"; return 0; fi
  for candidate in python3.14 python3.13 python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in $(ls -d "$(pyenv root)"/versions/3.* 2>/dev/null | sort -rV); do
      if python_ok "$candidate/bin/python3"; then echo "$candidate/bin/python3"; return 0; fi
    done
  fi
  cat >&2 <<'MSG'
error: RegenTrials needs Python 3.12 or newer, and none was found on PATH or through pyenv.
Install one, e.g. `apt-get install python3.12 python3.12-venv` (Debian/Ubuntu),
`brew install python@3.13` (macOS) or `pyenv install 3.13`, or point PYTHON at it:
  PYTHON=/path/to/python3.13 scripts/test
MSG
  return 1
}

ensure_venv() {
  local requirements="$1" stamp python
  if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
    python="$(find_python)"
    echo "Creating .venv with $python ($("$python" --version 2>&1))"
    rm -rf .venv
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
  if [ ! -f "$stamp" ]; then
    echo "Installing $requirements into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}

ensure_local_env() {
  # A checkout's development settings, read by config/settings.py, so that every
  # `manage.py` command works in a new shell. Written once; never overwritten.
  if [ ! -f local.env ]; then
    (
      umask 077
      echo "# Development settings of this checkout (git-ignored); real environment variables win."
      echo "DJANGO_DEBUG=1"
      echo "DJANGO_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    ) > local.env
    echo "Wrote local.env (development settings and a new secret key)"
  fi
}
