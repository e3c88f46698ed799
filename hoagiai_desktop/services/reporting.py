"""The reporting regime the province asks for (DOMAIN §4), stored with the data: one door for the window."""

from __future__ import annotations

from hoagiai_desktop.domain import periods_regimes as regimes
from hoagiai_desktop.storage.database import Database


def get_regime(db: Database) -> str:
    """The regime chosen in Settings ("auto" = the default for each year)."""
    with db.reading() as s:
        return regimes.stored_regime(s)


def set_regime(db: Database, regime_id: str) -> None:
    """Remember the regime ("auto", "tt03-2019", "tt17-2025"…); an unknown id raises a one-sentence UserError."""
    with db.transaction() as s:
        regimes.store_regime(s, regime_id)


def regime_options() -> list[tuple[str, str]]:
    """(id, name) of each shipped regime, for the Settings choice (after "auto")."""
    return regimes.regime_choices()
