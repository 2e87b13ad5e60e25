"""static/tests/ and tests/: the addon's JavaScript unit tests and the Python test that runs
them headless in Chrome.

Each JS test of the spec renders a component's QWeb template (``renderToString`` of
``@web/core/utils/render``) with the test's values and checks the texts and elements of the
markup. The tests are data (one JSON literal) read by a fixed loop, written per series:

- 16.0 and 17.0: a QUnit module in an ES module, in the ``web.qunit_suite_tests`` bundle; the
  page ``/web/tests?testId=<id>`` runs one test (QUnit's id: a hash of the module's and the
  test's names; 17.0 wraps each test file in a module named by its addon) and logs
  ``test successful`` when it passed;
- 18.0 and later: hoot tests in ``static/tests/*.test.js``, in the ``web.assets_unit_tests``
  bundle; ``/web/tests?headless&...&test=<id>`` (18.0) or ``&id=<id>`` (19.0) runs one test
  (hoot's id: a hash of its full name ``@addon/file/test``) and logs ``[HOOT] test suite
  succeeded`` (18.0) or ``[HOOT] Test suite succeeded`` (19.0).

The Python side is an HttpCase with one method per JS test, ``test_js_<name>``, calling
``browser_js`` as the admin; the page runs that test only, so the first error it logs (the
failed assertion, with its message) fails the method. Its
docstring names the criteria the JS test proves.

14.0 and 15.0 get a legacy QUnit module (``odoo.define``, templates rendered by ``core.qweb``),
added to ``web.qunit_suite_tests`` by a template inheriting it (14.0) or the manifest's assets
(15.0), run like 16.0's.
"""

from __future__ import annotations

import json

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import call, lit
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.jstests import JsTest
from odoo_factory.spec.webclient import camel

__all__ = [
    "JS_TESTS_FROM",
    "js_test_files",
    "js_test_id",
    "js_test_manifest",
    "js_test_records",
    "uses_hoot",
]

JS_TESTS_FROM = 14  # the first major series with JS tests
_TIMEOUT = 600


def uses_hoot(ctx: BuildContext) -> bool:
    return ctx.profile.major >= 18


