"""Importing the standard workbook: happy path, idempotence, every error kind leaves the database unchanged."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import AuditAction, CaseEndReason, Category, EndReason, Result, Role, Sex
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import set_language
from hoagiai_desktop.interchange import ImportCancelled, import_workbook, write_error_report
from hoagiai_desktop.storage.database import Database
from tests.interchange.conftest import sample_rows, snapshot

MakeWb = Callable[..., Path]


def _problem_at(report: Any) -> set[tuple[str, int | None, str | None]]:
    return {(p.sheet, p.row, p.column) for p in report.errors}


def test_happy_path_stores_every_sheet(db: Database, workbook: MakeWb) -> None:
    report = import_workbook(db, workbook())
    assert report.ok, report.problems
    assert report.written
    assert {k: (c.added, c.updated, c.unchanged) for k, c in report.counts.items()} == {
        "ThonTo": (2, 0, 0), "ToHoaGiai": (2, 0, 0), "HoaGiaiVien": (5, 0, 0),
        "VuViec": (5, 0, 0), "TapHuan": (1, 0, 0), "DiemDanh": (3, 0, 0),
    }  # fmt: skip
    with db.reading() as s:
        bpu = s.scalars(select(m.Village).where(m.Village.code == "T02")).one()
        assert (bpu.name, bpu.kind.vi, bpu.ethnic_area, bpu.households) == ("Bản Pù", "Bản", True, 80)
        team = s.scalars(select(m.Team).where(m.Team.code == "THG01")).one()
        assert team.decision_date == dt.date(2020, 1, 15) and team.legal_support
        assert team.legal_support_name == "Lê Văn Luật" and team.name_fold == "to hoa giai thon dong thg01"
        cuong = s.scalars(select(m.Mediator).where(m.Mediator.code == "HGV03")).one()
        assert (cuong.full_name, cuong.birth_year, cuong.sex, cuong.ethnicity) == (
            "Lò Văn Cương",
            1975,
            Sex.NAM,
            "Thái",
        )
        spans = sorted(
            (ms.team.code, ms.role, ms.start_date, ms.end_date, ms.end_reason) for ms in cuong.memberships
        )
        assert spans == [
            ("THG01", Role.HOA_GIAI_VIEN, dt.date(2021, 3, 1), dt.date(2023, 6, 1), EndReason.NGUYEN_VONG),
            ("THG02", Role.TO_TRUONG, dt.date(2020, 1, 20), None, None),
        ]
        dung = s.scalars(select(m.Mediator).where(m.Mediator.code == "HGV04")).one()
        assert dung.memberships[0].role is Role.HOA_GIAI_VIEN  # blank Vai trò
        vv1 = s.scalars(select(m.Case).where(m.Case.code == "VV01")).one()
        assert (vv1.result, vv1.end_reason, vv1.ended_on) == (
            Result.THANH,
            CaseEndReason.THANH,
            dt.date(2025, 2, 8),
        )
        assert [(p.name, p.birth_year, p.address) for p in vv1.parties] == [
            ("Nguyễn Văn Xuân", 1960, "thôn Đông"), ("Trần Văn Yên", 1962, "xóm 2, thôn Đông")]  # fmt: skip
        assert sorted((a.mediator.code, a.assigned_on) for a in vv1.assignments) == [
            ("HGV01", dt.date(2025, 2, 6)), ("HGV02", dt.date(2025, 2, 6))]  # fmt: skip
        assert [x.held_on for x in vv1.sessions] == [dt.date(2025, 2, 8)]
        assert "xuan" in vv1.search_fold
        vv3 = s.scalars(select(m.Case).where(m.Case.code == "VV03")).one()
        assert vv3.result is None and vv3.assignments == [] and vv3.parties[0].birth_year is None
        vv4 = s.scalars(select(m.Case).where(m.Case.code == "VV04")).one()
        assert (vv4.result, vv4.end_reason) == (Result.KHONG_THANH, CaseEndReason.KHONG_THANH)
        assert s.scalars(select(m.Case).where(m.Case.code == "VV05")).one().category is Category.NGOAI_PHAM_VI
        present = {(a.mediator.code, a.present) for a in s.scalars(select(m.Attendance))}
        assert present == {("HGV01", True), ("HGV02", True), ("HGV03", False)}
        audit = s.scalars(select(m.AuditEntry)).all()
        assert [(a.action, a.entity) for a in audit] == [
            (AuditAction.IMPORT, "workbook")
        ]  # one summary entry only
        assert json.loads(audit[0].fields or "")["VuViec"] == {"added": 5, "updated": 0, "unchanged": 0}


def test_second_import_changes_nothing(db: Database, db_path: Path, workbook: MakeWb) -> None:
    path = workbook()
    assert import_workbook(db, path).written
    before = snapshot(db_path)
    again = import_workbook(db, path)
    assert again.ok and not again.written
    assert all(c.added == 0 and c.updated == 0 for c in again.counts.values())
    assert again.counts["HoaGiaiVien"].unchanged == 5 and again.counts["VuViec"].unchanged == 5
    assert snapshot(db_path) == before  # not even an audit entry or a backup


def test_changed_rows_are_updated_and_counted(db: Database, workbook: MakeWb) -> None:
    import_workbook(db, workbook())
    rows = sample_rows()
    rows["ThonTo"][0][4] = 130  # households
    rows["VuViec"][1][7] = "HGV03; HGV04"  # one more mediator on VV02
    rows["VuViec"][2][6] = None  # VV03's parties cleared
    rows["HoaGiaiVien"].append(["HGV05", "Hà Thị Én", "1990", "nữ", "tay", None, None, None, None,
                                "THG02", "hoa giai vien", None, "2024-05-01", None, None])  # fmt: skip
    report = import_workbook(db, workbook(rows), backup=False)
    assert report.ok, report.problems
    counts = {k: (c.added, c.updated, c.unchanged) for k, c in report.counts.items()}
    assert counts["ThonTo"] == (0, 1, 1)
    assert counts["VuViec"] == (0, 2, 3)
    assert counts["HoaGiaiVien"] == (1, 0, 5)
    with db.reading() as s:
        vv2 = s.scalars(select(m.Case).where(m.Case.code == "VV02")).one()
        assert sorted(a.mediator.code for a in vv2.assignments) == ["HGV03", "HGV04"]
        assert s.scalars(select(m.Case).where(m.Case.code == "VV03")).one().parties == []
        en = s.scalars(select(m.Mediator).where(m.Mediator.code == "HGV05")).one()
        assert (en.sex, en.ethnicity, en.memberships[0].start_date) == (Sex.NU, "Tày", dt.date(2024, 5, 1))


def test_dry_run_counts_but_writes_nothing(db: Database, db_path: Path, workbook: MakeWb) -> None:
    before = snapshot(db_path)
    report = import_workbook(db, workbook(), dry_run=True)
    assert report.ok and not report.written
    assert report.counts["VuViec"].added == 5
    assert snapshot(db_path) == before


def test_backup_is_taken_before_importing_into_a_database_with_data(db: Database, workbook: MakeWb) -> None:
    first = import_workbook(db, workbook())
    assert first.backup_path is None  # the database was empty
    rows = sample_rows()
    rows["ThonTo"][0][1] = "Thôn Đông Mới"
    second = import_workbook(db, workbook(rows))
    assert second.backup_path is not None and second.backup_path.exists()


# ---- every error leaves the database as it was ----------------------------------------------------------------


def _assert_refused(db: Database, db_path: Path, path: Path) -> Any:
    import_workbook(db, _seed_path(path), backup=False)  # a database that already holds data
    before = snapshot(db_path)
    report = import_workbook(db, path, backup=False)
    assert not report.ok and not report.written
    assert snapshot(db_path) == before
    assert all(c.total == 0 for c in report.counts.values())
    return report


def _seed_path(path: Path) -> Path:
    from tests.interchange.conftest import write_workbook

    rows = {"ThonTo": [["T09", "Thôn Chín", "Thôn", "Không", 10]]}
    return write_workbook(path.with_name(path.stem + "-seed.xlsx"), rows)


def _edit(change: Callable[[dict[str, list[list[Any]]]], None]) -> dict[str, list[list[Any]]]:
    rows = sample_rows()
    change(rows)
    return rows


def test_missing_sheet(db: Database, db_path: Path, workbook: MakeWb) -> None:
    report = _assert_refused(db, db_path, workbook(drop=("TapHuan",)))
    assert ("TapHuan", None, None) in _problem_at(report)


def test_missing_required_column(db: Database, db_path: Path, workbook: MakeWb) -> None:
    from tests.interchange.conftest import HEADERS

    headers = dict(HEADERS)
    headers["ThonTo"] = ["Mã thôn", "Tên làng", "Loại", "Vùng dân tộc thiểu số", "Số hộ"]
    report = _assert_refused(db, db_path, workbook(headers=headers))
    assert ("ThonTo", 1, "Tên thôn") in _problem_at(report)


def test_unknown_code(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["VuViec"][2].__setitem__(1, "THG99"))  # VV03 → excel row 4
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("VuViec", 4, "Mã tổ")}
    assert "THG99" in report.errors[0].message


def test_unknown_mediator_in_attendance(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["DiemDanh"].append(["L01", "HGV77", "Có"]))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("DiemDanh", 5, "Mã HGV")}


def test_bad_date(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["HoaGiaiVien"][1].__setitem__(12, "31/02/2020"))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("HoaGiaiVien", 3, "Ngày công nhận")}


def test_future_date(db: Database, db_path: Path, workbook: MakeWb) -> None:
    later = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    rows = _edit(lambda r: r["VuViec"][0].__setitem__(2, later))
    report = _assert_refused(db, db_path, workbook(rows))
    assert ("VuViec", 2, "Ngày tiếp nhận") in _problem_at(report)


def test_duplicate_code(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["ToHoaGiai"].append(["THG01", "Tổ trùng", "T01", None, None, None, None, None]))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("ToHoaGiai", 4, "Mã tổ")}
    assert "2" in report.errors[0].message  # points at the first row holding the code


def test_mediator_of_another_team(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["VuViec"][2].__setitem__(7, "HGV04"))  # VV03 is THG01's, HGV04 is in THG02 only
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("VuViec", 4, "Mã HGV")}


def test_successful_case_without_agreement_is_blocked(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["VuViec"][0].__setitem__(12, None))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("VuViec", 2, "Thỏa thuận")}


def test_mediator_who_is_a_party_is_blocked(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(
        lambda r: r["VuViec"][0].__setitem__(6, "Nguyễn Văn An, 1965, thôn Đông; Trần Văn Yên, 1962")
    )
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("VuViec", 2, "Mã HGV")}


def test_bad_values_are_all_reported_with_their_cells(db: Database, db_path: Path, workbook: MakeWb) -> None:
    def change(r: dict[str, list[list[Any]]]) -> None:
        r["HoaGiaiVien"][0][3] = "Không rõ"  # Giới tính
        r["HoaGiaiVien"][1][4] = "Martian"  # Dân tộc
        r["ThonTo"][1][3] = "có lẽ"  # yes/no
        r["VuViec"][3][10] = "Hoàn tất"  # Kết quả

    report = _assert_refused(db, db_path, workbook(_edit(change)))
    assert _problem_at(report) == {("HoaGiaiVien", 2, "Giới tính"), ("HoaGiaiVien", 3, "Dân tộc"),
                                   ("ThonTo", 3, "Vùng dân tộc thiểu số"), ("VuViec", 5, "Kết quả")}  # fmt: skip
    assert all(p.suggestion for p in report.errors)


def test_unknown_sheet_is_reported_but_not_an_error(db: Database, workbook: MakeWb) -> None:
    path = workbook()
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Sheet1").append(["ghi chép riêng"])
    wb.save(path)
    report = import_workbook(db, path)
    assert report.ok and report.unknown_sheets == ["Sheet1"]
    assert report.warnings[0].sheet == "Sheet1"


# ---- files that are not workbooks ---------------------------------------------------------------------------------


def _refuses_file(db: Database, db_path: Path, path: Path, words: str) -> None:
    set_language("en")
    before = snapshot(db_path)
    with pytest.raises(UserError) as err:
        import_workbook(db, path)
    assert words in str(err.value)
    assert "\n" not in str(err.value)
    assert snapshot(db_path) == before


def test_not_a_spreadsheet(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "ghichu.xlsx"
    path.write_text("Mã thôn;Tên thôn\nT01;Thôn Đông\n", encoding="utf-8")
    _refuses_file(db, db_path, path, "not an Excel workbook")


def test_garbage_bytes(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "rac.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    _refuses_file(db, db_path, path, "not an Excel workbook")


def test_empty_file(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    _refuses_file(db, db_path, path, "empty")


def test_truncated_workbook(db: Database, db_path: Path, workbook: MakeWb) -> None:
    path = workbook()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refuses_file(db, db_path, path, "damaged or incomplete")


def test_zip_that_is_not_a_workbook(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.txt", "not a workbook")
    _refuses_file(db, db_path, path, "not an Excel workbook")


def test_password_protected_workbook(db: Database, db_path: Path, tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE compound file holding "EncryptionInfo" and "EncryptedPackage" streams.
    path = tmp_path / "matkhau.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600
    )
    _refuses_file(db, db_path, path, "password")


def test_damaged_old_xls(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    _refuses_file(db, db_path, path, ".xlsx")


def test_missing_file(db: Database, tmp_path: Path) -> None:
    set_language("en")
    with pytest.raises(UserError, match="does not exist"):
        import_workbook(db, tmp_path / "khong-co.xlsx")


# ---- tolerance ----------------------------------------------------------------------------------------------------


def test_headers_match_ignoring_case_diacritics_spacing_and_extra_columns(
    db: Database, workbook: MakeWb
) -> None:
    from tests.interchange.conftest import HEADERS

    headers = dict(HEADERS)
    headers["ThonTo"] = ["MA THON", "  tên   THÔN ", "loai", "Vung dan toc thieu so", "so ho"]
    headers["DiemDanh"] = ["ma_lop", "Mã hgv", "CÓ MẶT"]
    rows = sample_rows()
    headers["TapHuan"] = [*HEADERS["TapHuan"], "Giảng viên (không dùng)"]
    rows["TapHuan"][0].append("Ông Hải")
    report = import_workbook(db, workbook(rows, headers=headers))
    assert report.ok, report.problems
    assert report.counts["ThonTo"].added == 2 and report.counts["DiemDanh"].added == 3


def test_title_rows_above_the_header_are_skipped(db: Database, workbook: MakeWb) -> None:
    above = {
        "VuViec": [
            ["ỦY BAN NHÂN DÂN XÃ TÂN LẬP"],
            ["SỔ THEO DÕI VỤ VIỆC HÒA GIẢI NĂM 2025"],
            [None],
            ["(kèm theo báo cáo)"],
        ],
        "ThonTo": [["DANH SÁCH THÔN"]],
    }
    path = workbook(above=above)
    wb = openpyxl.load_workbook(path)
    wb["VuViec"].merge_cells("A1:N1")
    wb.save(path)
    rows = sample_rows()
    rows["VuViec"][1][2] = "ngày 10"  # a bad date in the second data row of VuViec
    bad = workbook(rows, above=above)
    report = import_workbook(db, bad)
    assert _problem_at(report) == {("VuViec", 7, "Ngày tiếp nhận")}  # 4 title rows + header + 2nd data row
    good = import_workbook(db, path)
    assert good.ok and good.counts["VuViec"].added == 5


def test_date_and_yes_no_spellings(db: Database, workbook: MakeWb) -> None:
    rows = sample_rows()
    rows["ToHoaGiai"][0][4] = dt.datetime(2020, 1, 15)  # an Excel date cell
    rows["ToHoaGiai"][1][4] = 43845  # the Excel serial of 15/01/2020
    rows["TapHuan"].append(["L02", "Cập nhật luật", "cap nhat", "tinh", "2025-07-01", "2/7/25", "7,5", None])
    rows["ThonTo"][0][3] = "khong"
    rows["ThonTo"][1][3] = 1
    rows["DiemDanh"].append(["L02", "HGV04", "X"])
    report = import_workbook(db, workbook(rows))
    assert report.ok, report.problems
    with db.reading() as s:
        teams = {t.code: t.decision_date for t in s.scalars(select(m.Team))}
        assert teams == {"THG01": dt.date(2020, 1, 15), "THG02": dt.date(2020, 1, 15)}
        l02 = s.scalars(select(m.TrainingEvent).where(m.TrainingEvent.code == "L02")).one()
        assert (l02.start_on, l02.end_on, l02.hours, l02.organiser_level.vi) == (
            dt.date(2025, 7, 1), dt.date(2025, 7, 2), 7.5, "Tỉnh")  # fmt: skip
        assert {v.code: v.ethnic_area for v in s.scalars(select(m.Village))} == {"T01": False, "T02": True}


def test_codes_match_ignoring_case_and_spaces(db: Database, workbook: MakeWb) -> None:
    rows = sample_rows()
    rows["DiemDanh"][0][:2] = ["l01", "hgv 01"]
    assert import_workbook(db, workbook(rows)).ok


def test_two_rows_of_one_mediator_must_agree_on_the_person(db: Database, workbook: MakeWb) -> None:
    rows = sample_rows()
    rows["HoaGiaiVien"][3][2] = 1976  # HGV03's second row: another birth year
    report = import_workbook(db, workbook(rows))
    assert _problem_at(report) == {("HoaGiaiVien", 5, "Năm sinh")}


# ---- progress, cancel, error report -------------------------------------------------------------------------------


def test_progress_is_reported_and_cancel_writes_nothing(
    db: Database, db_path: Path, workbook: MakeWb
) -> None:
    seen: list[tuple[int, int]] = []
    import_workbook(db, workbook(), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    before = snapshot(db_path)
    rows = sample_rows()
    rows["ThonTo"][0][1] = "Thôn Đông Mới"
    with pytest.raises(ImportCancelled):
        import_workbook(db, workbook(rows), cancel=lambda: True)
    assert snapshot(db_path) == before


def test_error_report_lists_every_problem(db: Database, workbook: MakeWb, tmp_path: Path) -> None:
    rows = _edit(lambda r: r["VuViec"][2].__setitem__(1, "THG99"))
    report = import_workbook(db, workbook(rows, drop=("DiemDanh",)))
    out = write_error_report(report.problems, tmp_path / "loi.xlsx")
    ws = openpyxl.load_workbook(out)["LoiNhap"]
    lines = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [line[:3] for line in lines] == [
        ["DiemDanh", None, None], ["VuViec", 3, "Ngày hòa giải"], ["VuViec", 4, "Mã tổ"],
        ["VuViec", 5, "Kết quả"], ["VuViec", 6, "Lĩnh vực"],
    ]  # fmt: skip  # the case rules' warnings (SAMPLE_RULE_WARNINGS) with the error of VV03's unknown team
    assert all(line[3] for line in lines)


def test_same_membership_twice_is_an_error(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["HoaGiaiVien"].append(list(r["HoaGiaiVien"][0])))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("HoaGiaiVien", 7, "Mã tổ")}


def test_result_and_end_date_must_go_together(db: Database, db_path: Path, workbook: MakeWb) -> None:
    def change(r: dict[str, list[list[Any]]]) -> None:
        r["VuViec"][1][11] = "20/03/2025"  # VV02 open, but with an end date
        r["VuViec"][3][11] = None  # VV04 "Không thành" without an end date

    report = _assert_refused(db, db_path, workbook(_edit(change)))
    assert _problem_at(report) == {("VuViec", 3, "Kết quả"), ("VuViec", 5, "Ngày kết thúc")}


def test_parties_cell_spellings() -> None:
    from hoagiai_desktop.interchange.importer import PartyRec, format_parties, parse_parties

    assert parse_parties(
        "Nguyễn Văn A, sinh năm 1970, xóm 3, thôn Đông ;Trần Thị B; Công ty ABC, KCN Phố Nối"
    ) == [
        PartyRec("Nguyễn Văn A", 1970, "xóm 3, thôn Đông"),
        PartyRec("Trần Thị B", None, None),
        PartyRec("Công ty ABC", None, "KCN Phố Nối"),
    ]
    assert parse_parties(None) == [] and parse_parties(" ; ") == []
    parties = [PartyRec("Lê C", 1980, "bản Pù"), PartyRec("Hộ ông D", None, None)]
    assert parse_parties(format_parties(parties)) == parties


def test_headers_typed_in_tcvn3_are_recognised(db: Database, workbook: MakeWb) -> None:
    from tests.interchange.conftest import HEADERS

    headers = dict(HEADERS)
    headers["ThonTo"] = ["M· th«n", "Tªn th«n", "Lo¹i", "Vïng d©n téc thiÓu sè", "Sè hé"]
    report = import_workbook(db, workbook(headers=headers))
    assert report.ok, report.problems
    # Headers are matched as typed and as read in the old fonts ("Sè hé" is syllable-shaped but means "Số hộ").
    assert report.counts["ThonTo"].added == 2
    with db.reading() as s:
        assert sorted(s.scalars(select(m.Village.households))) == [80, 120]


OLD_XLS = Path(__file__).resolve().parent.parent / "fixtures" / "so-hoa-giai-cu.xls"


def test_old_xls_workbook_is_read_with_xlrd(db: Database) -> None:
    # The fixture holds the sample commune saved as Excel 97–2003 (made with xlwt), with a real date cell.
    report = import_workbook(db, OLD_XLS)
    assert report.ok, report.problems
    assert report.counts["VuViec"].added == 5 and report.counts["HoaGiaiVien"].added == 5
    with db.reading() as s:
        assert s.scalars(select(m.Team.decision_date).where(m.Team.code == "THG01")).one() == dt.date(
            2020, 1, 15
        )


def test_old_xls_without_xlrd_asks_for_xlsx(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    set_language("en")
    monkeypatch.setitem(sys.modules, "xlrd", None)  # import xlrd → ImportError
    with pytest.raises(UserError, match=r"old Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx"):
        import_workbook(db, OLD_XLS)


SAMPLE_RULE_WARNINGS = [  # what the case service says of the sample's cases (3.4 VV02, 3.5 VV04 and VV05)
    ("VuViec", 3, "Ngày hòa giải", "3.4"),
    ("VuViec", 5, "Kết quả", "3.5"),
    ("VuViec", 6, "Lĩnh vực", "3.5"),
]


def _own_or(report: Any, *rules: str) -> list[Any]:
    """The workbook's own warnings (no rule code) and those of the given rules."""
    return [w for w in report.warnings if w.rule is None or w.rule in rules]


