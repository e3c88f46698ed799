#!/usr/bin/env bash
# Install HoaGiai Desktop with its test tools into .venv, compile the catalogues, lint, type-check, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} PYTHONUTF8=1 LANG=${LANG:-C.UTF-8}
bash scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
. .venv/bin/activate
pip install -q --upgrade pip
pip install -q -e '.[test]'
python -m hoagiai_desktop.i18n_build >/dev/null
# The same checks as .pre-commit-config.yaml: lint (with the complexity limit), formatting, strict types outside ui/.
ruff check .
ruff format --check .
mypy hoagiai_desktop
# The installer's bundle: build it with PyInstaller, run the frozen app (commands, no network, the window) and
# compile the NSIS script against it. Skipped with HOAGIAI_SKIP_BUNDLE=1 for a quick local run.
if [ "${HOAGIAI_SKIP_BUNDLE:-0}" != "1" ]; then
  bash installer/smoke_test.sh
fi
pytest -q "$@"
