"""Render every official output and save a few page images here (``pdftoppm -r 80 -png``) to look at.

    .venv/bin/python docs/reports/make_pages.py            # the demo commune and the edge cases
    .venv/bin/python docs/reports/make_pages.py --province # also the province-size roster (≈ 1 min)

Kept: the first and the last page of each paper (the last page shows the signature block kept with the content),
named ``<case>-<form>-<page>.png``. Cases: ``commune`` (the demo commune, seed 1, anchored on 20/11/2026 so the
pages are the same on every run), ``empty`` (a commune with no data yet), ``tones`` (names with every tone
mark, the kind word typed into the name), ``noteam`` (a team with no case), ``long`` (an agreement of 20,000
characters), ``book200`` (a logbook of about 200 pages) and ``province`` (the province-size roster).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from pypdf import PdfReader  # noqa: E402
from sqlalchemy import select  # noqa: E402

from hoagiai_desktop.demo import generate  # noqa: E402
from hoagiai_desktop.domain import models as m  # noqa: E402
from hoagiai_desktop.domain.enums import Category, Result, Role, Sex, UnitKind  # noqa: E402
from hoagiai_desktop.reports.render import render_report  # noqa: E402
from hoagiai_desktop.storage.opening import open_database  # noqa: E402

TODAY = dt.date(2026, 11, 20)
D = dt.date
# Every tone mark on every kind of vowel: ngang, huyền, hỏi, ngã, sắc, nặng; ă â ê ô ơ ư đ.
TONE_NAMES = [
    "Nguyễn Thị Hường", "Đặng Văn Ẩn", "Lê Thị Ỷ", "Phạm Thị Ngọc Ánh", "Vũ Văn Đức", "Trịnh Thị Ữa",
    "Bùi Văn Ỗ", "Hoàng Thị Ẽ", "Lương Văn Ợt", "Đoàn Thị Ấu", "Mạc Văn Ừng", "Tạ Thị Ặn",
]  # fmt: skip


def pages_of(pdf: Path, stem: str) -> None:
    """Save the first and the last page of ``pdf`` as ``<stem>-<n>.png`` (only the last for the long edge cases:
    their first page is the same as the commune's)."""
    count = len(PdfReader(str(pdf)).pages)
    for page in sorted({count} if stem.startswith(("long-", "book200-")) else {1, count}):
        prefix = HERE / f"{stem}-{page}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(prefix)], check=True)  # fmt: skip
    print(f"{stem}: {count} page(s)")


def render(db: Any, work: Path, stem: str, form: str, period: str | None, **kw: Any) -> None:
    pdf = work / f"{stem}.pdf"
    render_report(db, form, period, pdf, number=kw.pop("number", "12"), issued_on=TODAY, **kw)
    pages_of(pdf, stem)


def commune(work: Path) -> None:
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
        ("danh-sach", "2026-H1", {"number": "5"}),
        ("tap-huan", None, {"event_code": event.code}),
        ("van-ban-hgt", None, {"case_code": case.code}),
    ]  # fmt: skip
    for form, period, kw in jobs:
        render(db, work, f"commune-{form}", form, period, **kw)
    with db.transaction() as s:  # the same agreement, 20,000 characters long
        row = s.get(m.Case, case.id)
        assert row is not None
        row.agreement = " ".join(f"Khoản {i:03d}: hai bên cam kết thực hiện đúng phần việc của mình, "
                                 "không để phát sinh tranh chấp mới." for i in range(1, 230))[:20_000]  # fmt: skip
    render(db, work, "long-van-ban-hgt", "van-ban-hgt", None, case_code=case.code)
    with db.reading() as s:
        team_code = s.get(m.Team, case.team_id).code  # type: ignore[union-attr]
        year = str(case.received_on.year)
    render(db, work, "long-so-theo-doi", "so-theo-doi", year, team_code=team_code)
    db.dispose()


