"""Manifest, dependencies and data files."""

from __future__ import annotations

from odoo_factory.qa import check_addon
from tests.qa.conftest import AddonMaker

VIEW = '<?xml version="1.0"?>\n<odoo/>\n'


def _rules(make_addon: AddonMaker, series: str = "18.0", **kwargs: object) -> dict[str, str]:
    report = check_addon(make_addon(**kwargs), series, run_pylint_step=False)
    return {d.rule: d.severity.value for d in report.diagnostics}


def test_minimal_addon_is_clean(make_addon: AddonMaker) -> None:
    assert _rules(make_addon, files={"views/v.xml": VIEW}) == {}


def test_manifest_keys_license_and_version(make_addon: AddonMaker) -> None:
    found = _rules(
        make_addon,
        manifest={"licence": "LGPL-3", "license": "WTFPL", "version": "16.0.1.0.0", "name": ""},
    )
    assert found == {
        "manifest-unknown-key": "info",
        "manifest-license": "error",
        "manifest-version-series": "error",
        "manifest-name": "error",
    }


def test_foreign_version_is_a_warning_where_odoo_installs_it(make_addon: AddonMaker) -> None:
    found = _rules(make_addon, series="16.0", manifest={"version": "15.0.1.0.0"})
    assert found == {"manifest-version-series": "warning"}


def test_malformed_version(make_addon: AddonMaker) -> None:
    assert _rules(make_addon, manifest={"version": "1.0-beta"}) == {"manifest-version": "error"}
    assert _rules(make_addon, name="short_version", manifest={"version": "1.0.2"}) == {}


def test_dependencies(make_addon: AddonMaker) -> None:
    found = _rules(make_addon, manifest={"depends": ["sale", "account_accountant", "nope_xyz"]})
    assert found == {"dependency-enterprise": "info", "dependency-unknown": "error"}


def test_sibling_addon_counts_as_dependency(make_addon: AddonMaker) -> None:
    make_addon("my_base")
    assert _rules(make_addon, name="my_child", manifest={"depends": ["my_base"]}) == {}


def test_data_files_listed_and_present(make_addon: AddonMaker) -> None:
    found = _rules(
        make_addon,
        files={"views/a.xml": VIEW, "data/deep/loaded_by_code.xml": VIEW},
        manifest={"data": ["views/b.xml"]},
    )
    assert found == {"data-file-missing": "error", "data-file-unlisted": "warning"}
