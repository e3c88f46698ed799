"""Translation catalogue tooling: compile (build step), extract/update, check. No Qt import here.

``python -m hoagiai_desktop.i18n_build``            compile ``i18n/<lang>.po`` → ``hoagiai_desktop/locale/<lang>/
LC_MESSAGES/hoagiai_desktop.mo`` and ``i18n/qtbase_vi.ts`` → ``hoagiai_desktop/locale/qtbase_vi.qm`` (with
``pyside6-lrelease``). Outputs are build artefacts, not committed; the installer and CI run this.
``python -m hoagiai_desktop.i18n_build update``     re-extract the template from the source and merge it into vi/en.
``python -m hoagiai_desktop.i18n_build check``      list untranslated/fuzzy Vietnamese entries and placeholder
mismatches (exit 1 if any).

The UI gets Qt's own Vietnamese strings (OK/Cancel/Yes/No, the file dialog, the line-edit menu) with
``qt_translation_file("vi")`` — a path to load into a ``QTranslator``.
"""

from __future__ import annotations

import io
import re
import shutil
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from hoagiai_desktop.i18n import N_

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent
SOURCE = ROOT / "i18n"
TARGET = PACKAGE / "locale"
DOMAIN = "hoagiai_desktop"
TEMPLATE = SOURCE / f"{DOMAIN}.pot"
LANGUAGES = ("vi", "en")

# The same keywords as the documented `pybabel extract -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2`.
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
METHOD_MAP = [("**.py", "python")]


# ---- argparse's own words --------------------------------------------------------------------------------------

# argparse asks gettext for these (Python 3.11+); marked here so they are extracted and translated with the rest.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),  # pass it as help= to the version action: argparse does not
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def install_argparse_translations() -> None:
    """Route argparse's own words ("usage:", "options", its error messages) through our catalogue.

    argparse looks ``_``/``ngettext`` up in its module globals each time it formats help or an error, so calling
    this once at start-up (before building the parser) is enough; the current language applies.
    """
    import argparse

    from hoagiai_desktop import i18n

    def gettext(message: str) -> str:
        return i18n._(message) if message else message

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    if False:  # extraction only: argparse's plural message
        i18n.ngettext("expected %s argument", "expected %s arguments", 2)


# ---- compile -------------------------------------------------------------------------------------------------


def lrelease_command() -> str | None:
    """``pyside6-lrelease`` from PATH or from the running interpreter's venv."""
    for candidate in (
        shutil.which("pyside6-lrelease"),
        str(Path(sys.executable).parent / "pyside6-lrelease"),
        str(Path(sys.executable).parent / "pyside6-lrelease.exe"),
        str(Path(sys.executable).parent / "Scripts" / "pyside6-lrelease.exe"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def compile_ts(ts: Path, out: Path) -> Path:
    lrelease = lrelease_command()
    if lrelease is None:
        raise RuntimeError("pyside6-lrelease not found; install PySide6-Essentials")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(out)], check=True)
    return out


def compile_catalogues(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    written: list[Path] = []
    for po in sorted(source.glob("*.po")):
        lang = po.stem
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        out = target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(out)
    if lrelease_command() is not None:
        for ts in sorted(source.glob("*.ts")):
            written.append(compile_ts(ts, target / f"{ts.stem}.qm"))
    return written


def qt_translation_file(lang: str) -> Path | None:
    """Compiled Qt catalogue for ``lang`` (``qtbase_<lang>.qm``), or None when there is none (English).

    Looks in the package's ``locale`` folder (installed/bundled builds); in a source checkout where the build step
    has not run, or ran before ``i18n/qtbase_<lang>.ts`` last changed, compiles the .ts into a temporary folder.
    """
    name = f"qtbase_{lang}"
    built = TARGET / f"{name}.qm"
    ts = SOURCE / f"{name}.ts"
    fresh_source = ts.exists() and lrelease_command() is not None
    if built.exists() and not (fresh_source and ts.stat().st_mtime > built.stat().st_mtime):
        return built
    if not fresh_source:
        return built if built.exists() else None
    cached = Path(tempfile.gettempdir()) / "hoagiai-qm" / f"{name}.qm"
    if not cached.exists() or cached.stat().st_mtime < ts.stat().st_mtime:
        compile_ts(ts, cached)
    return cached


# ---- extract / update ----------------------------------------------------------------------------------------


def extract_messages(package_dir: Path = PACKAGE) -> Catalog:
    """Every msgid marked in the source (the same result as the documented ``pybabel extract``)."""
    catalog = Catalog(
        project="HoaGiai Desktop",
        version=_version(),
        msgid_bugs_address="",
        copyright_holder="HoaGiai Desktop",
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package_dir),
        METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if "__pycache__" in filename:
            continue
        path = (package_dir.name + "/" + filename).replace("\\", "/")
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _version() -> str:
    from hoagiai_desktop import __version__

    return __version__


def update_catalogues() -> None:
    """Re-extract the template and merge it into every language (new entries empty, vanished ones dropped)."""
    template = extract_messages()
    _write_stable(TEMPLATE, template, width=0, sort_by_file=True, include_lineno=False)
    for lang in LANGUAGES:
        po = SOURCE / f"{lang}.po"
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="HoaGiai Desktop")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project, catalog.version = "HoaGiai Desktop", _version()
        catalog.copyright_holder = "HoaGiai Desktop"
        catalog.msgid_bugs_address = ""
        catalog.last_translator = "HoaGiai Desktop"
        catalog.language_team = {"vi": "Vietnamese", "en": "English"}.get(lang, lang)
        _write_stable(
            po,
            catalog,
            width=0,
            sort_by_file=True,
            ignore_obsolete=True,
            include_previous=False,
            include_lineno=False,
        )


