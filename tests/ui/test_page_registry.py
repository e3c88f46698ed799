"""Every page of the navigation is really there: imported directly, so a page that fails to import fails this test
with its own traceback (the window would only show a placeholder sentence and log it)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from hoagiai_desktop.ui.navigation import BOTH, COMMUNE, PAGES, PROVINCE, PageSpec, pages_for
from hoagiai_desktop.ui.pages.base import Page


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_every_registered_page_imports_and_is_a_page(spec: PageSpec) -> None:
    module = importlib.import_module(spec.module)
    cls = getattr(module, spec.cls)
    assert issubclass(cls, Page)


def test_the_window_built_every_page_for_real(make_window: Any, demo_db: Any) -> None:
    window = make_window(demo_db)
    for spec in window.specs:  # each page's module is imported when the page is first built
        assert type(window.page(spec.key)).__name__ != "UnavailablePage", spec.key
    assert window.page_keys() == [spec.key for spec in pages_for(COMMUNE)]


def test_every_page_belongs_to_a_kind_of_data_file_and_each_kind_has_its_own() -> None:
    """A commune's file shows no province page and a province's no commune register (DOMAIN §8); the pages
    that make sense for both (settings, backup) are on both."""
    assert all(spec.files and set(spec.files) <= set(BOTH) for spec in PAGES)
    commune = {spec.key for spec in pages_for(COMMUNE)}
    province = {spec.key for spec in pages_for(PROVINCE)}
    assert {
        "villages",
        "teams",
        "mediators",
        "cases",
        "training",
        "reports",
        "dashboard",
    } <= commune - province
    assert {"province_dashboard", "province_receive", "province_completeness", "province_communes"} <= (
        province - commune
    )
    assert commune & province == {"backup", "settings"}
    assert {spec.key for spec in pages_for()} == commune | province
