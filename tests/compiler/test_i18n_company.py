"""Translations (i18n/ template and .po files, in each series' export format), company
data (company-dependent fields, per-company sequences, system parameters) and the checks of
.po files and demo data."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import SpecError
from odoo_factory.qa.addon_files import load_addon
from odoo_factory.qa.translations import PoError, check_translations, parse_po
from odoo_factory.spec.i18n import po_file_name
from odoo_factory.spec.loader import parse_spec_text

SPEC = """
module: {name: help_desk, title: Help Desk}
models:
  - name: help.ticket
    description: Ticket
    fields:
      - {name: name, type: char, string: Subject, required: true}
      - {name: reference, type: char, readonly: true, help: Numbered per company}
      - name: priority
        type: selection
        selection: [["0", Normal], ["1", High]]
      - {name: hours, type: float}
    constraints:
      - {name: name_unique, type: unique, fields: [name], message: Subjects are unique.}
      - {name: hours_positive, type: python, fields: [hours], condition: "rec.hours >= 0",
         message: "Hours of {rec.name} cannot be negative."}
    workflow:
      states: [[new, New], [done, Done]]
      buttons:
        - {name: action_done, string: Close, from: [new], to: done}
  - name: help.channel
    fields: [{name: name, type: char, translate: true}]
  - name: res.partner
    extend: true
    fields: [{name: support_rate, type: float, company_dependent: true}]
sequences:
  - {code: help.ticket, name: Ticket, prefix: HT/, field: help.ticket.reference, per_company: true}
records:
  - {id: channel_phone, model: help.channel, values: {name: Phone}}
parameters:
  - {key: help_desk.close_days, value: 7}
  - {key: help_desk.notify, value: true, noupdate: false}
translations:
  fr_FR: {Subject: Objet, Phone: Téléphone, Close: Clôturer, Not a term: Pas un terme}
  pt_BR: {Subject: Assunto}
