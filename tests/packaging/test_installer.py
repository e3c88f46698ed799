"""The installer sources are consistent: the PyInstaller spec ships what the app reads at run time, the NSIS
script compiles (against a tiny stand-in payload) and keeps the officer's data unless asked, build outputs are
not committed. The real bundle is built and smoke-tested by installer/smoke_test.sh (too slow for the suite)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


class _Captured:
    analysis: ClassVar[dict[str, Any]] = {}


def _run_spec(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, Any]]:
    """Execute the spec with PyInstaller's building blocks stubbed; return the Analysis arguments and globals."""

    class Analysis:
        def __init__(self, scripts: list[str], **kwargs: Any) -> None:
            _Captured.analysis = {"scripts": scripts, **kwargs}
            self.datas = [(Path(src).name, src, "DATA") for src, _dest in kwargs["datas"]]
            self.datas += [
                ("babel/locale-data/vi.dat", "x", "DATA"),
                ("babel/locale-data/fr.dat", "x", "DATA"),
                ("babel/locale-data/root.dat", "x", "DATA"),
                ("PySide6/Qt/translations/qtbase_fr.qm", "x", "DATA"),
            ]
            self.binaries = [
                ("PySide6/Qt/lib/libQt6Widgets.so.6", "x", "BINARY"),
                ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
                ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "x", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
            ]
            self.scripts = [
                ("pyi_rth_x", "x", "PYSOURCE"),
                ("entry_window", "x", "PYSOURCE"),
                ("entry_cli", "x", "PYSOURCE"),
            ]
            self.pure: list[Any] = []

    built: dict[str, Any] = {"exe": []}

    def exe(*args: Any, **kwargs: Any) -> dict[str, Any]:
        built["exe"].append({"scripts": [s[0] for s in args[1]], "options": args[2], **kwargs})
        return kwargs

    def collect(*args: Any, **kwargs: Any) -> None:
        built["collect"] = kwargs

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda name, filter=None: [name]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    namespace: dict[str, Any] = {
        "SPECPATH": str(INSTALLER), "Analysis": Analysis, "PYZ": lambda *a, **k: None, "EXE": exe, "COLLECT": collect,
    }  # fmt: skip
    exec(compile((INSTALLER / "hoagiai.spec").read_text(encoding="utf-8"), "hoagiai.spec", "exec"), namespace)
    return _Captured.analysis, {**namespace, **built}


