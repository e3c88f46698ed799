"""Vietnamese text: NFC, the search fold and the collation key (DOMAIN rule 3.9, DESIGN rule 7)."""

from __future__ import annotations

import random
import unicodedata

from hoagiai_desktop.text import fold, matches, nfc, person_sort_key, sort_key

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang huyền hỏi ngã sắc nặng


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfc_normalises_trims_and_collapses_spaces() -> None:
    assert nfc(nfd("  Nguyễn   Thị\tHường ")) == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", nfc(nfd("Đặng Ưng Ổn")))
    assert nfc(None) == ""


def test_fold_removes_every_diacritic_and_maps_d_bar() -> None:
    assert fold("Nguyễn Thị Hường") == "nguyen thi huong"
    assert fold(nfd("Nguyễn Thị Hường")) == "nguyen thi huong"
    assert fold("ĐẶNG VĂN ĐỨC") == "dang van duc"
    for letter in ALPHABET:
        for tone in TONES:
            ch = unicodedata.normalize("NFC", letter + tone)
            assert fold(ch) in "abcdeghiklmnopqrstuvxy" and len(fold(ch)) == 1, ch
            assert fold(ch.upper()) == fold(ch)


def test_matches_is_accent_and_case_insensitive() -> None:
    assert matches("nguyen thi huong", "Nguyễn Thị Hường")
    assert matches("dang", "Đặng Văn Đức") and matches("duc", "Đặng Văn Đức")
    assert not matches("nguyen van", "Nguyễn Thị Hường")


def test_letters_sort_in_vietnamese_alphabet_order() -> None:
    letters = list(ALPHABET)
    shuffled = letters[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == letters


def test_tones_sort_ngang_huyen_hoi_nga_sac_nang() -> None:
    syllables = [unicodedata.normalize("NFC", "ma" + t) for t in TONES]
    assert syllables == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(syllables), key=sort_key) == syllables


def test_reference_order_from_stack_research_for_nfc_and_nfd() -> None:
    expected = "An Ánh Ăn Âu Bình Dương Đặng Ngô Nguyễn Ông Ơn Uyên Ư".split()
    mixed = expected[::-1]
    assert sorted(mixed, key=sort_key) == expected
    assert [nfc(x) for x in sorted((nfd(x) for x in mixed), key=sort_key)] == expected


def test_d_bar_is_its_own_letter_after_d() -> None:
    assert sorted(["Đào", "Dung", "Duy", "Đông"], key=sort_key) == ["Dung", "Duy", "Đào", "Đông"]


def test_people_sort_by_given_name_then_full_name() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Đặng Thị Ánh", "Phạm Hường"]
    assert sorted(names, key=person_sort_key) == [
        "Lê Văn An", "Nguyễn Thị An", "Đặng Thị Ánh", "Trần Văn Bình", "Phạm Hường",
    ]  # fmt: skip


def test_sort_key_is_a_plain_string_comparable_bytewise() -> None:
    keys = [sort_key(x) for x in ("a", "à", "ă", "b")]
    assert all(isinstance(k, str) for k in keys)
    assert sorted(keys, key=lambda k: k.encode()) == keys
