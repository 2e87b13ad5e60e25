"""Web client assets: a field widget, a client action and a systray item compiled in the form
of each series and declared in its bundle; the browser and widget checks of the tests; wrong
specs refused with a location."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.errors import SpecError
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

HEAD = """\
module: {name: desk, title: Desk, depends: [base]}
models:
  - name: desk.ticket
    fields:
      - {name: name, type: char, required: true}
      - {name: priority, type: selection, selection: [["0", Normal], ["2", Urgent]]}
"""

WEB = """\
widgets:
  - name: priority_badge
    types: [selection]
    template: <span t-attf-class="badge o_prio_{{ value }}" t-esc="text"/>
    scss: ".o_prio_2 { color: red; }"
client_actions:
  - id: dashboard
    name: Dashboard
    counts:
      - {name: open, model: desk.ticket}
      - {name: urgent, model: desk.ticket, domain: "[('priority', '=', '2')]"}
    template: <p class="o_open"><b t-esc="counts.open"/> open</p>
systray:
  - id: desk_entry
    action: dashboard
    sequence: 30
    template: <i class="fa fa-life-ring"/>
views:
  - model: desk.ticket
    type: list
    fields: [name, {name: priority, widget: priority_badge}]
  - model: desk.ticket
    type: form
    groups: [{fields: [name, {name: priority, widget: priority_badge}]}]
"""

SCENARIO = """\
requirements: [{id: W1, text: The dashboard counts tickets}]
tests:
  - name: dashboard_counts
    proves: [W1]
    steps:
      - create: desk.ticket
        values: {name: Down, priority: "2"}
        as: ticket
      - view: {model: desk.ticket, type: list, field: priority, widget: priority_badge}
      - browser: {action: action_dashboard, selector: .o_open, contains: [1 open]}
      - browser: {record: $ticket, selector: .o_prio_2, contains: [Urgent]}
      - browser: {model: desk.ticket, selector: .o_list_renderer .o_prio_2}
