"""Render every official output on the demo commune and save page images here (``pdftoppm -r 80 -png``).

    .venv/bin/python docs/reports/make_pages.py

The demo data is anchored on 20/11/2026 (seed 1) so the pages are the same on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from sqlalchemy import select  # noqa: E402

from hoagiai_desktop.demo import generate  # noqa: E402
from hoagiai_desktop.domain import models as m  # noqa: E402
from hoagiai_desktop.domain.enums import Result  # noqa: E402
from hoagiai_desktop.reports.render import render_report  # noqa: E402
from hoagiai_desktop.storage.opening import open_database  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hoagiai-pages-"))
    os.environ.setdefault("HOAGIAI_DATA_DIR", str(work))
    db = open_database(work / "demo.sqlite3")
    generate(db, size="commune", seed=1, today=TODAY)
    with db.reading() as s:
        team = s.scalars(select(m.Team).where(m.Team.dissolved_on.is_(None)).order_by(m.Team.code)).first()
        case = s.scalars(
            select(m.Case)
            .where(m.Case.result == Result.THANH, m.Case.agreement.is_not(None))
            .order_by(m.Case.ended_on.desc())
        ).first()
        event = s.scalars(select(m.TrainingEvent).order_by(m.TrainingEvent.end_on.desc())).first()
    assert team and case and event
    jobs = [
        ("thong-ke", "2026-H1", {}),
        ("so-theo-doi", "2025", {"team_code": team.code}),
        ("bao-cao", "2025", {"narrative": {
            "kho_khan": "Kinh phí hỗ trợ hoạt động của tổ hòa giải còn thấp; một số hòa giải viên lớn tuổi.",
            "de_xuat": "Đề nghị Sở Tư pháp tiếp tục mở lớp tập huấn chuyên sâu cho tổ trưởng tổ hòa giải."}}),
        ("de-an", "2025", {}),
        ("danh-sach", "2026-H1", {}),
        ("tap-huan", None, {"event_code": event.code}),
        ("van-ban-hgt", None, {"case_code": case.code}),
    ]  # fmt: skip
    for old in HERE.glob("*.png"):
        old.unlink()
    for form, period, kw in jobs:
        pdf = work / f"{form}.pdf"
        result = render_report(db, form, period, pdf, number="12", issued_on=TODAY, **kw)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(HERE / form)], check=True)
        print(f"{form}: {result.pages} page(s)")
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
