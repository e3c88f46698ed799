"""Vietnamese text handling: NFC at every boundary, a search fold, and a collation key.

* ``nfc`` normalises and trims input text (DOMAIN rule 3.9).
* ``fold`` is the search key: lower case, no diacritics, đ→d — "Nguyễn Thị Hường" → "nguyen thi huong".
* ``sort_key`` is a *string* whose plain byte order equals Vietnamese alphabetical order
  (a ă â b c d đ e ê … with tones ngang < huyền < hỏi < ngã < sắc < nặng as a second level and case as a third).
  Because it is a string it can be stored in a column and sorted by SQLite or PostgreSQL (collation "C")
  without any custom collation, so large lists come from the database already sorted.
* ``person_sort_key`` sorts people the Vietnamese way: by given name (last word), then by the full name.
"""

from __future__ import annotations

import re
import unicodedata

_ALPHABET = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# Tone marks in Vietnamese dictionary order: ngang (0) < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SPACES = re.compile(r"\s+")
# Separators inside a stored key. Both sort below the hex digits used for weights, so a shorter key that is a
# prefix of a longer one sorts first, exactly as tuple comparison would.
_LEVEL_SEP = "."
_PART_SEP = " "


def nfc(value: str | None) -> str:
    """Return ``value`` NFC-normalised, trimmed, with inner runs of white space collapsed; None → ""."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def nfc_or_none(value: str | None) -> str | None:
    """Like :func:`nfc` but an empty result becomes ``None`` (for optional columns)."""
    text = nfc(value)
    return text or None


def fold(value: str | None) -> str:
    """Search key: lower case, diacritics removed, đ→d, white space collapsed."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", text).strip()


def _weights(value: str) -> tuple[list[int], list[int], list[int]]:
    prim: list[int] = []
    sec: list[int] = []
    ter: list[int] = []
    for ch in unicodedata.normalize("NFD", value):
        if ch in _TONES:
            if sec:
                sec[-1] = _TONES[ch]
            continue
        if unicodedata.combining(ch):
            # breve / circumflex / horn: recompose with the base letter to get ă, â, ê, ô, ơ, ư.
            if prim and 100 <= prim[-1] < 100 + len(_ALPHABET):
                composed = unicodedata.normalize("NFC", _ALPHABET[prim[-1] - 100] + ch)
                if composed in _RANK:
                    prim[-1] = 100 + _RANK[composed]
            continue
        low = ch.lower()
        if low in _RANK:
            prim.append(100 + _RANK[low])
        elif ord(low) < 100:
            prim.append(ord(low))  # space, digits and punctuation sort before letters
        else:
            prim.append(1000 + ord(low))
        sec.append(0)
        ter.append(0 if ch == low else 1)
    return prim, sec, ter


def sort_key(value: str | None) -> str:
    """A string that sorts (byte order) in Vietnamese alphabetical order."""
    prim, sec, ter = _weights(nfc(value))
    return (
        "".join(f"{w:05x}" for w in prim)
        + _LEVEL_SEP
        + "".join(str(w) for w in sec)
        + _LEVEL_SEP
        + "".join(str(w) for w in ter)
    )


def given_name(full_name: str | None) -> str:
    """The given name (tên) is the last word of a Vietnamese full name."""
    parts = nfc(full_name).split(" ")
    return parts[-1] if parts else ""


def person_sort_key(full_name: str | None) -> str:
    """Sort people by given name, then by the full name (how Vietnamese rosters are ordered)."""
    return sort_key(given_name(full_name)) + _PART_SEP + sort_key(full_name)


def matches(query: str, *texts: str | None) -> bool:
    """True when every folded word of ``query`` occurs in the folded ``texts`` (used for small in-memory lists)."""
    haystack = " ".join(fold(t) for t in texts if t)
    return all(word in haystack for word in fold(query).split())
