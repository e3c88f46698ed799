"""Reusable widgets shared by every page.

* :mod:`.search_box` — ``SearchBox``: a line edit that emits ``search_changed(text)`` ~150 ms after typing stops.
* :mod:`.filter_bar` — ``FilterBar``: a row of labelled combo boxes; ``values()`` → dict; ``changed`` signal.
* :mod:`.lazy_table` — ``LazyTableModel`` + ``Column``: ids come sorted from the database, rows are fetched in
  blocks on the worker thread as the view shows them; ``data()`` never runs a query.
* :mod:`.forms` — ``RecordForm``: labelled fields with an error label under each, Enter moves to the next field,
  dirty tracking; ``DateField``, ``YearField``, ``enum_combo``.
* :mod:`.unsaved` — ``ask_unsaved(parent)`` → "save" / "discard" / "cancel".
* :mod:`.error_dialog` — ``show_error(parent, exc)``: a UserError as one sentence, anything else with
  "copy details".
"""
