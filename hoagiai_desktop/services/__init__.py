"""Use cases shared by the window, the command line and import: one transaction each, detached results.

Modules: :mod:`.common` (Outcome, ValidationError, RuleBlocked), :mod:`.unit`, :mod:`.registry` (villages, teams,
mediators, memberships), :mod:`.cases`, :mod:`.training`, :mod:`.targets`, :mod:`.lists` (read-side lists and
detail loaders) and :mod:`.attention` (the dashboard's "needs attention" list).
"""
