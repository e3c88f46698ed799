"""Which kinds of record a write changed (DESIGN rule 2–3): the typed ``Changes`` every write's ``Outcome`` carries.

The window broadcasts them after a write (``ui/ops.py``) and each page refreshes when a kind it watches changed,
so no page has to know which other pages show what it just saved. A flag is set by the service that wrote the
records of that kind; ``everything`` says the whole file may differ (an import, a restore, a demo load).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # a type only: a service that merely reads (hoagiai stats) need not load the rules
    from hoagiai_desktop.domain.rules import Finding

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """One flag per kind of record; combine with ``|``, ask with :meth:`touches`."""

    villages: bool = False
    teams: bool = False
    mediators: bool = False  # mediators and their memberships of teams
    cases: bool = False
    training: bool = False  # training events, attendance and guests
    unit: bool = False  # the commune's (or province's) own details and keys
    targets: bool = False  # the QĐ 315 targets of the Đề án
    regime: bool = False  # the reporting regime chosen in Settings
    report: bool = False  # finalised reports, sent packages, receipts, form definitions
    narrative: bool = False  # the paragraphs the officer wrote for a report
    province: bool = False  # the province's communes, received packages and deadlines
    users: bool = False  # logins and roles
    everything: bool = False  # the whole file may differ (import, restore)

    @classmethod
    def all(cls) -> Changes:
        """Every kind changed (after an import or a restore)."""
        return cls(**{f.name: True for f in fields(cls)})

    @classmethod
    def kinds(cls) -> tuple[str, ...]:
        """The names of the flags, ``everything`` last."""
        return tuple(f.name for f in fields(cls))

    def names(self) -> tuple[str, ...]:
        """The flags that are set, in declaration order."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    def __or__(self, other: Changes) -> Changes:
        return replace(self, **{name: True for name in other.names()})

    def __bool__(self) -> bool:
        return bool(self.names())

    def touches(self, watched: Changes) -> bool:
        """True when a page watching ``watched`` must refresh after these changes."""
        if self.everything:
            return True
        if watched.everything:
            return bool(self)
        return any(getattr(watched, name) for name in self.names())


NOTHING = Changes()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a write returns: the saved value (detached, relations loaded), the warnings to show and which kinds
    of record it changed (the window refreshes the pages that show them). ``changes`` has no default, so a write
    cannot forget to say what it touched."""

    value: T
    warnings: list[Finding] = field(default_factory=list)
    changes: Changes = field(kw_only=True)
