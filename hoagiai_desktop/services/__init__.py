"""Use cases shared by the window, the command line and import: one transaction each, detached results.

Modules: :mod:`.common` (Outcome, ValidationError, RuleBlocked), :mod:`.unit`, :mod:`.registry` (villages, teams,
mediators, memberships), :mod:`.cases`, :mod:`.training`, :mod:`.targets` and :mod:`.attention` (the dashboard's "needs attention" list).

Reads: one module per entity — :mod:`.cases_read`, :mod:`.mediators_read`, :mod:`.teams_read`,
:mod:`.villages_read`, :mod:`.training_read` — each a typed filter → ids sorted by the database → frozen row and
detail dataclasses (never ORM objects); :mod:`.read_sql` holds the SQL helpers they share.
"""
