"""One escaping boundary: no spec value that is not meant to hold code becomes code.

Each class of hostile value is either refused at validate time, at its place in the file,
or written as inert data: the built addon compiles, its XML parses, and the hostile text
appears only inside a string literal or escaped XML text.
"""

from __future__ import annotations

import ast
import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.compiler.pyfmt import lit
from odoo_factory.errors import SpecError
from odoo_factory.profiles import known_series
from odoo_factory.spec import parse_spec_text

BASE = """\
module:
  name: shop_notes
  title: Shop Notes
  depends: [base]
groups:
  - {id: group_shop, name: Shop, implied: [base.group_user]}
models:
  - name: shop.note
    fields:
      - {name: name, type: char, required: true}
      - {name: partner_id, type: many2one, comodel: res.partner, domain: "[('active', '=', True)]"}
      - {name: line_ids, type: one2many, comodel: shop.note.line, inverse_name: note_id}
      - name: line_count
        type: integer
        compute: {count: line_ids}
      - {name: state, type: selection, selection: [[draft, Draft], [done, Done]], default: draft}
    methods:
      - name: action_note
        args: [vals]
        python: return vals
  - name: shop.note.line
    fields:
      - {name: note_id, type: many2one, comodel: shop.note}
      - {name: amount, type: float}
views:
  - model: shop.note
    type: form
    groups:
      - fields: [name, {name: partner_id, invisible: "state == 'done'"}]
records:
  - {id: note_one, model: shop.note, values: {name: One}}
server_actions:
  - {id: action_touch, name: Touch, model: shop.note, python: "records.write({})"}
"""

# (what is replaced, by what, the line the error must point at, words of the message)
REFUSED = [
    pytest.param(
        "{name: name, type: char", "{name: class, type: char", 10, "keyword", id="keyword"
    ),
    pytest.param("{name: name, type: char", "{name: id, type: char", 10, "reserved", id="odoo-id"),
    pytest.param("{name: name, type: char", "{name: _name, type: char", 10, "'_'", id="underscore"),
    pytest.param(
        "{name: name, type: char", "{name: fields, type: char", 10, "reserved", id="fields"
    ),
    pytest.param(
        "{name: name, type: char", "{name: " + "n" * 64 + ", type: char", 10, "63", id="long"
    ),
    pytest.param("- name: shop.note.line", "- name: if", 21, "keyword", id="model-keyword"),
    pytest.param("- name: shop.note.line", "- name: _1", 21, "class name", id="model-class"),
    pytest.param(
        "args: [vals]",
        """args: ['a=__import__("os").system("id")']""",
        19,
        "not a literal",
        id="args-default-code",
    ),
    pytest.param("args: [vals]", "args: ['a: os.system']", 19, "annotation", id="args-annotation"),
    pytest.param("args: [vals]", "args: [list]", 19, "shadow", id="args-builtin"),
    pytest.param("args: [vals]", "args: ['a): pass\\n  def b(x']", 19, "", id="args-escape"),
    pytest.param("args: [vals]", "args: [a, a]", 19, "duplicate", id="args-duplicate"),
    pytest.param(
        "compute: {count: line_ids}",
        "compute: {count: 'line_ids)); import os; ((x'}",
        15,
        "not a valid name",
        id="count-path",
    ),
    pytest.param(
        "compute: {count: line_ids}",
        "compute: {sum: 'line_ids.amount\\\")); import os #'}",
        15,
        "not a valid dotted path",
        id="sum-path",
    ),
    pytest.param(
        "values: {name: One}",
        "values: {name: One, partner_id: \"$ref:base.main_partner')), __import__('os')#\"}",
        31,
        "not an xml id",
        id="ref-value",
    ),
    pytest.param(
        "values: {name: One}",
        "values: {name: One, line_ids: [\"$ref:a')]), __import__('os')#\"]}",
        31,
        "not an xml id",
        id="ref-list",
    ),
    pytest.param(
        "implied: [base.group_user]",
        "implied: [\"base.group_user')), __import__('os')#\"]",
        6,
        "not a valid xml id",
        id="implied-group",
    ),
    pytest.param("title: Shop Notes", 'title: "Shop\\x01Notes"', 3, "U+0001", id="control-char"),
    pytest.param("title: Shop Notes", 'title: "Shop\\0Notes"', 3, "U+0000", id="nul"),
    pytest.param(
        "domain: \"[('active', '=', True)]\"",
        "domain: \"[('id', 'in', __import__('os').listdir('.'))]\"",
        11,
        "'__import__' is not allowed",
        id="domain-dunder",
    ),
    pytest.param(
        "domain: \"[('active', '=', True)]\"",
        "domain: \"[(x, '=', 1) for x in 'ab']\"",
        11,
        "a domain is expected",
        id="domain-comprehension",
    ),
    pytest.param(
        "invisible: \"state == 'done'\"",
        'invisible: "(lambda: 1)()"',
        29,
        "Lambda is not allowed",
        id="condition-lambda",
    ),
    pytest.param(
        "python: return vals",
        "python: await vals",
        20,
        "does not compile",
        id="body-await",
    ),
    pytest.param(
        'python: "records.write({})"',
        'python: "return 1"',
        33,
        "outside function",
        id="server-action-return",
    ),
    pytest.param(
        "compute: {count: line_ids}",
        "compute: {expression: 'rec.name # and more'}",
        15,
        "no comment",
        id="expression-comment",
    ),
    pytest.param(
        "- name: action_note",
        "- name: state",
        8,
        "both a field and a method",
        id="field-method-clash",
    ),
    pytest.param(
        "- name: shop.note\n    fields:",
        "- name: shop.note\n    order: 'name; drop table x'\n    fields:",
        9,
        "is not an order",
        id="order",
    ),
    pytest.param(
        "default: draft}",
        "default: .nan}",
        16,
        "finite",
        id="default-nan",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "words"), REFUSED)
