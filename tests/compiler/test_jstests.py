"""JavaScript unit tests of the spec's components: the test file written per series (QUnit in
16.0 and 17.0, hoot from 18.0) in its test bundle, the Python test that runs each one headless
with the series' success signal, the ids that select one test, and wrong specs refused with a
location."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.compiler.jstests import js_test_id
from odoo_factory.errors import SpecError
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse
from tests.compiler.test_webclient import HEAD, WEB

JS_TESTS = """\
requirements: [{id: J1, text: The badge shows the priority's label}]
js_tests:
  - name: badge_shows_label
    proves: [J1]
    component: priority_badge
    values: {value: "2", text: "Urgent </script> ${x}"}
    contains: [Urgent]
    selectors: [.o_prio_2]
  - name: dashboard_counts
    component: dashboard
    values: {counts: {open: 3}}
    contains: [3 open]
"""


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


def _manifest(files: dict[str, str]) -> dict[str, object]:
    value = ast.literal_eval(files["__manifest__.py"])
    assert isinstance(value, dict)
    return value


def _cases(js: str) -> list[dict[str, object]]:
    match = re.search(r"^const TESTS = (\[.*?^\]);$", js, re.MULTILINE | re.DOTALL)
    assert match, js
    cases = json.loads(match.group(1))
    assert isinstance(cases, list)
    return cases


def test_the_ids_are_those_of_qunit_and_hoot() -> None:
    # values computed by QUnit's and hoot's generateHash in a browser
    assert js_test_id("js_demo JS tests", "badge_shows_label") == "7ab03ac4"
    assert js_test_id("@web/core/autocomplete/open dropdown on input") == "ee565d54"
    assert js_test_id("@web/core") == "e39ce9ba"


@pytest.mark.parametrize(
    ("series", "path", "bundle", "framework"),
    [
        ("16.0", "static/tests/desk_tests.js", "web.qunit_suite_tests", "QUnit.test("),
        ("17.0", "static/tests/desk_tests.js", "web.qunit_suite_tests", "QUnit.test("),
        ("18.0", "static/tests/desk.test.js", "web.assets_unit_tests", '"@odoo/hoot"'),
        ("19.0", "static/tests/desk.test.js", "web.assets_unit_tests", '"@odoo/hoot"'),
    ],
)
def test_the_test_file_in_the_series_bundle(
    series: str, path: str, bundle: str, framework: str
) -> None:
    files = render_addon(parse(HEAD + WEB + JS_TESTS), series)
    js = files[path]
    assert framework in js
    assets = _manifest(files)["assets"]
    assert isinstance(assets, dict)
    assert assets[bundle] == [f"desk/{path}"]
    assert f"desk/{path}" not in assets["web.assets_backend"]
    cases = _cases(js)
    assert [c["name"] for c in cases] == ["badge_shows_label", "dashboard_counts"]
    assert cases[0]["template"] == "desk.PriorityBadge"
    assert cases[0]["values"] == {"value": "2", "text": "Urgent </script> ${x}"}
    assert "</script>" not in js  # the data cannot end a script element
    assert cases[1]["template"] == "desk.Dashboard"
    assert files["tests/__init__.py"] == "from . import test_desk\nfrom . import test_desk_js\n"


@pytest.mark.parametrize(
    ("series", "url", "signal"),
    [
        ("16.0", f"/web/tests?testId={js_test_id('desk JS tests', 'badge_shows_label')}", None),
        (
            "17.0",
            f"/web/tests?testId={js_test_id('desk > desk JS tests', 'badge_shows_label')}",
            None,
        ),
        (
            "18.0",
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&test={js_test_id('@desk/desk/badge_shows_label')}",
            "[HOOT] test suite succeeded",
        ),
        (
            "19.0",
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&id={js_test_id('@desk/desk/badge_shows_label')}",
            "[HOOT] Test suite succeeded",
        ),
    ],
)
def test_the_python_test_runs_each_js_test_headless(
    series: str, url: str, signal: str | None
) -> None:
    files = render_addon(parse(HEAD + WEB + JS_TESTS), series)
    code = files["tests/test_desk_js.py"]
    tree = ast.parse(code)
    [case] = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert case.name == "TestDeskJs"
    methods = {n.name: n for n in case.body if isinstance(n, ast.FunctionDef)}
    assert set(methods) == {"_run_js_test", "test_js_badge_shows_label", "test_js_dashboard_counts"}
    assert ast.get_docstring(methods["test_js_badge_shows_label"]) == "Proves: J1."
    assert ast.get_docstring(methods["test_js_dashboard_counts"]) is None
    assert repr(url) in code.replace('"', "'") or f'"{url}"' in code
    assert 'login="admin"' in code
    if signal:
        assert f'success_signal="{signal}"' in code
    else:
        assert "success_signal" not in code
    requirements = json.loads(files["tests/requirements.json"])
    assert requirements["requirements"][0]["id"] == "J1"


def test_14_and_15_a_legacy_qunit_module() -> None:
    files14 = render_addon(parse(HEAD + WEB + JS_TESTS), "14.0")
    js = files14["static/tests/desk_tests.js"]
    assert js.startswith('odoo.define("desk.js_tests", function (require) {')
    assert "core.qweb.render(spec.template, spec.values)" in js
    assert "assert.expect(" in js
    assert _cases(js.replace("var TESTS", "const TESTS"))[0]["template"] == "desk.PriorityBadge"
    suite = ET.fromstring(files14["views/webclient.xml"]).find(
        "template[@inherit_id='web.qunit_suite_tests']"
    )
    assert suite is not None
    assert suite.find("xpath/script").get("src") == "/desk/static/tests/desk_tests.js"  # type: ignore[union-attr]
    assert "web.qunit_suite_tests" not in files14["__manifest__.py"]
    files15 = render_addon(parse(HEAD + WEB + JS_TESTS), "15.0")
    assets = _manifest(files15)["assets"]
    assert isinstance(assets, dict)
    assert assets["web.qunit_suite_tests"] == ["desk/static/tests/desk_tests.js"]
    code = files15["tests/test_desk_js.py"]
    assert f"/web/tests?testId={js_test_id('desk JS tests', 'badge_shows_label')}" in code


@pytest.mark.parametrize("series", ["12.0", "13.0"])
def test_before_14_js_tests_are_refused_naming_the_series_that_have_them(
    series: str, tmp_path: Path
) -> None:
    spec = tmp_path / "desk.yaml"
    spec.write_text(HEAD + WEB + JS_TESTS, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        build_addon(spec, series, tmp_path / "out")
    said = f"{caught.value.message} {caught.value.hint}"
    assert f"Odoo {series} has no JS tests" in said
    assert "14.0 to 17.0 (QUnit) and 18.0 and later (hoot)" in said
    assert caught.value.line is not None


def test_no_js_test_no_file() -> None:
    files = render_addon(parse(HEAD + WEB), "18.0")
    assert not [p for p in files if p.startswith("static/tests/") or p.endswith("_js.py")]
    assert "web.assets_unit_tests" not in str(_manifest(files))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            JS_TESTS.replace("component: priority_badge", "component: priority_bdage"),
            "did you mean 'priority_badge'?",
        ),
        (JS_TESTS.replace("proves: [J1]", "proves: [J2]"), "'J2', which is not a criterion"),
        (
            JS_TESTS.replace("name: dashboard_counts", "name: badge_shows_label"),
            "duplicate JS test 'badge_shows_label'",
        ),
        (JS_TESTS.replace("    contains: [3 open]\n", ""), "checks nothing"),
        (JS_TESTS.replace("selectors: [.o_prio_2]", "selectors: ['  ']"), "not a CSS selector"),
    ],
)
def test_wrong_js_tests_are_refused_with_a_location(text: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + WEB + text)
    said = f"{caught.value.message} {caught.value.hint}"
    assert words in said, said
    assert caught.value.line is not None


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("series", ["14.0", "15.0", "16.0", "17.0", "18.0", "19.0"])
def test_the_test_javascript_parses(series: str) -> None:
    files = render_addon(parse(HEAD + WEB + JS_TESTS), series)
    [path] = [p for p in files if p.startswith("static/tests/")]
    module = files[path].startswith("/** @odoo-module **/")
    done = subprocess.run(
        ["node", "--input-type=module" if module else "--input-type=commonjs", "--check"],
        input=files[path],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("series", ["14.0", "17.0", "19.0"])
def test_the_python_test_is_ruff_format_clean(series: str, tmp_path: Path) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed beside the interpreter")
    files = render_addon(parse(HEAD + WEB + JS_TESTS), series)
    path = tmp_path / "test_desk_js.py"
    path.write_text(files["tests/test_desk_js.py"], encoding="utf-8")
    done = subprocess.run(
        [str(ruff), "format", "--isolated", "--line-length", "100", "--diff", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