def test_the_sample_gets_the_case_services_warnings(db: Database, workbook: MakeWb) -> None:
    report = import_workbook(db, workbook())
    assert report.ok and report.written
    assert [(w.sheet, w.row, w.column, w.rule) for w in report.warnings] == SAMPLE_RULE_WARNINGS
    again = import_workbook(db, workbook())  # nothing changes, so nothing is judged again
    assert again.problems == []


def test_open_state_without_dates_is_a_warning(db: Database, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["VuViec"][2].__setitem__(10, "Đang giải quyết"))  # VV03: nobody assigned
    report = import_workbook(db, workbook(rows))
    assert report.ok and report.written
    assert [(w.sheet, w.row, w.column) for w in _own_or(report, "3.3")] == [("VuViec", 4, "Kết quả")]


def test_overlapping_memberships_of_one_team_are_a_warning(db: Database, workbook: MakeWb) -> None:
    rows = sample_rows()
    second = list(rows["HoaGiaiVien"][1])
    second[12], second[13] = (
        "01/01/2021",
        None,
    )  # HGV02 again in THG01 from 2021, while still a member since 2020
    rows["HoaGiaiVien"].append(second)
    report = import_workbook(db, workbook(rows), dry_run=True)
    assert report.ok
    assert [(w.sheet, w.row, w.column) for w in _own_or(report, "3.3")] == [
        ("HoaGiaiVien", 7, "Ngày công nhận")
    ]


