"""The desktop window — the only package that imports PySide6.

Shape (see each module's docstring):

* ``application.run(db_target, start_page=None)`` — QApplication, bundled font, translators, the window shown at once
  in its "opening the data file" state, then filled (or the refusal said over it) once the file is open.
* ``opening.DataOpening`` — imports the data layer and opens the file on its own thread (made at the very start, at
  work once the window is on screen); on a file without users it goes on to the first page's attention list.
* ``worker.DbWorker`` — one QThread that owns every database call; results come back by signals.
* ``context.UiContext`` — what every page receives: db, worker, settings, navigation, ``changes_made``.
* ``ops.run_op`` — runs a write on the worker, shows progress when it is slow, broadcasts its ``Changes``.
* ``options`` — every setting of the window, declared once with its key, type and default.
* ``language`` — switching the language of the window (gettext, Qt's translator, QLocale).
* ``navigation.PAGES`` — the registry of pages; a page that fails to import shows one sentence and is logged.
* ``pages/`` — one module per page (``class XPage(Page)``), see ``pages/base.py`` for the contract.
* ``widgets/`` — reusable parts: debounced search box, filter bar, lazy table model, forms with field errors,
  unsaved-changes guard, error dialog with "copy details".
"""
