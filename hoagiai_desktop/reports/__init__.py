"""Official outputs of DOMAIN §5: NĐ 30/2020 PDFs (and .xlsx for the tables), forms as data, estimates, finalising.

Entry points: :func:`hoagiai_desktop.reports.render.render_report`, :func:`.estimates.propose_estimates`,
:func:`.finalise.finalise`, :func:`.finalise.changes_since_finalised`, :func:`.definitions.list_definitions`,
:func:`.definitions.import_definition` and :data:`.render.FORMS`.
"""
