#!/usr/bin/env bash
# Smoke-test the frozen bundle on Linux: build it (unless SKIP_BUILD=1 and dist/HoaGiai exists), then run the
# frozen program with a clean environment and an empty data folder:
#   --version, --help (Vietnamese), demo, stats (text and JSON), export, report (PDF read back with pdftotext),
#   the window (under Xvfb: waits until it is visible, takes a screenshot, closes it; offscreen when there is no
#   Xvfb: it must still be running after a few seconds with no error in the log),
#   no network: the CLI commands run under strace and no AF_INET/AF_INET6 connect() may appear,
#   and the NSIS script compiles with makensis against this bundle (syntax check; the payload is Linux's).
# Prints the measured build time and sizes. Exit code non-zero on the first failure.
#
#   bash installer/smoke_test.sh                 # full: build + checks
#   SKIP_BUILD=1 bash installer/smoke_test.sh    # checks only
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIST="$ROOT/dist/HoaGiai"
WORK=$(mktemp -d /tmp/hoagiai-smoke.XXXXXX)
OUT="$ROOT/build/smoke"
mkdir -p "$OUT"
PERIOD=${SMOKE_PERIOD:-2025}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { printf '  ok   %s\n' "$1"; }
fail() { printf '  FAIL %s\n' "$1" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -x "$DIST/hoagiai-cli" ]; then
  t0=$(date +%s)
  bash installer/build.sh | tee "$OUT/build.log"
  BUILD_SECONDS=$(( $(date +%s) - t0 ))
else
  BUILD_SECONDS="(not built in this run)"
fi

# The frozen app must not depend on the developer's environment: start from an empty one.
run() {
  env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 QT_QPA_PLATFORM="${PLATFORM:-offscreen}" \
    ${DISPLAY_VAR:+DISPLAY=$DISPLAY_VAR} HOAGIAI_DATA_DIR="$WORK/data" "$@"
}
CLI="$DIST/hoagiai-cli"
DB="$WORK/demo.sqlite3"
mkdir -p "$WORK/home" "$WORK/data"
echo "== bundle contents"
PKG="$DIST/_internal/hoagiai_desktop"
for f in locale/vi/LC_MESSAGES/hoagiai_desktop.mo locale/qtbase_vi.qm storage/migrations/env.py \
         resources/fonts/LiberationSerif-Regular.ttf resources/icons/hoagiai.png; do
  [ -f "$PKG/$f" ] || fail "missing from the bundle: hoagiai_desktop/$f"
done
ls "$PKG"/storage/migrations/versions/*.py >/dev/null 2>&1 || fail "no migration revisions in the bundle"
if ls hoagiai_desktop/reports/forms/*.json >/dev/null 2>&1; then
  ls "$PKG"/reports/forms/*.json >/dev/null 2>&1 || fail "no form definitions in the bundle"
fi
pass "catalogues (.mo, qtbase_vi.qm), migrations, fonts, icons and form definitions are in the bundle"
if ls "$ROOT"/build/venv/lib/python3*/site-packages/PySide6/QtPdf.* >/dev/null 2>&1; then
  ls "$DIST"/_internal/PySide6/QtPdf.* >/dev/null 2>&1 || fail "QtPdf (report preview) is missing from the bundle"
  pass "QtPdf is in the bundle (report preview without poppler)"
fi
if ls "$DIST"/_internal/PySide6/Qt/lib/ 2>/dev/null | grep -q -E "libQt6(Quick|Qml)"; then
  fail "Qt Quick/QML libraries crept into the bundle"
fi

echo "== frozen command line"

version_expected=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' hoagiai_desktop/__init__.py)
out=$(run "$CLI" --version)
[ "$out" = "HoaGiai Desktop $version_expected" ] && pass "--version: $out" || fail "--version printed '$out'"

run "$CLI" --help >"$WORK/help.txt"
grep -q "hoagiai" "$WORK/help.txt" || fail "--help"
grep -q "tệp dữ liệu" "$WORK/help.txt" || fail "--help is not in Vietnamese"
commands=$(run "$CLI" --help | sed -n 's/^    \([a-z_][a-z_]*\)  .*/\1/p' | tr '\n' ' ')
pass "--help lists: $commands"
have() { case " $commands " in *" $1 "*) return 0;; esac; return 1; }
require() {
  have "$1" && return 0
  if [ "${ALLOW_MISSING:-0}" = "1" ]; then printf '  skip %s (not in this build)\n' "$1"; return 1; fi
  fail "command '$1' is missing from the bundle"
}

# strace (when present) proves that no command opens an internet socket.
NET_LOG="$WORK/net.log"
traced() {
  if command -v strace >/dev/null; then
    run strace -f -qq -e trace=connect -o "$NET_LOG.$1" "${@:2}"
  else
    run "${@:2}"
  fi
}

if require demo; then
  traced demo "$CLI" --db "$DB" demo >"$WORK/demo.out" 2>&1 || { cat "$WORK/demo.out"; fail "demo"; }
  [ -s "$DB" ] && pass "demo wrote $(du -h "$DB" | cut -f1) data file" || fail "demo wrote no data file"
