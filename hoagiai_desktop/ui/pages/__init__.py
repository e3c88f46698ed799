"""One module per page of the navigation; each defines ``class XPage(Page)`` (see ``base.py``)."""
