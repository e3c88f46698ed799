"""The registry's commune names: a kind word typed into the name is recognised once, as for the unit's own name
(DOMAIN §5), so that receipts and province papers never print "Xã Xã Tiên Phong"."""

from __future__ import annotations

from pathlib import Path

from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.services import province_registry
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import registry_xlsx


def test_a_kind_word_typed_in_the_name_is_stored_once(tmp_path: Path) -> None:
    db = open_database(tmp_path / "tinh.sqlite3")
    try:
        province_registry.init_province(db, "Cao Bằng", "04")
        rows = [
            ("08827", "Xã Tiên Phong", "", ""),  # the word stands for the kind when the column is empty
            ("08830", "Phường Sông Hiến", "phường", ""),
            ("08833", "UBND xã Tân Hòa", "xã", ""),
            ("08836", "Xuân Trường", "xã", ""),  # a name that only begins like a kind word stays whole
            ("08839", "Đặc khu Cô Tô", "", ""),
        ]
        province_registry.import_communes(db, registry_xlsx(tmp_path / "registry.xlsx", rows))
        found = {c.code: (c.name, c.kind, c.full_name) for c in province_registry.list_communes(db)}
    finally:
        db.dispose()
    assert found == {
        "08827": ("Tiên Phong", UnitKind.XA, "Xã Tiên Phong"),
        "08830": ("Sông Hiến", UnitKind.PHUONG, "Phường Sông Hiến"),
        "08833": ("Tân Hòa", UnitKind.XA, "Xã Tân Hòa"),
        "08836": ("Xuân Trường", UnitKind.XA, "Xã Xuân Trường"),
        "08839": ("Cô Tô", UnitKind.DAC_KHU, "Đặc khu Cô Tô"),
    }
