"""Log lines that cannot hold names, addresses or case text — also when something fails.

The log is for support: what failed and where. The data is never needed for that, and an error message often
carries it (a database error with its parameters, a refused value quoted back, a traceback whose last line
repeats the text of a cell). So the formatter keeps the code's own message template and what is certainly not
data, and drops the rest:

* an argument is kept when it is a number or a short identifier-like word (a command name, a revision, a page
  key); any other text becomes ``‹text, N chars›``;
* a traceback (from ``log.exception`` or passed as text) keeps only its frames — file, line, function — and the
  names of the exception classes, never their messages.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from typing import Any

_SAFE = re.compile(r"^[A-Za-z0-9_.:/\\-]{0,64}$")
_FRAME = re.compile(r'^\s*File "[^"]*", line \d+, in \S+$')
_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*)(:|$)")
_CHAIN = (
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
)


def _hidden(text: str) -> str:
    return f"‹text, {len(text)} chars›"


def scrub_traceback(text: str) -> str:
    """Frames and exception class names of a formatted traceback; nothing the exception said."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("Traceback (most recent call last)") or stripped in _CHAIN:
            out.append(stripped)
        elif _FRAME.match(line):
            out.append(line.rstrip())
        elif not line.startswith((" ", "\t")) and (m := _EXC_LINE.match(line)):
            out.append(m.group(1))
    return "\n".join(out)


def safe_argument(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if "Traceback (most recent call last)" in text:
        return "\n" + scrub_traceback(text)
    if _SAFE.match(text):
        return text
    return _hidden(text)


def fault_codes(exc: BaseException) -> list[str]:
    """The error codes along the chain (``ENOSPC``, ``SQLITE_FULL``): what support needs, and never data."""
    import errno

    codes: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        number = getattr(current, "errno", None)
        if isinstance(current, OSError) and isinstance(number, int):
            codes.append(errno.errorcode.get(number, str(number)))
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str) and _SAFE.match(name):
            codes.append(name)
        current = current.__cause__ or current.__context__
    return codes


class PrivateFormatter(logging.Formatter):
    """``logging.Formatter`` that drops data from messages and tracebacks (see the module text)."""

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        if isinstance(safe.args, tuple):
            safe.args = tuple(safe_argument(a) for a in safe.args)
        elif isinstance(safe.args, dict):
            safe.args = {k: safe_argument(v) for k, v in safe.args.items()}
        safe.exc_text = None
        return super().format(safe)

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None],
    ) -> str:
        if ei[1] is None:
            return ""
        text = "".join(traceback.format_exception(ei[1]))
        codes = fault_codes(ei[1])
        return scrub_traceback(text) + (f"\n(codes: {', '.join(codes)})" if codes else "")

    def formatStack(self, stack_info: str) -> str:
        return scrub_traceback("Traceback (most recent call last):\n" + stack_info)
