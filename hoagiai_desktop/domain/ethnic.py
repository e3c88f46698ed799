"""The 54 ethnic groups of Viet Nam (official names), Kinh being the majority."""

from __future__ import annotations

from hoagiai_desktop.text import fold, nfc

KINH = "Kinh"

ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Stiêng", "Khơ Mú",
    "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô",
    "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
)  # fmt: skip

_ALIASES = {"hmong": "H'Mông", "mong": "H'Mông", "ede": "Ê Đê", "bahnar": "Ba Na", "jrai": "Gia Rai",
            "khome": "Khmer", "kho me": "Khmer", "van kieu": "Bru - Vân Kiều", "bru van kieu": "Bru - Vân Kiều"}  # fmt: skip
_BY_FOLD = {fold(g).replace("'", "").replace("-", " ").replace("  ", " "): g for g in ETHNIC_GROUPS}


def _key(text: str) -> str:
    return " ".join(fold(text).replace("'", "").replace("-", " ").split())


def canonical_ethnicity(text: str | None) -> str | None:
    """The official spelling of an ethnic group typed in any case or without diacritics; None if unknown."""
    if not text or not nfc(text):
        return None
    key = _key(text)
    if key in _ALIASES:
        return _ALIASES[key]
    for folded, name in _BY_FOLD.items():
        if _key(folded) == key:
            return name
    return None


def is_minority(ethnicity: str | None) -> bool:
    return bool(ethnicity) and ethnicity != KINH