def test_hostile_value_is_refused_at_its_place(old: str, new: str, line: int, words: str) -> None:
    assert old in BASE
    with pytest.raises(SpecError) as caught:
        parse_spec_text(BASE.replace(old, new, 1), "spec.yaml")
    error = caught.value
    assert (error.file, error.line) == ("spec.yaml", line), error.message
    assert error.column is not None
    assert words in error.message, error.message


def _built(tmp_path: Path, text: str, series: str = "17.0") -> dict[str, str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    result = build_addon(spec, series, tmp_path / "out")
    files = {}
    for rel in result.files:
        path = result.addon_path / rel
        files[rel] = path.read_text("utf-8")
        if rel.endswith(".py"):
            compile(files[rel], rel, "exec")
        elif rel.endswith(".xml"):
            ElementTree.fromstring(files[rel].encode())
    return files


HOSTILE_LABEL = 'Say "hi" & \'bye\' </field> ]]> """ \\ \n second line \u2028 \U0001f600'


@pytest.mark.parametrize("series", known_series())
def test_hostile_labels_are_inert_text(tmp_path: Path, series: str) -> None:
    def quoted(value: str) -> str:  # a YAML double-quoted scalar (U+2028 is a YAML line break)
        return lit(value).replace("\u2028", "\\u2028")

    text = BASE.replace("title: Shop Notes", f"title: {quoted(HOSTILE_LABEL)}")
    text = text.replace(
        "{name: amount, type: float}",
        "{name: amount, type: float, string: LABEL, help: LABEL}".replace(
            "LABEL", quoted(HOSTILE_LABEL)
        ),
    )
    text = text.replace("values: {name: One}", f"values: {{name: {quoted(HOSTILE_LABEL)}}}")
    text = text.replace("[draft, Draft]", f"[draft, {quoted(HOSTILE_LABEL)}]")
    files = _built(tmp_path, text, series)
    manifest = ast.literal_eval(files["__manifest__.py"])
    assert manifest["name"] == HOSTILE_LABEL
    line_model = ast.parse(files["models/shop_note_line.py"])
    strings = {n.value for n in ast.walk(line_model) if isinstance(n, ast.Constant)}
    assert HOSTILE_LABEL in strings
    data = ElementTree.fromstring(files["data/shop_notes_data.xml"].encode())
    assert data.find(".//field[@name='name']").text == HOSTILE_LABEL  # type: ignore[union-attr]


def test_signature_is_rendered_from_its_parse(tmp_path: Path) -> None:
    text = BASE.replace("args: [vals]", "args: [vals, 'limit = -10', '*', 'flag=None', '**kw']")
    code = _built(tmp_path, text)["models/shop_note.py"]
    assert "def action_note(self, vals, limit=-10, *, flag=None, **kw):" in code


def test_expressions_odoo_evaluates_are_rendered_from_their_parse(tmp_path: Path) -> None:
    text = BASE.replace("invisible: \"state == 'done'\"", 'invisible: "state  ==  \\"done\\""')
    files = _built(tmp_path, text)
    assert "invisible=\"state == 'done'\"" in files["views/shop_note_views.xml"]
    assert 'domain=[("active", "=", True)]' in files["models/shop_note.py"]


def test_record_refs_are_literals_in_eval(tmp_path: Path) -> None:
    text = BASE.replace(
        "values: {name: One}", "values: {name: One, line_ids: ['$ref:base.a', '$ref:b']}"
    )
    data = _built(tmp_path, text)["data/shop_notes_data.xml"]
    assert "eval=\"[(6, 0, [ref('base.a'), ref('b')])]\"" in data


def test_dates_are_written_as_odoo_reads_them(tmp_path: Path) -> None:
    """A YAML date (unquoted) as a default or a record value is written as its string."""
    text = BASE.replace(
        "{name: amount, type: float}", "{name: day, type: date, default: 2024-01-31}"
    )
    text = text.replace("values: {name: One}", "values: {name: One, create_on: 2024-02-29}")
    text = text.replace(
        "- {id: note_one, model: shop.note,", "- {id: note_one, model: shop.note.line,"
    )
    text = text.replace("create_on", "day").replace("name: One, ", "")
    files = _built(tmp_path, text)
    assert 'default="2024-01-31"' in files["models/shop_note_line.py"]
    assert '<field name="day">2024-02-29</field>' in files["data/shop_notes_data.xml"]


def test_literals_cover_what_yaml_produces() -> None:
    assert lit(datetime.date(2024, 1, 31)) == '"2024-01-31"'
    assert lit(datetime.datetime(2024, 1, 31, 10, 5)) == '"2024-01-31 10:05:00"'
    assert lit(b"ok") == '"b2s="'
    assert ast.literal_eval(lit(float("inf"))) == float("inf")
    assert lit({2, 1}) == "[1, 2]"


def test_multi_line_condition_keeps_its_meaning(tmp_path: Path) -> None:
    text = BASE.replace(
        "args: [vals]\n        python: return vals",
        "python: return True\n    constraints:\n"
        "      - name: named\n        type: python\n        fields: [name]\n"
        "        condition: |-\n          (rec.name != 'a  b' or\n           rec.state == 'done')\n"
        "        message: No.",
    )
    code = _built(tmp_path, text)["models/shop_note.py"]
    assert "'a  b'" in code
    assert render_addon  # the module's own entry point stays importable


def test_controller_names_become_python_names() -> None:
    text = (
        "module: {name: web_x, title: X, depends: [website]}\n"
        "controllers:\n"
        "  - name: import\n"
        "    routes: [{url: /x, auth: public, python: return 'x'}]\n"
    )
    with pytest.raises(SpecError) as caught:
        parse_spec_text(text, "spec.yaml")
    assert caught.value.line == 3 and "keyword" in caught.value.message


def test_conditions_inside_xpaths_are_checked_for_the_series() -> None:
    """Up to 16.0 a condition becomes an attrs domain: one that cannot is refused when the
    spec is validated for that series, also inside an extension's xpath, not at build."""
    from odoo_factory.profiles import get_profile
    from odoo_factory.spec.semantics import check_series

    text = (
        "module: {name: partner_x, title: X, depends: [base]}\n"
        "models:\n"
        "  - {name: res.partner, extend: true, fields: [{name: tier, type: char}]}\n"
        "views:\n"
        "  - model: res.partner\n"
        "    type: inherit\n"
        "    inherit_id: base.view_partner_form\n"
        "    xpaths:\n"
        "      - expr: //field[@name='vat']\n"
        "        fields: [{name: tier, invisible: \"tier == 'a'[0]\"}]\n"
    )
    spec, locs = parse_spec_text(text, "spec.yaml")
    with pytest.raises(SpecError) as caught:
        check_series(spec, locs, get_profile("16.0"))
    assert caught.value.line == 10 and "attrs domain" in caught.value.message
