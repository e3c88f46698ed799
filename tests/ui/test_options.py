"""Settings are declared once (ui/options.py) with their type and default, and no module of ui/ reads or writes a
settings key of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

import hoagiai_desktop.ui as ui_package
from hoagiai_desktop.ui import options
from hoagiai_desktop.ui.options import (
    FAMILIES,
    HIGH_CONTRAST,
    LANGUAGE,
    OPTIONS,
    PAGE_HEADER,
    TEXT_SCALE,
    WINDOW_GEOMETRY,
    Option,
)

UI_ROOT = Path(ui_package.__file__).parent


def _store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _reopened(store: QSettings) -> QSettings:
    """The same file read afresh, as at the next start (INI gives text back, whatever type was written)."""
    store.sync()
    return QSettings(store.fileName(), QSettings.Format.IniFormat)


def test_keys_are_declared_once() -> None:
    keys = [o.key for o in OPTIONS] + [f.pattern for f in FAMILIES]
    assert len(keys) == len(set(keys))
    declared = [v for v in vars(options).values() if isinstance(v, Option)]
    assert sorted(o.key for o in declared) == sorted(o.key for o in OPTIONS)  # none left out of OPTIONS


@pytest.mark.parametrize("option", OPTIONS, ids=[o.key for o in OPTIONS])
def test_an_unset_option_reads_as_its_default(tmp_path: Path, option: Option[object]) -> None:
    assert option.get(_store(tmp_path)) == option.default


@pytest.mark.parametrize(
    ("option", "value"),
    [(LANGUAGE, "en"), (TEXT_SCALE, 150), (HIGH_CONTRAST, True), (HIGH_CONTRAST, False)],
    ids=["language", "text-scale", "contrast-on", "contrast-off"],
)
def test_values_come_back_with_their_type_after_a_restart(
    tmp_path: Path, option: Option[object], value: object
) -> None:
    store = _store(tmp_path)
    option.set(store, value)
    again = option.get(_reopened(store))
    assert again == value and type(again) is type(value)
    option.clear(store)
    assert option.get(_reopened(store)) == option.default


def test_saved_qt_state_comes_back_as_bytes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    state = QByteArray(b"\x00\x01layout\xff")
    PAGE_HEADER("cases").set(store, state)
    WINDOW_GEOMETRY.set(store, state)
    again = _reopened(store)
    assert PAGE_HEADER("cases").get(again) == state and WINDOW_GEOMETRY.get(again) == state
    assert PAGE_HEADER("cases").key == "pages/cases/header"
    assert PAGE_HEADER("teams").get(again) is None


@pytest.mark.parametrize(
    ("option", "text", "expected"),
    [
        (TEXT_SCALE, "huge", 100),
        (TEXT_SCALE, "500", 200),
        (TEXT_SCALE, "50", 100),
        (LANGUAGE, "fr", ""),
        (HIGH_CONTRAST, "yes", True),
        (HIGH_CONTRAST, "no", False),
        (WINDOW_GEOMETRY, "not bytes", None),
    ],
)
def test_a_hand_edited_value_falls_back_to_something_usable(
    tmp_path: Path, option: Option[object], text: str, expected: object
) -> None:
    (tmp_path / "settings.ini").write_text(
        f"[{option.key.split('/')[0]}]\n{option.key.split('/', 1)[1]}={text}\n", encoding="utf-8"
    )
    assert option.get(_store(tmp_path)) == expected


def _raw_keys(tree: ast.Module) -> list[str]:
    """Settings keys written in place: the first argument of value/setValue/remove/contains/beginGroup when it is
    a string literal, an f-string or a module-level string constant that looks like a settings key (has a '/')."""
    constants = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"value", "setValue", "remove", "contains", "beginGroup"}
            and node.args
        ):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            text = arg.value
        elif isinstance(arg, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in arg.values)
        elif isinstance(arg, ast.Name) and arg.id in constants:
            text = constants[arg.id]
        else:
            continue
        if "/" in text:
            found.append(str(text))
    return found


def test_no_module_of_the_window_uses_a_settings_key_of_its_own() -> None:
    found = sorted(
        (path.relative_to(UI_ROOT).as_posix(), key)
        for path in UI_ROOT.rglob("*.py")
        if path.name != "options.py"
        for key in _raw_keys(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert not found, (
        "declare these settings in hoagiai_desktop/ui/options.py and use OPTION.get/set instead: "
        + repr(found)
    )


def test_the_key_finder_sees_literals_and_f_strings() -> None:
    tree = ast.parse(
        "KEY = 'province/last'\nOTHER = 'plain'\n"
        "s.value('ui/x')\ns.setValue(f'pages/{kind}/header', 1)\ns.value(KEY)\ns.value(OTHER)\n"
        "d.remove('plain')\ns.beginGroup(KEY)\nOPTION.get(s)\ns.value(key)\n"
    )
    assert sorted(_raw_keys(tree)) == ["pages/{…}/header", "province/last", "province/last", "ui/x"]