fi
if require stats; then
  traced stats "$CLI" --db "$DB" stats --period "$PERIOD" >"$OUT/stats.txt" 2>&1 || { cat "$OUT/stats.txt"; fail "stats"; }
  run "$CLI" --db "$DB" stats --period "$PERIOD" --json >"$OUT/stats.json" || fail "stats --json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, dict) and d" "$OUT/stats.json" \
    && pass "stats --period $PERIOD (text $(wc -l <"$OUT/stats.txt") lines, JSON keys: $(python3 -c "import json,sys; print(', '.join(list(json.load(open(sys.argv[1])))[:4]))" "$OUT/stats.json"))" \
    || fail "stats --json is not a JSON object"
  run "$CLI" --lang en --db "$DB" stats --period "$PERIOD" >"$WORK/stats-en.txt" || fail "stats --lang en"
  cmp -s "$OUT/stats.txt" "$WORK/stats-en.txt" && fail "stats output is the same in Vietnamese and English" \
    || pass "stats --lang en differs from the Vietnamese output"
fi
if require export; then
  traced export "$CLI" --db "$DB" export "$OUT/export.xlsx" >"$WORK/export.out" 2>&1 || { cat "$WORK/export.out"; fail "export"; }
  [ -s "$OUT/export.xlsx" ] && pass "export wrote $(du -h "$OUT/export.xlsx" | cut -f1) workbook" || fail "export wrote nothing"
fi
if require report; then
  FORM=${SMOKE_FORM:-thong-ke}
  traced report "$CLI" --db "$DB" report "$FORM" --period "$PERIOD" --out "$OUT/report.pdf" >"$WORK/report.out" 2>&1 \
    || { cat "$WORK/report.out"; fail "report $FORM"; }
  if command -v pdftotext >/dev/null; then
    pdftotext "$OUT/report.pdf" "$WORK/report.txt"
    grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$WORK/report.txt" \
      && pass "report $FORM: PDF with the national heading ($(du -h "$OUT/report.pdf" | cut -f1))" \
      || fail "report PDF does not contain the national heading"
  else
    [ -s "$OUT/report.pdf" ] && pass "report $FORM wrote a PDF" || fail "report wrote nothing"
  fi
fi
if run "$CLI" --db "$WORK/data" stats --period "$PERIOD" >"$WORK/err.out" 2>&1; then
  fail "a folder given as --db was accepted"
else
  [ "$(wc -l <"$WORK/err.out")" -le 2 ] && ! grep -q Traceback "$WORK/err.out" \
    && pass "a user error prints one sentence: $(head -1 "$WORK/err.out")" || { cat "$WORK/err.out"; fail "user error output"; }
fi

if command -v strace >/dev/null; then
  if cat "$NET_LOG".* 2>/dev/null | grep -E "AF_INET6?[,}]" >"$WORK/net-hits"; then
    cat "$WORK/net-hits" >&2; fail "an internet connection was attempted"
  fi
  pass "no AF_INET/AF_INET6 connect() in $(cat "$NET_LOG".* 2>/dev/null | grep -c . || true) traced connect() calls (all local)"
fi

echo "== frozen window"
APP="$DIST/HoaGiai"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  DISPLAY_NUM=${SMOKE_DISPLAY:-93}
  Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done
  PLATFORM=xcb DISPLAY_VAR=":$DISPLAY_NUM" run "$APP" --db "$DB" >"$WORK/window.out" 2>&1 &
  app=$!
  pids+=($app)
  wid=$(DISPLAY=":$DISPLAY_NUM" timeout 40 xdotool search --sync --onlyvisible --name "HoaGiai" 2>/dev/null | head -1 || true)
  [ -n "$wid" ] || { cat "$WORK/window.out"; fail "the window did not appear within 40 s"; }
  title=$(DISPLAY=":$DISPLAY_NUM" xdotool getwindowname "$wid")
  sleep 1.5
  if command -v import >/dev/null; then DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/window.png" 2>/dev/null || true; fi
  kill -0 "$app" 2>/dev/null || fail "the window process exited"
  kill -TERM "$app"; wait "$app" 2>/dev/null || true
  pass "window shown: \"$title\"${OUT:+ (screenshot build/smoke/window.png)}"
else
  run timeout 8 "$APP" --db "$DB" >"$WORK/window.out" 2>&1 && status=0 || status=$?
  [ "$status" = "124" ] || { cat "$WORK/window.out"; fail "the window exited early (status $status)"; }
  pass "window ran offscreen for 8 s"
fi
if grep -q -E "ERROR|Traceback" "$WORK/data/logs/hoagiai.log" 2>/dev/null; then
  grep -E -A5 "ERROR|Traceback" "$WORK/data/logs/hoagiai.log" >&2; fail "errors in the log"
fi
pass "log has no errors"

echo "== NSIS script (syntax check against this bundle)"
if command -v makensis >/dev/null; then
  makensis -V2 -DNOCOMPRESS -DPAYLOAD="$DIST" -DVERSION="$version_expected" -DICON="$ROOT/build/icons/hoagiai.ico" \
    -DOUTFILE="$WORK/HoaGiai-setup.exe" installer/hoagiai.nsi >"$WORK/nsis.log" 2>&1 || { cat "$WORK/nsis.log"; fail "makensis"; }
  file "$WORK/HoaGiai-setup.exe" | grep -q "Nullsoft Installer" && pass "makensis compiled hoagiai.nsi" || fail "makensis output"
else
  printf '  skip makensis not installed\n'
fi

echo "== sizes"
tarball=$(ls -t dist/HoaGiai-*.tar.gz 2>/dev/null | head -1 || true)
echo "build time: ${BUILD_SECONDS} s"
echo "bundle dist/HoaGiai: $(du -sh "$DIST" | cut -f1) ($(find "$DIST" -type f | wc -l) files)"
[ -n "$tarball" ] && echo "archive $tarball: $(du -h "$tarball" | cut -f1)"
echo "smoke test passed"
