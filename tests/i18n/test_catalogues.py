"""The translation catalogues are complete and consistent with the source (a forgotten translation breaks CI).

* vi.po: no untranslated or fuzzy entry, placeholders identical to the English source;
* every msgid marked in the code (re-extracted here with the documented ``pybabel extract``) is in vi.po and en.po;
* enum labels in Vietnamese equal the official wording (``.vi``) of domain/enums.py;
* the checker itself catches the faults it is meant to catch.
"""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hoagiai_desktop import i18n, i18n_build

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "i18n"


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=path.stem if path.suffix == ".po" else None)


def _key(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Re-extract from the source exactly as documented (babel.cfg + keywords) into a temp dir."""
    out = tmp_path_factory.mktemp("extract") / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-c", "from babel.messages.frontend import main; main()", "extract",
            "-F", str(I18N / "babel.cfg"), "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
            "-o", str(out), "hoagiai_desktop",
        ],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return _read(out)


def test_vietnamese_catalogue_has_no_untranslated_fuzzy_or_mismatched_entry() -> None:
    problems = i18n_build.catalogue_problems(I18N / "vi.po")
    assert problems == [], "\n".join(problems)


def test_english_catalogue_exists_and_any_translation_keeps_placeholders() -> None:
    problems = i18n_build.catalogue_problems(I18N / "en.po", require_translation=False)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_msgid_in_the_code_is_in_the_catalogue(extracted: Catalog, lang: str) -> None:
    assert len(extracted) > 0
    missing = i18n_build.missing_msgids(I18N / f"{lang}.po", extracted)
    assert missing == [], (
        f"{len(missing)} strings marked in the code are missing from i18n/{lang}.po; run "
        "`python -m hoagiai_desktop.i18n_build update` and translate them:\n" + "\n".join(missing)
    )


def test_api_extraction_matches_pybabel(extracted: Catalog) -> None:
    from_api = {_key(m) for m in i18n_build.extract_messages() if m.id}
    from_cli = {_key(m) for m in extracted if m.id}
    assert from_api == from_cli


def test_template_is_in_step_with_vi_po() -> None:
    template = {_key(m) for m in _read(I18N / "hoagiai_desktop.pot") if m.id}
    vi = {_key(m) for m in _read(I18N / "vi.po") if m.id}
    assert template <= vi


def test_vietnamese_header_declares_one_plural_form() -> None:
    catalog = _read(I18N / "vi.po")
    assert catalog.num_plurals == 1
    assert not catalog.fuzzy


def test_enum_labels_in_vietnamese_are_the_official_wording() -> None:
    """``label()`` in Vietnamese is the member's ``.vi``. Where two enums share one English label with different
    official wordings (one msgid cannot give both), the translation must be one of them, and a warning names it."""
    import warnings

    from hoagiai_desktop.domain import enums

    i18n.set_language("vi")
    wordings: dict[str, set[str]] = {}
    members = []
    for obj in vars(enums).values():
        if isinstance(obj, type) and issubclass(obj, enums.LabeledEnum) and obj is not enums.LabeledEnum:
            for member in obj:
                wordings.setdefault(member.en, set()).add(member.vi)
                members.append((obj.__name__, member))
    wrong = []
    for owner, member in members:
        allowed = wordings[member.en]
        if member.label() not in allowed:
            wrong.append(
                f"{owner}.{member.name}: {member.en!r} -> {member.label()!r}, want {sorted(allowed)}"
            )
    assert wrong == [], "\n".join(wrong)
    shared = {en: vi for en, vi in wordings.items() if len(vi) > 1}
    if shared:
        warnings.warn(
            f"English enum labels with several official wordings (use distinct labels): {shared}",
            stacklevel=1,
        )


def test_compiled_catalogue_translates_and_switches_language(tmp_path: Path) -> None:
    written = i18n_build.compile_catalogues(target=tmp_path)
    mo = tmp_path / "vi" / "LC_MESSAGES" / "hoagiai_desktop.mo"
    assert mo in written
    translations = gettext.translation("hoagiai_desktop", localedir=str(tmp_path), languages=["vi"])
    catalog = _read(I18N / "vi.po")
    sample = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    assert isinstance(sample.id, str)
    assert translations.gettext(sample.id) == sample.string
    i18n.set_language("vi")
    assert i18n._(sample.id) == sample.string
    i18n.set_language("en")
    assert i18n._(sample.id) == sample.id


# ---- the checker catches what it should ---------------------------------------------------------------------


def _problems(
    msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], *, fuzzy: bool = False
) -> list[str]:
    message = Message(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    return i18n_build.message_problems(message)


def test_checker_flags_untranslated_fuzzy_and_placeholder_faults() -> None:
    assert _problems("Saved {n} cases", "Đã lưu {n} vụ việc") == []
    assert _problems("Saved {n} cases", "") == ["untranslated: 'Saved {n} cases'"]
    assert _problems("Saved {n} cases", "Đã lưu {n} vụ việc", fuzzy=True) == ["fuzzy: 'Saved {n} cases'"]
    assert (
        _problems("Saved {n} cases", "Đã lưu {count} vụ việc") != []
    )  # renamed placeholder: KeyError at run time
    assert _problems("Saved {n} cases", "Đã lưu vụ việc") != []  # dropped placeholder
    assert _problems("{done} of {total}", "{total} / {done}") == []  # order may change
    assert _problems("%(n)d cases", "%(n)d vụ việc") == []
    assert _problems("%(n)d cases", "%d vụ việc") != []
    assert _problems("100%% done", "Xong 100%%") == []


def test_checker_plural_rules_for_one_vietnamese_form() -> None:
    assert _problems(("One case", "{n} cases"), ("{n} vụ việc",)) == []
    assert _problems(("{n} case", "{n} cases"), ("{n} vụ việc",)) == []
    assert _problems(("{n} case", "{n} cases"), ("vụ việc",)) != []
    assert _problems(("{n} case", "{n} cases"), ("{m} vụ việc",)) != []
    assert _problems(("{n} case", "{n} cases"), ("",)) == ["untranslated: '{n} case'"]


def test_ngettext_uses_the_single_vietnamese_form_for_every_count(tmp_path: Path) -> None:
    catalog = Catalog(locale="vi")
    catalog.add(("{n} case", "{n} cases"), ("{n} vụ việc",))
    with (tmp_path / "vi.mo").open("wb") as fh:
        write_mo(fh, catalog)
    with (tmp_path / "vi.mo").open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert [translations.ngettext("{n} case", "{n} cases", n).format(n=n) for n in (0, 1, 5)] == [
        "0 vụ việc", "1 vụ việc", "5 vụ việc",
    ]  # fmt: skip


def test_placeholders_parser() -> None:
    assert i18n_build.placeholders("Saved {n} of {total} in {path!r}") == {"{n}", "{total}", "{path}"}
    assert i18n_build.placeholders("{{literal}} %% %(n)d %s") == {"%(n)", "%s"}


def test_argparse_words_are_translated_once_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]  # restored after the test
    monkeypatch.setattr(argparse, "ngettext", argparse.ngettext)  # type: ignore[attr-defined]
    i18n_build.install_argparse_translations()
    i18n.set_language("vi")
    parser = argparse.ArgumentParser(prog="hoagiai")
    parser.add_argument("--period", required=True)
    text = parser.format_help()
    assert text.startswith("cách dùng: hoagiai")
    assert "tùy chọn:" in text and "hiện hướng dẫn này rồi thoát" in text
    with pytest.raises(SystemExit):
        parser.parse_args([])
    i18n.set_language("en")
    assert argparse.ArgumentParser(prog="hoagiai").format_usage().startswith("usage: hoagiai")
