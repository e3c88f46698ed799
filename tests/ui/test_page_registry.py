"""Every page of the navigation is really there: imported directly, so a page that fails to import fails this test
with its own traceback (the window would only show a placeholder sentence and log it)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from hoagiai_desktop.ui.navigation import PAGES, PageSpec
from hoagiai_desktop.ui.pages.base import Page


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_every_registered_page_imports_and_is_a_page(spec: PageSpec) -> None:
    module = importlib.import_module(spec.module)
    cls = getattr(module, spec.cls)
    assert issubclass(cls, Page)


def test_the_window_built_every_page_for_real(make_window: Any, demo_db: Any) -> None:
    window = make_window(demo_db)
    for spec, cls in window.specs:
        assert cls.__name__ != "UnavailablePage", spec.key
    assert window.page_keys() == [spec.key for spec in PAGES]
