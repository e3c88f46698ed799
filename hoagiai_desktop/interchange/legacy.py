"""Text typed with the old Vietnamese fonts, converted to Unicode NFC.

Before Unicode, Vietnamese was typed in Excel with 8-bit fonts; the cells hold the Windows-1252 characters of
the font's byte codes, e.g. "NguyÔn V¨n Hµ" (TCVN3, .VnTime) or "Nguyeãn Vaên Haø" (VNI-Windows, VNI-Times).

* **TCVN3** (TCVN 5712:1993, table VN3, the "ABC" fonts): one byte per letter. Byte codes A1–A7 are the
  capital letters Ă Â Ê Ô Ơ Ư Đ, A8–AE the small ă â ê ô ơ ư đ, and B5–FE the toned vowels in blocks of five
  (huyền, hỏi, ngã, sắc, nặng) per vowel a ă â e ê i o ô ơ u ư y. Capital toned letters live in a second font
  (.VnTimeH) at the same codes, so the case is recovered from the word's other letters.
* **VNI-Windows**: an ASCII base letter followed by one mark byte: F8 huyền, F9 sắc, FB hỏi, F5 ngã, EF nặng;
  E2 circumflex with E0 E1 E5 E3 E4 for circumflex + tone; EA breve with E8 E9 FA FC EB for breve + tone.
  Single bytes stand for đ (F1), ơ (F4), ư (F6), ỵ (EE) and the toned i (EC ì, ED í, E6 ỉ, F3 ĩ, F2 ị);
  capitals use the same codes minus 0x20.

A cell is converted only when (1) it is not already valid text — some word is not a Vietnamese syllable, an
ASCII word or an abbreviation — and (2) every word of the converted text is. Plain Vietnamese Unicode, English
and codes therefore stay as they are.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---- the tables -------------------------------------------------------------------------------------------------

_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng (TCVN3 block order)


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _tcvn3_table() -> dict[str, str]:
    table: dict[int, str] = {
        0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
        0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    }  # fmt: skip
    # Byte codes of each vowel's five toned forms (huyền, hỏi, ngã, sắc, nặng).
    blocks = {
        "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
        "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
        "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
        "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
        "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
        "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
        "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
        "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
        "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
        "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
        "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
        "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
    }
    for vowel, codes in blocks.items():
        for code, tone in zip(codes, _TONES, strict=True):
            table[code] = _toned(vowel, tone)
    # In a Unicode cell each byte shows as the Windows-1252 character of the same code (= Latin-1 from A0 up).
    return {bytes([code]).decode("cp1252"): letter for code, letter in table.items()}


TCVN3_TO_UNICODE = _tcvn3_table()

_VNI_TONE = {0xF8: "\u0300", 0xF9: "\u0301", 0xFB: "\u0309", 0xF5: "\u0303", 0xEF: "\u0323"}
_VNI_CIRCUMFLEX = {0xE2: "", 0xE0: "\u0300", 0xE1: "\u0301", 0xE5: "\u0309", 0xE3: "\u0303", 0xE4: "\u0323"}
_VNI_BREVE = {0xEA: "", 0xE8: "\u0300", 0xE9: "\u0301", 0xFA: "\u0309", 0xFC: "\u0303", 0xEB: "\u0323"}
_VNI_SINGLE = {
    0xF1: "đ",
    0xF4: "ơ",
    0xF6: "ư",
    0xEE: "ỵ",
    0xEC: "ì",
    0xED: "í",
    0xE6: "ỉ",
    0xF3: "ĩ",
    0xF2: "ị",
}


def _vni_tables() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(single characters, (base, mark) pairs) → Unicode, small and capital."""
    single: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    for upper in (False, True):
        shift = 0x20 if upper else 0

        def ch(code: int, shift: int = shift) -> str:
            return chr(code - shift)

        def case(text: str, upper: bool = upper) -> str:
            return text.upper() if upper else text

        for code, letter in _VNI_SINGLE.items():
            single[ch(code)] = case(letter)
        for base in ("a", "e", "i", "o", "u", "y", "ơ", "ư"):
            if base == "i":
                continue  # toned i are single bytes
            base_char = ch(0xF4) if base == "ơ" else ch(0xF6) if base == "ư" else case(base)
            for code, tone in _VNI_TONE.items():
                if base == "y" and code == 0xEF:
                    continue  # ỵ is the single byte EE
                pairs[(base_char, ch(code))] = case(_toned(base, tone))
        for base in ("a", "e", "o"):
            for code, tone in _VNI_CIRCUMFLEX.items():
                pairs[(case(base), ch(code))] = case(_toned(base + "\u0302", tone))
        for code, tone in _VNI_BREVE.items():
            pairs[(case("a"), ch(code))] = case(_toned("a\u0306", tone))
    return single, pairs