# Header lines that change with the clock or the Babel version: written as constants so that two engineers who
# re-extract on different days do not conflict on the first lines of every catalogue.
_VOLATILE_HEADERS = (
    (re.compile(rb'"POT-Creation-Date: [^"]*"'), rb'"POT-Creation-Date: 2026-01-01 00:00+0000\\n"'),
    (re.compile(rb'"Generated-By: [^"]*"'), rb'"Generated-By: Babel\\n"'),
)


def _write_stable(path: Path, catalog: Catalog, **options: bool | int) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, **options)  # type: ignore[arg-type]
    data = buffer.getvalue()
    for pattern, constant in _VOLATILE_HEADERS:
        data = pattern.sub(constant, data, count=1)
    path.write_bytes(data)


# ---- check ---------------------------------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def placeholders(text: str) -> set[str]:
    """Named ``{n}``-style fields plus ``%(name)s``/``%s`` printf fields of ``text`` (``%%``/``{{`` ignored)."""
    found: set[str] = set()
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                found.add("{" + field + "}")
    except ValueError:
        found.add("<unbalanced braces>")
    for match in _PERCENT.finditer(text):
        if match.group(0) != "%%":
            found.add(match.group(0) if match.group(1) is None else f"%({match.group(1)})")
    return found


def message_problems(message: Message, *, require_translation: bool = True) -> list[str]:
    """What is wrong with one catalogue entry (empty list when it is fine)."""
    if not message.id:
        return []
    problems: list[str] = []
    ids = [str(i) for i in (message.id if isinstance(message.id, (list, tuple)) else (message.id,))]
    raw = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    strs = [s or "" for s in raw]
    label = ids[0]
    if message.fuzzy:
        problems.append(f"fuzzy: {label!r}")
    if not all(strs):
        if require_translation:
            problems.append(f"untranslated: {label!r}")
        return problems
    if len(ids) == 1:
        want = placeholders(ids[0])
        if placeholders(strs[0]) != want:
            problems.append(
                f"placeholders differ in {label!r}: {sorted(want)} vs {sorted(placeholders(strs[0]))}"
            )
    else:
        allowed = placeholders(ids[0]) | placeholders(ids[1])
        plural = placeholders(ids[1])
        for form in strs:
            got = placeholders(form)
            if not got <= allowed:
                problems.append(f"unknown placeholders in {label!r}: {sorted(got - allowed)}")
            elif len(strs) == 1 and got != plural:  # one form for every n (Vietnamese): it is the plural's
                problems.append(f"placeholders differ in {label!r}: {sorted(plural)} vs {sorted(got)}")
    return problems


def catalogue_problems(po: Path, *, require_translation: bool = True) -> list[str]:
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.stem)
    problems: list[str] = []
    for message in catalog:
        problems += message_problems(message, require_translation=require_translation)
    return problems


def missing_msgids(po: Path, template: Catalog) -> list[str]:
    """Msgids marked in the source that ``po`` does not contain (the catalogue needs an update)."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.stem)
    have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
    missing: list[str] = []
    for message in template:
        if not message.id:
            continue
        key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
        if key not in have:
            missing.append(key[0])
    return missing


def _main(argv: Iterable[str]) -> int:
    args = list(argv)
    command = args[0] if args else "compile"
    if command == "compile":
        for path in compile_catalogues():
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        return 0
    if command == "update":
        update_catalogues()
        print(
            f"updated {TEMPLATE.relative_to(ROOT)} and {', '.join(f'i18n/{lang}.po' for lang in LANGUAGES)}"
        )
        return 0
    if command == "check":
        problems = catalogue_problems(SOURCE / "vi.po")
        problems += [
            f"missing from vi.po: {m!r}" for m in missing_msgids(SOURCE / "vi.po", extract_messages())
        ]
        print("\n".join(problems) or "vi.po is complete")
        return 1 if problems else 0
    print("usage: python -m hoagiai_desktop.i18n_build [compile|update|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
