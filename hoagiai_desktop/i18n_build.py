"""Compile the translation catalogues (build step, run by the installer and CI; outputs are not committed).

``i18n/<lang>.po`` → ``hoagiai_desktop/locale/<lang>/LC_MESSAGES/hoagiai_desktop.mo``, and
``i18n/qtbase_vi.ts`` → ``hoagiai_desktop/locale/qtbase_vi.qm`` when ``pyside6-lrelease`` is available.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "i18n"
TARGET = Path(__file__).resolve().parent / "locale"
DOMAIN = "hoagiai_desktop"


def compile_catalogues() -> list[Path]:
    written: list[Path] = []
    for po in sorted(SOURCE.glob("*.po")):
        lang = po.stem
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        out = TARGET / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(out)
    for ts in sorted(SOURCE.glob("*.ts")):
        lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
        if Path(lrelease).exists() or shutil.which(lrelease):
            out = TARGET / f"{ts.stem}.qm"
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(out)], check=True)
            written.append(out)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(path.relative_to(ROOT))