VNI_SINGLE, VNI_PAIRS = _vni_tables()

# ---- what a valid Vietnamese word looks like --------------------------------------------------------------------

_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_RHYMES = frozenset(
    [
        "a",
        "ai",
        "ao",
        "au",
        "ay",
        "ac",
        "ach",
        "am",
        "an",
        "ang",
        "anh",
        "ap",
        "at",
        "ăc",
        "ăm",
        "ăn",
        "ăng",
        "ăp",
        "ăt",
        "âc",
        "âm",
        "ân",
        "âng",
        "âp",
        "ât",
        "âu",
        "ây",
        "e",
        "eo",
        "ec",
        "em",
        "en",
        "eng",
        "ep",
        "et",
        "ê",
        "êch",
        "êm",
        "ên",
        "ênh",
        "êp",
        "êt",
        "êu",
        "i",
        "ia",
        "ich",
        "im",
        "in",
        "inh",
        "ip",
        "it",
        "iu",
        "iêc",
        "iêm",
        "iên",
        "iêng",
        "iêp",
        "iêt",
        "iêu",
        "o",
        "oa",
        "oac",
        "oach",
        "oai",
        "oam",
        "oan",
        "oang",
        "oanh",
        "oao",
        "oap",
        "oat",
        "oay",
        "oăc",
        "oăm",
        "oăn",
        "oăng",
        "oăt",
        "oe",
        "oen",
        "oeo",
        "oet",
        "oc",
        "oi",
        "om",
        "on",
        "ong",
        "op",
        "ot",
        "ooc",
        "oong",
        "ô",
        "ôc",
        "ôi",
        "ôm",
        "ôn",
        "ông",
        "ôp",
        "ôt",
        "ơ",
        "ơi",
        "ơm",
        "ơn",
        "ơp",
        "ơt",
        "u",
        "ua",
        "uân",
        "uâng",
        "uât",
        "uây",
        "uê",
        "uêch",
        "uênh",
        "uy",
        "uya",
        "uych",
        "uyên",
        "uyêt",
        "uyn",
        "uynh",
        "uyt",
        "uyu",
        "uc",
        "ui",
        "um",
        "un",
        "ung",
        "up",
        "ut",
        "uôc",
        "uôi",
        "uôm",
        "uôn",
        "uông",
        "uôt",
        "uơ",
        "ư",
        "ưa",
        "ưc",
        "ưi",
        "ưm",
        "ưn",
        "ưng",
        "ưt",
        "ưu",
        "ươc",
        "ươi",
        "ươm",
        "ươn",
        "ương",
        "ươp",
        "ươt",
        "ươu",
        "y",
        "yêm",
        "yên",
        "yêng",
        "yêt",
        "yêu",
    ]
)
_STOP_FINALS = ("c", "ch", "p", "t")
_TONE_MARKS = frozenset(_TONES)
_VIETNAMESE_CHARS = frozenset(
    unicodedata.normalize("NFC", base + mark + tone)
    for base in "aeiouyAEIOUY"
    for mark in ("", "\u0302", "\u0306", "\u031b")
    for tone in ("", *_TONES)
) | frozenset("đĐ“”‘’–—…«»°·\u00a0")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SPLIT = re.compile(r"[\s,;:.()\[\]/\\\-–—\"“”'’!?+*=&%#0-9]+")


