"""A small commune built with the ORM, with hand-worked figures (see the docstring of ``commune``)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import (
    Background,
    Category,
    LegalQualification,
    PartyKind,
    Result,
    Role,
    Sex,
    TrainingKind,
    UnitKind,
    VillageKind,
)
from hoagiai_desktop.domain.periods_regimes import store_regime

D = dt.date


def _mediator(code: str, name: str, sex: Sex, **kw: Any) -> m.Mediator:
    return m.Mediator(code=code, full_name=name, sex=sex, birth_year=kw.pop("birth_year", 1970), **kw)


TODAY = dt.date(2027, 1, 20)  # the 2026 reports below are printed once 2026 is over (DOMAIN §4)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoagiai_desktop.domain import periods

    monkeypatch.setattr(periods, "today", lambda: TODAY)


@pytest.fixture
def commune(db: Any) -> Any:
    """Xã Tân Lập: T01 (4 mediators, compliant), T02 (2 men, ethnic area: non-compliant), T03 dissolved 2025.

    2026 cases — T01: C01 dân sự thành (10/01–20/01), C02 HNGĐ không thành (05/02–01/03), C03 mâu thuẫn received
    10/06 and assigned 11/06 (open), C04 dân sự received 01/12/2025, thành 05/01/2026 (carried);
    T02: C05 vi phạm thành (03/03–10/03), C06 ngoài phạm vi (01/04). Training E01 (cơ bản, ends 15/03/2026)
    attended by M01, M02, M03. The province asks for the TT 03/2019 regime (Settings), so 2026-H1 and 2026-Y1
    carry estimates — the hand-worked estimates below are for that regime.
    """
    with db.transaction() as s:
        s.add(
            m.Unit(
                province="Phú Thọ", name="Tân Lập", kind=UnitKind.XA, place_name="Tân Lập",
                chairman_name="Nguyễn Văn An", vice_chairman_name="Trần Thị Bình", signer_is_vice=True,
                justice_officer_name="Lê Thị Hường",
            )
        )  # fmt: skip
        v1 = m.Village(code="V01", name="Thôn Đông", kind=VillageKind.THON)
        v2 = m.Village(code="V02", name="Bản Mường Ẳng", kind=VillageKind.BAN, ethnic_area=True)
        s.add_all([v1, v2])
        t1 = m.Team(code="T01", name="Tổ hòa giải thôn Đông", village=v1, decision_date=D(2020, 1, 1))
        t2 = m.Team(code="T02", name="Tổ hòa giải bản Mường Ẳng", village=v2, decision_date=D(2020, 1, 1))
        t3 = m.Team(code="T03", name="Tổ hòa giải xóm Cũ", village=v1, decision_date=D(2020, 1, 1),
                    dissolved_on=D(2025, 1, 1))  # fmt: skip
        s.add_all([t1, t2, t3])
        md = [
            _mediator("M01", "Nguyễn Thị Hường", Sex.NU, ethnicity="Tày"),
            _mediator("M02", "Đặng Văn Ẩn", Sex.NAM, background=Background.LUAT_SU),
            _mediator("M03", "Phạm Thị Ngọc Ánh", Sex.NU, legal_qualification=LegalQualification.DAI_HOC),
            _mediator("M04", "Vũ Văn Đức", Sex.NAM),
            _mediator("M05", "Lò Văn Sơn", Sex.NAM),
            _mediator("M06", "Hoàng Văn Tuấn", Sex.NAM),
            _mediator("M07", "Bùi Văn Cũ", Sex.NAM),
        ]
        s.add_all(md)
        start = D(2020, 1, 1)
        for mediator, team, role in [
            (md[0], t1, Role.TO_TRUONG), (md[1], t1, Role.HOA_GIAI_VIEN), (md[2], t1, Role.HOA_GIAI_VIEN),
            (md[3], t1, Role.HOA_GIAI_VIEN), (md[4], t2, Role.TO_TRUONG), (md[5], t2, Role.HOA_GIAI_VIEN),
        ]:  # fmt: skip
            s.add(m.Membership(mediator=mediator, team=team, role=role, start_date=start,
                               recognition_no="01/QĐ-UBND", recognition_date=start))  # fmt: skip
        s.add(
            m.Membership(
                mediator=md[6], team=t3, role=Role.TO_TRUONG, start_date=start, end_date=D(2025, 1, 1)
            )
        )

        def case(code: str, team: m.Team, received: dt.date, cat: Category, **kw: Any) -> m.Case:
            c = m.Case(code=code, team=team, received_on=received, category=cat,
                       summary=kw.pop("summary", f"Nội dung vụ việc {code}: tranh chấp ranh giới đất"), **kw)  # fmt: skip
            s.add(c)
            return c

        c1 = case("C01", t1, D(2026, 1, 10), Category.DAN_SU, result=Result.THANH, ended_on=D(2026, 1, 20),
                  agreement="Hai bên thống nhất trả lại 2 m² đất lấn chiếm.",
                  rights_obligations="Ông Ẩn có nghĩa vụ trả lại đất; bà Hường có quyền sử dụng phần đất.",
                  execution_method="Trả đất trước ngày 30/01/2026.")  # fmt: skip
        c1.parties.append(
            m.Party(name="Trịnh Văn Ẩn", birth_year=1965, address="Thôn Đông", kind=PartyKind.CA_NHAN)
        )
        c1.parties.append(m.Party(name="Ngô Thị Hường", birth_year=1972, address="Thôn Đông"))
        c1.assignments.append(m.Assignment(mediator=md[0], assigned_on=D(2026, 1, 11)))
        c1.sessions.append(m.MediationSession(held_on=D(2026, 1, 12), place="Nhà văn hóa thôn Đông"))
        c1.invitees.append(m.Invitee(name="Đỗ Văn Trưởng", note="trưởng thôn"))
        c2 = case("C02", t1, D(2026, 2, 5), Category.HON_NHAN_GIA_DINH, result=Result.KHONG_THANH,
                  ended_on=D(2026, 3, 1))  # fmt: skip
        c2.parties.append(m.Party(name="Lê Văn Tám", birth_year=1980))
        c2.assignments.append(m.Assignment(mediator=md[1], assigned_on=D(2026, 2, 6)))
        c3 = case("C03", t1, D(2026, 6, 10), Category.MAU_THUAN)
        c3.assignments.append(m.Assignment(mediator=md[2], assigned_on=D(2026, 6, 11)))
        case("C04", t1, D(2025, 12, 1), Category.DAN_SU, result=Result.THANH, ended_on=D(2026, 1, 5),
             agreement="Thỏa thuận chia lối đi chung.")  # fmt: skip
        case("C05", t2, D(2026, 3, 3), Category.VI_PHAM, result=Result.THANH, ended_on=D(2026, 3, 10),
             agreement="Bồi thường 500.000 đồng.", summary="Đánh nhau gây thương tích nhẹ ở bản Mường Ẳng")  # fmt: skip
        case(
            "C06",
            t2,
            D(2026, 4, 1),
            Category.NGOAI_PHAM_VI,
            guidance="Hướng dẫn đến Tòa án nhân dân khu vực.",
        )
        ev = m.TrainingEvent(code="E01", title="Tập huấn kỹ năng hòa giải ở cơ sở năm 2026", kind=TrainingKind.CO_BAN,
                             start_on=D(2026, 3, 14), end_on=D(2026, 3, 15), hours=8, venue="Hội trường UBND xã")  # fmt: skip
        s.add(ev)
        store_regime(s, "tt03-2019")
        for mediator in md[:3]:
            s.add(m.Attendance(event=ev, mediator=mediator, present=True))
        s.add(
            m.GuestAttendee(event=ev, name="Lê Thị Hường", unit="UBND xã Tân Lập", role="Công chức Tư pháp")
        )
    return db


def pdf_text(path: Path, *, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    return unicodedata.normalize("NFC", out)


def pdf_fonts(path: Path) -> list[str]:
    """Lines of ``pdffonts`` after its two header lines."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True).stdout.decode()
    return out.splitlines()[2:]


def page_sizes(path: Path) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


NUMBER = re.compile(r"^\d+(,\d)?\*?$")
