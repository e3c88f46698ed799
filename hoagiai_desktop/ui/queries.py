"""Kept only so older imports still work: the register list queries live in
:mod:`hoagiai_desktop.services.list_queries` (the window and the command line call the same services)."""

from hoagiai_desktop.services.list_queries import (
    CaseRow,
    MediatorDetail,
    MediatorFilter,
    MediatorRow,
    TrainingRow,
    id_for_code,
    mediator_detail,
    mediator_ids,
    mediator_rows,
    today,
)

__all__ = [
    "CaseRow",
    "MediatorDetail",
    "MediatorFilter",
    "MediatorRow",
    "TrainingRow",
    "id_for_code",
    "mediator_detail",
    "mediator_ids",
    "mediator_rows",
    "today",
]