def test_spec_ships_migrations_forms_fonts_and_catalogues(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis, _ns = _run_spec(monkeypatch)
    dests = {
        (Path(src).relative_to(ROOT).as_posix(), dest.replace("\\", "/")) for src, dest in analysis["datas"]
    }
    files = {src for src, _ in dests}
    assert ("hoagiai_desktop/storage/migrations/env.py", "hoagiai_desktop/storage/migrations") in dests
    versions = sorted(p.name for p in (ROOT / "hoagiai_desktop/storage/migrations/versions").glob("*.py"))
    assert versions and all(f"hoagiai_desktop/storage/migrations/versions/{v}" in files for v in versions)
    forms = sorted((ROOT / "hoagiai_desktop/reports/forms").glob("*.json"))
    assert forms and all(f.relative_to(ROOT).as_posix() in files for f in forms)
    regimes = sorted((ROOT / "hoagiai_desktop/domain/regimes").glob("*.json"))
    assert len(regimes) >= 2 and all(f.relative_to(ROOT).as_posix() in files for f in regimes)
    fonts = sorted((ROOT / "hoagiai_desktop/resources/fonts").glob("*.ttf"))
    assert fonts and all(f.relative_to(ROOT).as_posix() in files for f in fonts)
    for mo in (ROOT / "hoagiai_desktop/locale").glob("*/LC_MESSAGES/*.mo"):
        assert mo.relative_to(ROOT).as_posix() in files
    assert not any("__pycache__" in f for f in files)
    assert "pytest" in analysis["excludes"] and "mypy" in analysis["excludes"]
    assert any(
        m.startswith("hoagiai_desktop") for m in analysis["hiddenimports"]
    )  # cli commands load by name


def test_spec_trims_locales_and_the_quick_stack_and_builds_two_programs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _analysis, ns = _run_spec(monkeypatch)
    a = ns["a"]
    names = {d[0] for d in a.datas}
    assert "babel/locale-data/vi.dat" in names and "babel/locale-data/root.dat" in names
    assert "babel/locale-data/fr.dat" not in names
    assert not any("Qt/translations" in n for n in names)
    binaries = {b[0].rsplit("/", 1)[-1] for b in a.binaries}
    assert binaries == {"libQt6Widgets.so.6", "libqxcb.so"}
    programs = {e["name"]: e for e in ns["exe"]}
    assert set(programs) == {"HoaGiai", "hoagiai-cli"}
    assert programs["HoaGiai"]["console"] is False and programs["hoagiai-cli"]["console"] is True
    assert "entry_cli" not in programs["HoaGiai"]["scripts"] and "pyi_rth_x" in programs["HoaGiai"]["scripts"]
    assert "entry_window" not in programs["hoagiai-cli"]["scripts"]
    assert all(("X utf8", None, "OPTION") in p["options"] for p in programs.values())  # UTF-8 mode


def _nsi() -> str:
    return (INSTALLER / "hoagiai.nsi").read_text(encoding="utf-8")


def test_nsis_script_speaks_both_languages_and_keeps_the_data_unless_asked() -> None:
    text = _nsi()
    assert re.search(r"^Unicode true$", text, flags=re.MULTILINE)
    assert '!insertmacro MUI_LANGUAGE "Vietnamese"' in text and '!insertmacro MUI_LANGUAGE "English"' in text
    strings = re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\}", text, flags=re.MULTILINE)
    by_name: dict[str, set[str]] = {}
    for name, lang in strings:
        by_name.setdefault(name, set()).add(lang)
    assert by_name and all(langs == {"VIETNAMESE", "ENGLISH"} for langs in by_name.values()), by_name
    used = set(re.findall(r"\$\((\w+)\)", text))
    assert used <= set(by_name), used - set(by_name)
    data_section = re.search(
        r'^Section (/o )?"un\.\$\(UNSEC_DATA\)".*?SectionEnd', text, flags=re.MULTILINE | re.DOTALL
    )
    assert data_section is not None and data_section.group(1) == "/o "  # unticked by default
    assert 'RMDir /r "$LOCALAPPDATA\\HoaGiai"' in data_section.group(0)
    app_section = re.search(
        r'^Section "!un\.\$\(UNSEC_APP\)".*?SectionEnd', text, flags=re.MULTILINE | re.DOTALL
    )
    assert app_section is not None and "LOCALAPPDATA\\HoaGiai" not in app_section.group(0)
    assert "$SMPROGRAMS" in text and "$DESKTOP" in text


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (NSIS) not installed")
def test_nsis_script_compiles_against_a_stand_in_payload(tmp_path: Path) -> None:
    from PIL import Image

    payload = tmp_path / "HoaGiai"
    (payload / "_internal").mkdir(parents=True)
    (payload / "HoaGiai.exe").write_bytes(b"MZ stand-in")
    (payload / "hoagiai-cli.exe").write_bytes(b"MZ stand-in")
    (payload / "_internal" / "base_library.zip").write_bytes(b"PK")
    icon = tmp_path / "hoagiai.ico"
    Image.new("RGBA", (32, 32), (198, 40, 40, 255)).save(icon, sizes=[(32, 32)])
    out = tmp_path / "HoaGiai-setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-DNOCOMPRESS", f"-DPAYLOAD={payload}", "-DVERSION=0.1.0", f"-DICON={icon}",
         f"-DOUTFILE={out}", str(INSTALLER / "hoagiai.nsi")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_icon_master_is_a_square_svg() -> None:
    root = ET.parse(ROOT / "resources" / "icons" / "hoagiai.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 256 256"


def test_scripts_are_valid_shell() -> None:
    for script in ("build.sh", "smoke_test.sh"):
        subprocess.run(["bash", "-n", str(INSTALLER / script)], check=True)


def test_build_outputs_are_not_committed() -> None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    generated = [p for p in tracked if p.endswith((".mo", ".qm")) or p.startswith(("build/", "dist/"))]
    assert generated == []
    assert {"i18n/vi.po", "i18n/en.po", "i18n/hoagiai_desktop.pot", "i18n/qtbase_vi.ts"} <= set(tracked)


def test_windows_workflow_builds_on_windows_with_nsis() -> None:
    text = (INSTALLER / "windows-build.yml").read_text(encoding="utf-8")
    assert re.search(r"runs-on:\s*windows-latest", text)
    for needed in ("actions/setup-python", "installer\\build.ps1", "nsis"):
        assert needed in text
    ps1 = (INSTALLER / "build.ps1").read_text(encoding="utf-8")
    for needed in ("pyinstaller", "hoagiai_desktop.i18n_build", "makensis", "hoagiai.spec", "hoagiai.nsi"):
        assert needed in ps1.lower() or needed in ps1