def small_commune(work: Path, name: str) -> Any:
    db = open_database(work / f"{name}.sqlite3")
    with db.transaction() as s:
        s.add(m.Unit(province="Tỉnh Thái Nguyên", name="Xã Tân Hòa", kind=UnitKind.XA, place_name="Tân Hòa",
                     chairman_name="Nguyễn Văn Ân", vice_chairman_name="Trần Thị Bình", signer_is_vice=True))  # fmt: skip
    return db


def edge_cases(work: Path) -> None:
    db = small_commune(work, "empty")  # no data at all
    for form in ("thong-ke", "bao-cao", "danh-sach"):
        render(db, work, f"empty-{form}", form, "2026-H1")
    db.dispose()

    db = small_commune(work, "tones")
    with db.transaction() as s:
        village = m.Village(code="V01", name="Thôn Ẳng Nưa", ethnic_area=True)
        team = m.Team(
            code="T01", name="Tổ hòa giải thôn Ẳng Nưa", village=village, decision_date=D(2020, 1, 1)
        )
        quiet = m.Team(code="T02", name="Tổ hòa giải thôn Ỷ La", village=village, decision_date=D(2020, 1, 1))
        s.add_all([village, team, quiet])
        for i, name in enumerate(TONE_NAMES, start=1):
            mediator = m.Mediator(code=f"M{i:02d}", full_name=name, sex=Sex.NU if "Thị" in name else Sex.NAM,
                                  birth_year=1960 + i, ethnicity="Tày" if i % 3 == 0 else "Kinh")  # fmt: skip
            s.add(mediator)
            for t in (team, quiet) if i == 5 else (team if i <= 6 else quiet,):
                role = (
                    Role.TO_TRUONG if i in (1, 7) and t is (team if i == 1 else quiet) else Role.HOA_GIAI_VIEN
                )
                s.add(m.Membership(mediator=mediator, team=t, role=role, start_date=D(2020, 1, 1),
                                   recognition_no="01/QĐ-UBND", recognition_date=D(2020, 1, 1)))  # fmt: skip
        for k in range(1, 801):  # about 200 pages of logbook
            c = m.Case(code=f"VV-{k:04d}", team=team, received_on=D(2026, 1, 1) + dt.timedelta(days=k % 300),
                       category=Category.DAN_SU, summary=f"Tranh chấp lối đi chung giữa hai hộ, lần {k}",
                       result=Result.THANH, ended_on=D(2026, 1, 2) + dt.timedelta(days=k % 300),
                       agreement="Hai bên thống nhất mở lối đi chung rộng 1,5 m dọc ranh giới phía đông thửa đất, "
                       "cùng chia đều chi phí đổ bê tông; hộ ông Ẩn tháo dỡ hàng rào tạm trước ngày 30; hộ bà Hường "
                       "không để vật liệu xây dựng trên lối đi; hai bên cam kết không tái phạm.")  # fmt: skip
            c.parties.append(m.Party(name=TONE_NAMES[k % 12], birth_year=1970, address="Thôn Ẳng Nưa"))
            s.add(c)
    render(db, work, "tones-danh-sach", "danh-sach", "2026")
    render(db, work, "noteam-so-theo-doi", "so-theo-doi", "2026", team_code="T02")
    render(db, work, "book200-so-theo-doi", "so-theo-doi", "2026", team_code="T01")
    db.dispose()


def province(work: Path) -> None:
    db = open_database(work / "province.sqlite3")
    generate(db, size="province", seed=1, today=TODAY)
    render(db, work, "province-danh-sach", "danh-sach", "2026-H1")
    db.dispose()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hoagiai-pages-"))
    os.environ.setdefault("HOAGIAI_DATA_DIR", str(work))
    for old in HERE.glob("*.png"):
        old.unlink()
    try:
        commune(work)
        edge_cases(work)
        if "--province" in sys.argv:
            province(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