def _strip_tone(word: str) -> tuple[str, int]:
    """The word without tone marks (NFC) and how many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    bare = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


def is_syllable(word: str) -> bool:
    """True when ``word`` is a well-formed Vietnamese syllable (any case, at most one tone)."""
    bare, tones = _strip_tone(word.lower())
    if tones > 1 or not bare:
        return False
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial) :]
        if initial == "gi" and rhyme == "":
            return True  # "gì"
        if rhyme in _RHYMES or (initial == "gi" and ("i" + rhyme) in _RHYMES):
            if tones and rhyme.endswith(_STOP_FINALS):
                decomposed = unicodedata.normalize("NFD", word)
                if not ("\u0301" in decomposed or "\u0323" in decomposed):
                    continue  # a stop final only takes sắc or nặng
            return True
    return False


@lru_cache(maxsize=200_000)
def _word_ok(word: str) -> bool:
    if not word:
        return True
    if all(c.isascii() for c in word):
        return True  # English words, codes, numbers
    if word.isupper() and all(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ" for c in word):
        return True  # abbreviations such as QĐ, HĐND
    return is_syllable(word)


def is_valid_text(text: str) -> bool:
    """Every word is a Vietnamese syllable, an ASCII word or an abbreviation."""
    for token in _SPLIT.split(text):
        if not token:
            continue
        runs = _LETTER_RUN.findall(token)
        if "".join(runs) != token:
            return False  # symbols glued to letters (¸ ¶ ·) never occur in real words
        if not all(_word_ok(w) for w in runs):
            return False
    return True


# ---- converting ---------------------------------------------------------------------------------------------------


_WORD_SEP = re.compile(r"([\s,;:.()\[\]/\\\-–—\"“”!?+*=&%#0-9]+)")


def from_tcvn3(text: str) -> str:
    """Convert TCVN3 text. Capital toned letters come from a second font (.VnTimeH) at the small letters' codes:
    when every changed word with two or more ASCII letters has them all in capitals, the changed words are
    written in capitals."""
    parts = _WORD_SEP.split(text)
    converted = ["".join(TCVN3_TO_UNICODE.get(c, c) for c in part) for part in parts]
    changed = [p for p, c in zip(parts, converted, strict=True) if p != c]
    ascii_letters = [[c for c in p if c.isascii() and c.isalpha()] for p in changed]
    judged = [letters for letters in ascii_letters if len(letters) >= 2]
    capitals = bool(judged) and all(c.isupper() for letters in judged for c in letters)
    if capitals:
        converted = [c.upper() if p != c else c for p, c in zip(parts, converted, strict=True)]
    return unicodedata.normalize("NFC", "".join(converted))


def from_vni(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if i + 1 < len(text) and (c, text[i + 1]) in VNI_PAIRS:
            out.append(VNI_PAIRS[(c, text[i + 1])])
            i += 2
            continue
        out.append(VNI_SINGLE.get(c, c))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


@dataclass(frozen=True)
class Conversion:
    text: str
    encoding: str | None  # "TCVN3", "VNI" or None when nothing was converted


def _score(text: str) -> tuple[int, int]:
    """(valid words, all words) of ``text``."""
    valid = total = 0
    for token in _SPLIT.split(text):
        if not token:
            continue
        total += 1
        runs = _LETTER_RUN.findall(token)
        if "".join(runs) == token and all(_word_ok(w) for w in runs):
            valid += 1
    return valid, total


def _foreign(text: str) -> int:
    """Characters that never occur in Vietnamese text (symbols and letters of other alphabets) — legacy evidence."""
    return sum(1 for c in text if not c.isascii() and c not in _VIETNAMESE_CHARS)


def convert(text: str) -> Conversion:
    """Detect TCVN3 / VNI text and return it as Unicode NFC; anything else is only NFC-normalised.

    A reading is accepted when every word of it is valid, or — for cells that show characters no Vietnamese
    text contains (``¸ µ § ø ï``…) — when at least four words in five are valid and none of those characters
    is left (typing slips, a lost ư, should not keep a whole name garbled).
    """
    nfc = unicodedata.normalize("NFC", text)
    if nfc.isascii() or is_valid_text(nfc):
        return Conversion(nfc, None)
    evidence = _foreign(nfc) > 0
    candidates: list[tuple[float, str, str]] = []
    for name, func in (("TCVN3", from_tcvn3), ("VNI", from_vni)):
        result = func(nfc)
        if result == nfc:
            continue
        valid, total = _score(result)
        ratio = valid / total if total else 0.0
        if ratio == 1.0 or (evidence and ratio >= 0.8 and _foreign(result) == 0):
            candidates.append((ratio, name, result))
    if not candidates:
        return Conversion(nfc, None)
    candidates.sort(key=lambda c: (-c[0], c[1] != "TCVN3"))
    if len(candidates) == 2 and candidates[0][0] == candidates[1][0]:
        # Both readings are plausible (short texts): prefer the one that explains more characters.
        tcvn_hits = sum(1 for c in nfc if c in TCVN3_TO_UNICODE)
        vni_hits = sum(1 for c in nfc if c in VNI_SINGLE) + sum(
            1 for a, b in itertools.pairwise(nfc) if (a, b) in VNI_PAIRS
        )
        best = candidates[0] if tcvn_hits >= vni_hits else candidates[1]
    else:
        best = candidates[0]
    return Conversion(best[2], best[1])


def forced(text: str, encoding: str) -> str | None:
    """``text`` read as ``encoding`` when that reading is valid text and differs, else None.

    For text that is valid both as it stands and as legacy text ("Sè hé" is syllable-shaped but means "Số hộ"):
    the caller decides from the other cells of the column (see :func:`legacy_column`).
    """
    func = from_tcvn3 if encoding == "TCVN3" else from_vni
    nfc = unicodedata.normalize("NFC", text)
    result = func(nfc)
    return result if result != nfc and is_valid_text(result) else None


def beyond_latin1(text: str) -> bool:
    """True when ``text`` holds a character no legacy-font cell can hold (ă ơ ư đ ễ …: real Unicode input)."""
    return any(ord(c) > 0xFF for c in text)