def js_test_id(*parts: str) -> str:
    """The id QUnit (module, test) and hoot (full name) give a test: Java's string hash of
    the parts joined by U+001C, as 8 hex digits."""
    value = 0
    for char in "\x1c".join(parts):
        value = (value * 31 + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def _legacy(ctx: BuildContext) -> bool:
    return ctx.profile.web_client.startswith("legacy")


def _js_path(ctx: BuildContext) -> str:
    if uses_hoot(ctx):
        return f"static/tests/{ctx.module}.test.js"
    return f"static/tests/{ctx.module}_tests.js"


def _suite(ctx: BuildContext) -> str:
    """QUnit's module name; hoot's suite is the file's path ``@addon/<file>``."""
    if uses_hoot(ctx):
        return f"@{ctx.module}/{ctx.module}"
    return f"{ctx.module} JS tests"


def _test_id(ctx: BuildContext, test: JsTest) -> str:
    if uses_hoot(ctx):
        return js_test_id(f"{_suite(ctx)}/{test.name}")
    if ctx.profile.major >= 17:  # Odoo wraps a test file in a QUnit module named by its addon
        return js_test_id(f"{ctx.module} > {_suite(ctx)}", test.name)
    return js_test_id(_suite(ctx), test.name)


def _template(ctx: BuildContext, name: str) -> str:
    return f"{ctx.module}.{camel(name)}"


def _cases(ctx: BuildContext) -> str:
    cases = [
        {
            "name": t.name,
            "template": _template(ctx, t.component),
            "values": t.values,
            "contains": t.contains,
            "selectors": t.selectors,
        }
        for t in ctx.spec.js_tests
    ]
    # a JSON literal; "</" and U+2028/9 escaped so the data cannot end a script or a line
    text = json.dumps(cases, indent=4, ensure_ascii=True).replace("</", "<\\/")
    return text


_RENDER = """\
function render(spec) {
    const root = document.createElement("div");
    root.innerHTML = renderToString(spec.template, spec.values);
    return { root, text: root.textContent.replace(/\\s+/g, " ").trim() };
}
"""


def _qunit_js(ctx: BuildContext) -> str:
    return (
        "/** @odoo-module **/\n\n"
        'import { renderToString } from "@web/core/utils/render";\n\n'
        f"const TESTS = {_cases(ctx)};\n\n"
        f"{_RENDER}\n"
        f"QUnit.module({json.dumps(_suite(ctx))}, () => {{\n"
        "    for (const spec of TESTS) {\n"
        "        QUnit.test(spec.name, (assert) => {\n"
        "            const { root, text } = render(spec);\n"
        "            for (const part of spec.contains) {\n"
        "                const message = `shows ${JSON.stringify(part)}: ${text}`;\n"
        "                assert.ok(text.includes(part), message);\n"
        "            }\n"
        "            for (const selector of spec.selectors) {\n"
        "                assert.ok(root.querySelector(selector), `holds ${selector}`);\n"
        "            }\n"
        "        });\n"
        "    }\n"
        "});\n"
    )


def _legacy_js(ctx: BuildContext) -> str:
    return (
        f"odoo.define({json.dumps(ctx.module + '.js_tests')}, function (require) {{\n"
        '"use strict";\n\n'
        'var core = require("web.core");\n\n'
        f"var TESTS = {_cases(ctx)};\n\n"
        f"QUnit.module({json.dumps(_suite(ctx))}, function () {{\n"
        "    TESTS.forEach(function (spec) {\n"
        "        QUnit.test(spec.name, function (assert) {\n"
        "            assert.expect(spec.contains.length + spec.selectors.length);\n"
        '            var root = document.createElement("div");\n'
        "            root.innerHTML = core.qweb.render(spec.template, spec.values);\n"
        '            var text = root.textContent.replace(/\\s+/g, " ").trim();\n'
        "            spec.contains.forEach(function (part) {\n"
        '                var message = "shows " + JSON.stringify(part) + ": " + text;\n'
        "                assert.ok(text.indexOf(part) !== -1, message);\n"
        "            });\n"
        "            spec.selectors.forEach(function (selector) {\n"
        '                assert.ok(root.querySelector(selector), "holds " + selector);\n'
        "            });\n"
        "        });\n"
        "    });\n"
        "});\n"
        "});\n"
    )


def _hoot_js(ctx: BuildContext) -> str:
    return (
        "/** @odoo-module **/\n\n"
        'import { after, expect, test } from "@odoo/hoot";\n'
        'import { translatedTerms, translationLoaded } from "@web/core/l10n/translation";\n'
        'import { renderToString } from "@web/core/utils/render";\n\n'
        f"const TESTS = {_cases(ctx)};\n\n"
        f"{_RENDER}\n"
        "for (const spec of TESTS) {\n"
        "    test(spec.name, () => {\n"
        "        // the template's texts are shown untranslated, as hoot loads no translations\n"
        "        translatedTerms[translationLoaded] = true;\n"
        "        after(() => {\n"
        "            translatedTerms[translationLoaded] = false;\n"
        "        });\n"
        "        const { root, text } = render(spec);\n"
        "        for (const part of spec.contains) {\n"
        "            expect(text.includes(part)).toBe(true, {\n"
        "                message: `shows ${JSON.stringify(part)}: ${text}`,\n"
        "            });\n"
        "        }\n"
        "        for (const selector of spec.selectors) {\n"
        "            expect(Boolean(root.querySelector(selector))).toBe(true, {\n"
        "                message: `holds ${selector}`,\n"
        "            });\n"
        "        }\n"
        "    });\n"
        "}\n"
    )


def _url(ctx: BuildContext, test: JsTest) -> str:
    test_id = _test_id(ctx, test)
    if not uses_hoot(ctx):
        return f"/web/tests?testId={test_id}"
    key = "test" if ctx.profile.major == 18 else "id"
    return f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&{key}={test_id}"


def _python(ctx: BuildContext) -> str:
    base = ctx.profile.test_base_module
    name = f"Test{camel(ctx.module)}Js"
    lines = [
        f"from {base} import HttpCase, tagged",
        "",
        "",
    ]
    args = ["url", '""', '""', 'login="admin"', f"timeout={_TIMEOUT}"]
    if uses_hoot(ctx):  # else QUnit's 'test successful', browser_js's default signal
        signal = "[HOOT] test suite succeeded"
        if ctx.profile.major >= 19:
            signal = "[HOOT] Test suite succeeded"
        args.append(f"success_signal={lit(signal)}")
    lines += [
        '@tagged("post_install", "-at_install")',
        f"class {name}(HttpCase):",
        '    """The addon\'s JavaScript unit tests, each run headless in Chrome."""',
        "",
        "    def _run_js_test(self, url):",
        "        " + call("self.browser_js", args, 8),
    ]
    for test in ctx.spec.js_tests:
        lines += ["", f"    def test_js_{test.name}(self):"]
        if test.proves:
            lines.append(f'        """Proves: {", ".join(test.proves)}."""')
        lines.append("        " + call("self._run_js_test", [lit(_url(ctx, test))], 8))
    return "\n".join(lines) + "\n"


def js_test_files(ctx: BuildContext) -> dict[str, str]:
    """The JS test file and the Python test that runs it, by addon-relative path."""
    if not ctx.spec.js_tests or ctx.profile.major < JS_TESTS_FROM:
        return {}
    writer = _hoot_js if uses_hoot(ctx) else _qunit_js
    js = (_legacy_js if _legacy(ctx) else writer)(ctx)
    return {_js_path(ctx): js, f"tests/test_{ctx.module}_js.py": _python(ctx)}


def js_test_manifest(ctx: BuildContext, entries: dict[str, object]) -> dict[str, object]:
    """``entries`` (the manifest's web entries) with the JS test file in its test bundle."""
    if not js_test_files(ctx):
        return entries
    if ctx.profile.web_client == "legacy_template":
        return entries  # a template inheriting web.qunit_suite_tests, see js_test_records
    bundle = "web.assets_unit_tests" if uses_hoot(ctx) else "web.qunit_suite_tests"
    assets = dict(entries.get("assets") or {})  # type: ignore[call-overload]
    assets[bundle] = [f"{ctx.module}/{_js_path(ctx)}"]
    return {**entries, "assets": assets}


def js_test_records(ctx: BuildContext) -> list[E]:
    """Up to 14.0: the template that adds the JS test file to ``web.qunit_suite_tests``."""
    if ctx.profile.web_client != "legacy_template" or not js_test_files(ctx):
        return []
    script = E("script", {"type": "text/javascript", "src": f"/{ctx.module}/{_js_path(ctx)}"})
    return [
        E(
            "template",
            {
                "id": "qunit_suite_tests",
                "name": f"{ctx.spec.module.title} JS tests",
                "inherit_id": "web.qunit_suite_tests",
            },
        ).add(E("xpath", {"expr": ".", "position": "inside"}).add(script))
    ]
