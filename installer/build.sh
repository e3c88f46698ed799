#!/usr/bin/env bash
# Build the one-folder bundle of HoaGiai Desktop on Linux (or macOS) and pack it as a .tar.gz.
#
#   bash installer/build.sh            # -> dist/HoaGiai/ and dist/HoaGiai-<version>-linux-x86_64.tar.gz
#
# Steps: a lean venv (runtime dependencies + PyInstaller, no test tools) in build/venv, compile the
# catalogues (.po -> .mo, Qt .ts -> .qm), render the icons, run PyInstaller, pack. Prints the time and sizes.
# Environment: PYTHON (default python3), BUILD_VENV (default build/venv), REUSE_VENV=1 to skip pip when the
# venv already exists.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PYTHONUTF8=1 LANG=${LANG:-C.UTF-8} QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
PYTHON=${PYTHON:-python3}
VENV=${BUILD_VENV:-$ROOT/build/venv}
start=$(date +%s.%N)
step() { printf '\n== %s (%.1f s)\n' "$1" "$(echo "$(date +%s.%N) - $start" | bc)"; }

step "lean build venv: $VENV"
if [ ! -x "$VENV/bin/python" ] || [ "${REUSE_VENV:-0}" != "1" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # Runtime dependencies only, read from pyproject.toml (no pytest/ruff/mypy/psycopg), plus the build tools.
  mapfile -t deps < <("$VENV/bin/python" - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as fh:
    project = tomllib.load(fh)["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"].get("build", [])))
PY
)
  "$VENV/bin/python" -m pip install -q "${deps[@]}" "pyinstaller>=6.0" "pillow>=10"
  # QtPdf lets the report preview work on Windows, where there is no pdftoppm. Up to Qt 6.11 it is part of
  # PySide6-Addons; from 6.12 it is a separate wheel of the same Qt version.
  if ! "$VENV/bin/python" -c "import PySide6.QtPdf" 2>/dev/null; then
    qt=$("$VENV/bin/python" -c "from importlib.metadata import version; print(version('PySide6-Essentials'))")
    "$VENV/bin/python" -m pip install -q "PySide6-Pdf~=$qt" || echo "note: no PySide6-Pdf for Qt $qt; the preview will need pdftoppm"
  fi
fi
PY="$VENV/bin/python"

step "compile catalogues"
"$PY" -m hoagiai_desktop.i18n_build

step "render icons"
"$PY" installer/make_icons.py build/icons

step "pyinstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/hoagiai.spec

VERSION=$("$PY" -c "import hoagiai_desktop; print(hoagiai_desktop.__version__)")
ARCH=$(uname -m)
OS=$(uname -s | tr '[:upper:]' '[:lower:]')
TARBALL="dist/HoaGiai-$VERSION-$OS-$ARCH.tar.gz"
step "pack $TARBALL"
tar -C dist -czf "$TARBALL" HoaGiai

end=$(date +%s.%N)
printf '\n== done\nbuild time: %.0f s\nbundle: %s (%s)\narchive: %s (%s)\n' \
  "$(echo "$end - $start" | bc)" dist/HoaGiai "$(du -sh dist/HoaGiai | cut -f1)" \
  "$TARBALL" "$(du -h "$TARBALL" | cut -f1)"
