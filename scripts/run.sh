#!/usr/bin/env bash
# Install HoaGiai Desktop into .venv and start it (SQLite data file in the per-user data folder).
# Extra arguments go to the app, e.g.:  bash scripts/run.sh demo   then   bash scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
.venv/bin/python -m hoagiai_desktop.i18n_build >/dev/null
exec .venv/bin/hoagiai "$@"