"""

ALL = ["12.0", "13.0", "14.0", "15.0", "16.0", "17.0", "18.0", "19.0"]
JS = [
    "static/src/fields/priority_badge.js",
    "static/src/actions/dashboard.js",
    "static/src/systray/desk_entry.js",
]
XML = [p.replace(".js", ".xml") for p in JS]


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


def _manifest(files: dict[str, str]) -> dict[str, object]:
    value = ast.literal_eval(files["__manifest__.py"])
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize("series", ALL)
def test_every_series_gets_the_files_and_web_in_depends(series: str) -> None:
    files = render_addon(parse(HEAD + WEB), series)
    for path in [*JS, *XML, "static/src/fields/priority_badge.scss"]:
        assert path in files, path
    for path in XML:
        ET.fromstring(files[path].split("\n", 1)[1])
    manifest = _manifest(files)
    assert manifest["depends"] == ["base", "web"]
    assert "views/webclient.xml" in manifest["data"]  # type: ignore[operator]
    root = ET.fromstring(files["views/webclient.xml"].split("\n", 1)[1])
    action = root.find("record[@id='action_dashboard']")
    assert action is not None and action.get("model") == "ir.actions.client"
    assert {f.get("name"): f.text for f in action} == {"name": "Dashboard", "tag": "desk.dashboard"}
    menu = root.find("menuitem[@id='menu_dashboard']")
    assert menu is not None and menu.get("parent") == "menu_root"
    assert menu.get("action") == "action_dashboard"


@pytest.mark.parametrize("series", ["12.0", "13.0", "14.0"])
def test_up_to_14_an_assets_template_and_the_qweb_key(series: str) -> None:
    files = render_addon(parse(HEAD + WEB), series)
    manifest = _manifest(files)
    assert "assets" not in manifest
    assert manifest["qweb"] == XML
    root = ET.fromstring(files["views/webclient.xml"].split("\n", 1)[1])
    template = root.find("template[@inherit_id='web.assets_backend']")
    assert template is not None
    scripts = [s.get("src") for s in template.iter("script")]
    assert scripts == [f"/desk/{p}" for p in JS]
    links = [(link.get("href"), link.get("type")) for link in template.iter("link")]
    assert links == [("/desk/static/src/fields/priority_badge.scss", "text/scss")]
    widget = files[JS[0]]
    assert widget.startswith('odoo.define("desk.priority_badge", function (require) {')
    assert 'require("web.AbstractField")' in widget
    assert 'fieldRegistry.add("priority_badge", PriorityBadge);' in widget
    assert 'core.action_registry.add("desk.dashboard", Dashboard);' in files[JS[1]]
    action = files[JS[1]]
    assert '[["priority", "=", "2"]]' in action and 'method: "search_count"' in action
    systray = files[JS[2]]
    assert "SystrayMenu.Items.push(DeskEntry);" in systray and "sequence: 30," in systray
    assert 'this.do_action("desk.action_dashboard");' in systray


def test_15_declares_the_manifest_assets_with_the_qweb_bundle() -> None:
    files = render_addon(parse(HEAD + WEB), "15.0")
    manifest = _manifest(files)
    assert manifest["assets"] == {
        "web.assets_backend": [
            "desk/static/src/fields/priority_badge.js",
            "desk/static/src/fields/priority_badge.scss",
            "desk/static/src/actions/dashboard.js",
            "desk/static/src/systray/desk_entry.js",
        ],
        "web.assets_qweb": [f"desk/{p}" for p in XML],
    }
    assert "qweb" not in manifest
    assert files[JS[0]].startswith("odoo.define(")
    root = ET.fromstring(files["views/webclient.xml"].split("\n", 1)[1])
    assert root.find("template") is None


@pytest.mark.parametrize("series", ["16.0", "17.0", "18.0", "19.0"])
def test_from_16_owl_modules_in_the_backend_bundle(series: str) -> None:
    files = render_addon(parse(HEAD + WEB), series)
    bundle = _manifest(files)["assets"]
    assert isinstance(bundle, dict) and list(bundle) == ["web.assets_backend"]
    assert bundle["web.assets_backend"][-3:] == [f"desk/{p}" for p in XML]
    for path in JS:
        assert files[path].startswith("/** @odoo-module **/\n\nimport { Component")
    widget = files[JS[0]]
    template = ET.fromstring(files[XML[0]].split("\n", 1)[1]).find("t")
    assert template is not None and template.get("t-name") == "desk.PriorityBadge"
    if series == "16.0":
        assert "return this.props.value;" in widget
        assert 'registry.category("fields").add("priority_badge", PriorityBadge);' in widget
        assert template.get("owl") == "1"
    else:
        assert "return this.props.record.data[this.props.name];" in widget
        assert "component: PriorityBadge," in widget
        assert 'supportedTypes: ["selection"],' in widget
        assert 'registry.category("fields").add("priority_badge", priorityBadge);' in widget
        assert template.get("owl") is None
    action = files[JS[1]]
    assert 'this.counts["urgent"] = await this.orm.searchCount("desk.ticket", ' in action
    assert 'registry.category("actions").add("desk.dashboard", Dashboard);' in action
    systray = files[JS[2]]
    assert 'this.action.doAction("desk.action_dashboard");' in systray
    assert (
        'registry.category("systray").add("desk.desk_entry", { Component: DeskEntry }, '
        "{ sequence: 30 });" in systray
    )
    root = ET.fromstring(files[XML[2]].split("\n", 1)[1])
    entry = root.find("t/div")
    assert entry is not None and entry.get("t-on-click") == "open"


def test_spec_values_reach_the_javascript_as_json() -> None:
    text = WEB.replace("name: Dashboard", 'name: "Dash \\"board\\" </script>"').replace(
        "[('priority', '=', '2')]", "[('name', '=', 'a\\\"); alert(1); (\\\"')]"
    )
    files = render_addon(parse(HEAD + text), "18.0")
    action = files[JS[1]]
    assert json.dumps([["name", "=", 'a"); alert(1); ("']]) in action
    root = ET.fromstring(files["views/webclient.xml"].split("\n", 1)[1])
    name = root.find("record/field[@name='name']")
    assert name is not None and name.text == 'Dash "board" </script>'


def test_no_component_no_asset() -> None:
    files = render_addon(parse(HEAD), "18.0")
    assert not any(path.startswith("static/src") for path in files)
    manifest = _manifest(files)
    assert "assets" not in manifest and manifest["depends"] == ["base"]


def test_the_browser_and_widget_steps_of_the_tests() -> None:
    files = render_addon(parse(HEAD + WEB + SCENARIO), "17.0")
    tests = files["tests/test_desk.py"]
    ast.parse(tests)
    assert "class TestDeskHttp(ScenarioSteps, HttpCase):" in tests
    assert 'widget="priority_badge",' in tests
    assert 'action="desk.action_dashboard",\n            contains=["1 open"],' in tests
    assert '".o_prio_2",\n            record="ticket",\n            contains=["Urgent"],' in tests
    assert '".o_list_renderer .o_prio_2",\n            model="desk.ticket",' in tests
    steps = files["tests/scenario_steps.py"]
    assert "def step_browser(" in steps and "self.browser_js(" in steps


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (WEB.replace("<b t-esc", "<b t-esc='x'><b t-esc"), "not well-formed XML"),
        (WEB.replace("types: [selection]", "types: [many2one]"), "types"),
        (WEB.replace("model: desk.ticket}", "model: desk.tikcet}"), "model 'desk.tikcet'"),
        (WEB.replace("[('priority', '=', '2')]", "[('prio', '=', '2')]"), "field 'prio'"),
        (WEB.replace("[('priority', '=', '2')]", "[('user_id', '=', uid)]"), "literals"),
        (WEB.replace("action: dashboard", "action: dashbaord"), "did you mean 'dashboard'"),
        (WEB.replace("id: desk_entry", "id: desk-entry"), "not a valid name"),
        (WEB.replace('scss: ".o_prio_2', 'scss: "@import x; .o_prio_2'), "@import"),
        (WEB.replace("{name: urgent,", "{name: open,"), "two counts are named 'open'"),
        (
            WEB.replace("types: [selection]", "types: [char]"),
            "'priority_badge' displays char fields",
        ),
        (
            WEB + SCENARIO.replace("action: action_dashboard", "action: dashboard"),
            "did you mean 'action_dashboard'",
        ),
        (WEB + SCENARIO.replace("{record: $ticket,", "{record: $tikcet,"), "'tikcet'"),
        (
            WEB + SCENARIO.replace("{model: desk.ticket, sel", "{model: desk.tickets, sel"),
            "desk.tickets",
        ),
        (
            WEB + SCENARIO.replace("{record: $ticket,", "{record: $ticket, model: desk.ticket,"),
            "one of 'action', 'record' or 'model'",
        ),
        (
            WEB + SCENARIO.replace("widget: priority_badge}", "widget: priority_badge, button: x}"),
            "a view check names one",
        ),
    ],
)
def test_wrong_web_client_specs_are_refused_with_a_location(text: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + text)
    said = f"{caught.value.message} {caught.value.hint}"
    assert words in said, said
    assert caught.value.line is not None
    assert caught.value.hint


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("series", ["14.0", "15.0", "16.0", "17.0", "19.0"])
def test_the_javascript_parses(series: str, tmp_path: Path) -> None:
    files = render_addon(parse(HEAD + WEB), series)
    for path in JS:
        module = files[path].startswith("/** @odoo-module **/")
        command = ["node", "--input-type=module", "--check"] if module else ["node", "--check"]
        if not module:
            script = tmp_path / Path(path).name
            script.write_text(files[path])
            command.append(str(script))
        done = subprocess.run(
            command, input=files[path] if module else None, capture_output=True, text=True
        )
        assert done.returncode == 0, (path, done.stderr)
