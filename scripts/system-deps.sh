#!/usr/bin/env bash
# System packages a fresh Debian/Ubuntu machine needs: Qt's offscreen/xcb libraries, fonts with Vietnamese glyphs,
# poppler (PDF read-back in tests), PostgreSQL (server tests), NSIS (installer syntax check), Xvfb (screenshots),
# LibreOffice Calc without a GUI (the export → LibreOffice → import round trip of tests/hostile).
# Installs only what is missing; does nothing on other systems.
set -euo pipefail
command -v apt-get >/dev/null || exit 0
packages=(
  libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
  fonts-dejavu-core fonts-liberation2 poppler-utils
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth x11-utils xdotool imagemagick
  postgresql nsis strace
  libreoffice-calc-nogui
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