"""


def _files(series: str, text: str = SPEC) -> dict[str, str]:
    return render_addon(parse_spec_text(text, "help_desk.yaml")[0], series)


def _entry(po: str, msgid: str) -> str:
    """The block of lines of the entry whose msgid is ``msgid``."""
    for block in po.split("\n\n"):
        if f'\nmsgid "{msgid}"' in f"\n{block}":
            return block
    raise AssertionError(f"no entry {msgid!r} in:\n{po}")


def test_template_references_every_kind_of_term() -> None:
    pot = _files("17.0")["i18n/help_desk.pot"]
    assert pot.startswith("# Translation of Odoo Server.\n")
    assert '"Project-Id-Version: Odoo Server 17.0\\n"' in pot
    subject = _entry(pot, "Subject")
    assert "#: model:ir.model.fields,field_description:help_desk.field_help_ticket__name" in subject
    assert "#. module: help_desk" in subject
    assert "model:ir.model,name:help_desk.model_help_ticket" in _entry(pot, "Ticket")
    assert "model:ir.model.fields,help:help_desk.field_help_ticket__reference" in _entry(
        pot, "Numbered per company"
    )
    assert "model:ir.model.fields.selection,name:help_desk.selection__help_ticket__priority__1" in (
        _entry(pot, "High")
    )
    assert "model:ir.model.constraint,message:help_desk.constraint_help_ticket_name_unique" in (
        _entry(pot, "Subjects are unique.")
    )
    assert "model:help.channel,name:help_desk.channel_phone" in _entry(pot, "Phone")
    assert "model:ir.model.fields,field_description:help_desk.field_res_partner__support_rate" in (
        _entry(pot, "Support rate")
    )
    assert "model:ir.ui.menu,name:" in _entry(pot, "Help Desk")
    assert "model_terms:ir.ui.view,arch_db:help_desk.help_ticket_view_form" in _entry(pot, "Close")
    msgids = [e.msgid for e in parse_po(pot)]
    assert msgids[1:] == sorted(msgids[1:]), "entries are sorted by text, as Odoo writes them"
    assert all(e.msgstr == "" for e in parse_po(pot)[1:])


@pytest.mark.parametrize(
    ("series", "comment", "flag"),
    [("14.0", False, True), ("16.0", True, True), ("17.0", True, True), ("18.0", True, False)],
)
def test_code_terms_follow_the_series_export(series: str, comment: bool, flag: bool) -> None:
    pot = _files(series)["i18n/help_desk.pot"]
    entry = _entry(pot, "Hours of %(name)s cannot be negative.")
    if series == "14.0":  # no named arguments before 14.0 … the message stays one text
        assert "code:addons/help_desk/models/help_ticket.py:0" in entry
    assert "#: code:addons/help_desk/models/help_ticket.py:0" in entry
    assert ("#. odoo-python" in entry) is comment
    assert ("#, python-format" in entry) is flag
    assert "python-format" not in _entry(pot, "Subject")


def test_po_files_are_named_as_odoo_looks_them_up() -> None:
    assert po_file_name("fr_FR") == "fr"
    assert po_file_name("de_DE") == "de"
    assert po_file_name("pt_BR") == "pt_BR"
    assert po_file_name("sr@latin") == "sr@latin"
    files = _files("18.0")
    assert {"i18n/fr.po", "i18n/pt_BR.po", "i18n/help_desk.pot"} <= set(files)
    fr = files["i18n/fr.po"]
    assert 'msgstr "Objet"' in _entry(fr, "Subject")
    assert 'msgstr ""' in _entry(fr, "Priority")
    assert 'msgstr "Pas un terme"' in _entry(fr, "Not a term")  # kept: `check` names it


def test_long_texts_wrap_as_polib_writes_them() -> None:
    long = "A very long help text " * 6
    spec = SPEC.replace("help: Numbered per company", f"help: {long.strip()}")
    pot = _files("18.0", spec)["i18n/help_desk.pot"]
    entry = next(b for b in pot.split("\n\n") if '"A very long help text' in b)
    assert 'msgid ""\n"A very long help text' in entry  # wrapped after an empty first line
    assert all(len(line) <= 78 for line in entry.splitlines() if line.startswith('"'))
    parsed = {e.msgid for e in parse_po(pot)}
    assert long.strip() in parsed


def test_no_translations_no_i18n_folder() -> None:
    spec = SPEC.split("translations:")[0]
    assert not [f for f in _files("18.0", spec) if f.startswith("i18n/")]


def test_company_data_is_written_for_each_series() -> None:
    new = _files("14.0")
    old = _files("13.0")
    ticket = new["models/help_ticket.py"]
    ast.parse(ticket)
    assert "sequence.with_company(company).next_by_code(code)" in ticket
    assert '("company_id", "=", company.id)' in ticket
    assert "self._next_reference(self.env.company)" in ticket
    assert "with_context(force_company=company.id)" in old["models/help_ticket.py"]
    assert "ir_sequence_data.xml" not in "".join(new), "per-company sequences are made on use"
    assert "company_dependent=True" in new["models/res_partner.py"]
    params = new["data/ir_config_parameter_data.xml"]
    assert '<data noupdate="1">' in params and "<data>" in params
    assert '<field name="value">7</field>' in params
    assert '<field name="value">True</field>' in params
    assert "data/ir_config_parameter_data.xml" in new["__manifest__.py"]


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ("{name: support_rate, type: float, company_dependent: true, required: true}", "required"),
        ("{name: support_rate, type: monetary, company_dependent: true}", "monetary"),
        ("{name: support_rate, type: char, company_dependent: true, translate: true}", "translate"),
    ],
)
def test_company_dependent_refusals(bad: str, needle: str) -> None:
    spec = SPEC.replace("{name: support_rate, type: float, company_dependent: true}", bad)
    with pytest.raises(SpecError) as caught:
        parse_spec_text(spec, "help_desk.yaml")
    assert needle in str(caught.value)
    assert "company_dependent" in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("field: help.ticket.reference, per_company: true", "per_company: true", "needs 'field'"),
        ("pt_BR: {Subject: Assunto}", "fr: {Subject: Sujet}", "share the file i18n/fr.po"),
        ("key: help_desk.notify", "key: help_desk.close_days", "duplicate system parameter"),
    ],
)
def test_spec_refusals(old: str, new: str, needle: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec_text(SPEC.replace(old, new), "help_desk.yaml")
    assert needle in str(caught.value)
    assert caught.value.line is not None


USERS = """
requirements: [{id: D1, text: Rates per company}]
tests:
  - name: rates
    proves: [D1]
    users:
      - {name: agent, groups: [base.group_partner_manager], company: $ref:base.main_company,
         companies: [$branch], lang: fr_FR}
    steps:
      - {create: res.partner, values: {name: Deco}, as: customer}
      - {create: res.company, values: {name: Branch}, as: branch}
      - {write: customer, values: {support_rate: 1.0}, as_user: agent}
