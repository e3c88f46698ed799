"""Render the icon master resources/icons/hoagiai.svg to PNGs and a Windows .ico (build step, outputs not committed).

Qt's SVG renderer draws the master (PySide6 is in the build venv); Pillow packs the sizes into the .ico.
Writes build/icons/hoagiai-<size>.png, build/icons/hoagiai.png (256 px) and build/icons/hoagiai.ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "resources" / "icons" / "hoagiai.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (QImage painting needs one)
    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {MASTER}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"hoagiai-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    biggest = Image.open(out_dir / "hoagiai-256.png")
    biggest.save(out_dir / "hoagiai.png")
    ico = out_dir / "hoagiai.ico"
    biggest.save(ico, format="ICO", sizes=[(s, s) for s in SIZES])
    written += [out_dir / "hoagiai.png", ico]
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for p in render(target):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
