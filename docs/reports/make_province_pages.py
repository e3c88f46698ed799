"""Render the province's papers (DOMAIN §8) on the sample province and save their pages here to look at.

    .venv/bin/python docs/reports/make_province_pages.py

Writes ``province-<form>-<page>.png`` (``pdftoppm -r 80 -png``) for the statistical report (``thong-ke``), the Đề
án report with its per-commune table (``de-an``) and the completeness list (``danh-sach-nop``), made with
``hoagiai province report --form …`` on ``tests/province/sample.py`` (twelve communes, nine reported).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.province.sample import make_province_sample  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = make_province_sample(Path(tmp) / "province.sqlite3")
        for form in ("thong-ke", "de-an", "danh-sach-nop"):
            pdf = Path(tmp) / f"{form}.pdf"
            subprocess.run(["hoagiai", "--db", str(db), "province", "report", "--form", form, "--period", "2025",
                            "--out", str(pdf)], check=True)  # fmt: skip
            for old in HERE.glob(f"province-{form}-*.png"):
                old.unlink()
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", str(pdf), str(HERE / f"province-{form}")], check=True
            )


if __name__ == "__main__":
    main()