def test_duplicate_attendance_is_an_error(db: Database, db_path: Path, workbook: MakeWb) -> None:
    rows = _edit(lambda r: r["DiemDanh"].append(["L01", "HGV01", "Không"]))
    report = _assert_refused(db, db_path, workbook(rows))
    assert _problem_at(report) == {("DiemDanh", 5, "Mã HGV")}


def test_a_recorded_conflict_lets_a_mediator_who_is_a_party_be_assigned(
    db: Database, workbook: MakeWb
) -> None:
    from tests.interchange.conftest import HEADERS

    headers = dict(HEADERS)
    headers["VuViec"] = [*HEADERS["VuViec"], "HGV là một bên"]
    rows = sample_rows()
    for row in rows["VuViec"]:
        row.append(None)
    rows["VuViec"][0][6] = "Nguyễn Văn An, 1965, thôn Đông; Trần Văn Yên, 1962"
    rows["VuViec"][0][14] = "HGV01"
    report = import_workbook(db, workbook(rows, headers=headers))
    assert report.ok, report.problems
    assert [(w.sheet, w.row, w.column) for w in _own_or(report, "3.3")] == [("VuViec", 2, "Mã HGV")]
    with db.reading() as s:
        flags = dict(s.execute(select(m.Mediator.code, m.Assignment.recusal_override).join(m.Assignment.mediator)
                               .join(m.Assignment.case).where(m.Case.code == "VV01")).all())  # fmt: skip
    assert flags == {"HGV01": True, "HGV02": False}


def test_cancel_while_writing_rolls_everything_back(
    db: Database, db_path: Path, workbook: MakeWb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoagiai_desktop.interchange import import_apply

    import_workbook(db, _seed_path(workbook()), backup=False)
    before = snapshot(db_path)
    writing = {"on": False}
    real_write = import_apply.write_plan

    def spy(run: Any, session: Any, plan: Any) -> None:
        writing["on"] = True
        real_write(run, session, plan)

    monkeypatch.setattr(import_apply, "write_plan", spy)
    with pytest.raises(ImportCancelled):
        import_workbook(db, workbook(), cancel=lambda: writing["on"], backup=False)
    assert writing["on"]  # the cancel came inside the write transaction
    assert snapshot(db_path) == before