"""


def test_a_user_of_a_company_made_by_the_steps_is_added_after_them() -> None:
    code = _files("18.0", SPEC + USERS)["tests/test_help_desk.py"]
    body = code.split("def test_rates")[1]
    assert body.index('"res.company"') < body.index('self.add_user(\n            "agent"') or (
        body.index('"res.company"') < body.index('self.add_user("agent"')
    )
    assert 'lang="fr_FR"' in body


def test_a_user_used_before_its_company_exists_is_refused() -> None:
    early = USERS.replace(
        "      - {create: res.partner, values: {name: Deco}, as: customer}\n",
        "      - {create: res.partner, values: {name: Deco}, as: customer, as_user: agent}\n",
    )
    with pytest.raises(SpecError) as caught:
        parse_spec_text(SPEC + early, "help_desk.yaml")
    assert "agent" in str(caught.value)


# -- the check of i18n/ and demo files -------------------------------------------------------
def test_parse_po_reads_what_it_writes_and_refuses_garbage() -> None:
    text = textwrap.dedent(
        """\
        msgid ""
        msgstr ""
        "Language: fr\\n"

        #. module: x
        #: model:ir.model,name:x.model_x
        msgid ""
        "Two "
        "lines"
        msgstr "Deux lignes"
        """
    )
    entries = parse_po(text)
    assert [(e.msgid, e.msgstr, e.line) for e in entries][1] == ("Two lines", "Deux lignes", 7)
    with pytest.raises(PoError) as caught:
        parse_po(text + "garbage\n")
    assert caught.value.line == 11
    with pytest.raises(PoError):
        parse_po('msgid "a"\n')


def test_check_names_unknown_terms_broken_files_and_demo_as_data(tmp_path: Path) -> None:
    spec = parse_spec_text(SPEC, "help_desk.yaml")[0]
    addon = build_addon(spec, "18.0", tmp_path).addon_path
    found = check_translations(load_addon(addon))
    assert [(d.rule, d.file, d.severity.value) for d in found] == [
        ("po-term-unknown", "i18n/fr.po", "warning")
    ]
    assert "'Not a term'" in found[0].message and found[0].line
    (addon / "i18n" / "pt_BR.po").write_text('msgid "x"\nbroken\n', "utf-8")
    manifest = addon / "__manifest__.py"
    manifest.write_text(
        manifest.read_text("utf-8").replace('"data": [', '"data": [\n        "demo/x.xml",'),
        "utf-8",
    )
    (addon / "demo").mkdir()
    (addon / "demo" / "x.xml").write_text("<odoo/>", "utf-8")
    rules = sorted(d.rule for d in check_translations(load_addon(addon)))
    assert rules == ["demo-file-in-data", "po-term-unknown", "po-unreadable"]
    (addon / "i18n" / "help_desk.pot").unlink()
    (addon / "i18n" / "pt_BR.po").unlink()
    rules = sorted(d.rule for d in check_translations(load_addon(addon)))
    assert rules == ["demo-file-in-data", "po-template-missing"]


# Entries as Odoo's own export writes them (odoo-bin --i18n-export of the same addon on a
# real 17.0 and 18.0, compared when this format was written).
_EXPORTED_17 = """\
#. module: help_desk
#. odoo-python
#: code:addons/help_desk/models/help_ticket.py:0
#, python-format
msgid "Close: only allowed from New."
msgstr \"\""""
_EXPORTED_18 = """\
#. module: help_desk
#. odoo-python
#: code:addons/help_desk/models/help_ticket.py:0
msgid "Close: only allowed from New."
msgstr \"\""""
_EXPORTED_FIELD = """\
#. module: help_desk
#: model:ir.model.fields,field_description:help_desk.field_res_partner__support_rate
#: model:ir.model.fields,field_description:help_desk.field_res_users__support_rate
msgid "Support rate"
msgstr \"\""""


@pytest.mark.parametrize(("series", "wanted"), [("17.0", _EXPORTED_17), ("18.0", _EXPORTED_18)])
def test_entries_are_written_as_odoo_exports_them(series: str, wanted: str) -> None:
    pot = _files(series)["i18n/help_desk.pot"]
    assert f"\n\n{wanted}\n" in pot
    assert f"\n\n{_EXPORTED_FIELD}\n" in pot
