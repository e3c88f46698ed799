"""How the unit's names are printed exactly once with their kind (DOMAIN §5 paper rules).

Officers often type the kind word into the name ("Xã Tân Hòa", "UBND phường Ba Đình", "Tỉnh Thái Nguyên");
printing "XÃ " + name would then say "XÃ XÃ TÂN HÒA". These pure functions recognise such a leading kind word
(ignoring case and diacritics) so that the services store the bare name and the papers add the kind once.
"""

from __future__ import annotations

import re

from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.text import fold, nfc

# Kind words → kind, matched ignoring case, written with their tone marks or with none at all (so "Tình Hải"
# is a name, not "tỉnh Hải"); "UBND" is dropped and the kind word after it read.
_COMMUNE_PREFIXES: list[tuple[str, UnitKind | None]] = [
    ("ủy ban nhân dân", None),
    ("uỷ ban nhân dân", None),
    ("ubnd", None),
    ("đặc khu", UnitKind.DAC_KHU),
    ("phường", UnitKind.PHUONG),
    ("xã", UnitKind.XA),
]
# The six centrally-run cities after the 2025 merger: "thành phố", not "tỉnh".
CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})
_PROVINCE_PREFIXES = ("thành phố", "tp.", "tp", "tỉnh")
_WORD_END = re.compile(r"[\s.,:;-]")


def _strip_prefix(text: str, prefix: str) -> str | None:
    """``text`` without ``prefix`` (any case; all its tone marks or none) and the separators after it, or None."""
    head = text[: len(prefix)].lower()
    if head not in (prefix, fold(prefix), prefix.replace("đ", "d")):
        return None
    rest = text[len(prefix) :]
    if rest and not _WORD_END.match(rest) and not prefix.endswith("."):
        return None  # "Xađ…" or "Phường" inside a longer word is not a kind word
    return rest.lstrip(" .,:;-")


def split_commune(name: str | None) -> tuple[str, UnitKind | None]:
    """("Tân Hòa", XA) for "Xã Tân Hòa" or "UBND xã Tân Hòa"; (name, None) when no kind word was typed."""
    text = nfc(name)
    kind: UnitKind | None = None
    changed = True
    while changed:  # "UBND xã Tân Hòa": strip "UBND", then "xã"
        changed = False
        for prefix, prefix_kind in _COMMUNE_PREFIXES:
            rest = _strip_prefix(text, prefix)
            if rest:
                text, changed = rest, True
                kind = prefix_kind or kind
                break
    return text, kind


def bare_province(province: str | None) -> str:
    """ "Thái Nguyên" for "Tỉnh Thái Nguyên", "Hà Nội" for "TP. Hà Nội" or "Thành phố Hà Nội"."""
    text = nfc(province)
    for prefix in _PROVINCE_PREFIXES:
        rest = _strip_prefix(text, prefix)
        if rest:
            return rest
    return text


def province_phrase(province: str | None) -> str:
    """ "tỉnh Thái Nguyên" / "thành phố Hà Nội" inside a sentence ("Sở Tư pháp tỉnh Thái Nguyên"); "" when blank."""
    bare = bare_province(province)
    if not bare:
        return ""
    return ("thành phố " if fold(bare) in CITIES else "tỉnh ") + bare
