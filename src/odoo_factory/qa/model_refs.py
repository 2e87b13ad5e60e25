"""Every model and field the addon loads data into, or extends in Python, exists in the series.

Odoo refuses such data only while installing (``KeyError: 'category_id'`` on 19.0 for a group
record written for 17.0, ``TypeError: Model 'sale.order.cancel' does not exist in registry``
for a class extending a model the series dropped); these checks say so before any install:

- ``record-model-unknown``: ``<record model="X">``, ``<function model="X">``, ``<delete
  model="X">`` and a CSV data file named ``X.csv`` where no dependency and no class of the
  addon defines X;
- ``record-field-unknown``: a ``<field name="F">`` of a record (whatever gives its value:
  text, ``eval``, ``ref``, ``search``) or a CSV column F that model X does not have;
- ``model-inherit-unknown``: a Python class whose ``_inherit``/``_inherits`` names a model
  that neither a dependency nor the addon defines.

When a dependency is unknown (not in the series catalogue nor on the addons path), a finding is
only ``info``: the model may come from there.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from odoo_factory.profiles import get_profile, known_series
from odoo_factory.qa.catalogue import available_catalogues, load_catalogue
from odoo_factory.qa.context import CheckContext
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.model_index import MAGIC_FIELDS
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["check_model_references", "series_with_field"]

# res.users fields Odoo generates per group before 19.0 (in_group_7, sel_groups_1_9_10)
_GENERATED_FIELD = re.compile(r"^(in_group_\d+|sel_groups(_\d+)+)$")
_CSV_SUFFIXES = (":id", "/id", ".id", "/.id")
# Values a model's create() takes that are no field: ir.property turns 'value' into value_*,
# account.account pops 'prefix' and 'code_digits' (19.0).
_PSEUDO_FIELDS = {
    "ir.property": frozenset({"value"}),
    "account.account": frozenset({"prefix", "code_digits"}),
}


def series_with_field(model: str, name: str, exclude: str) -> list[str]:
    """Shipped catalogues but ``exclude`` in which an addon gives ``model`` a field ``name``."""
    found = []
    for series in available_catalogues():
        catalogue = load_catalogue(series) if series != exclude else None
        if catalogue is None:
            continue
        if any(
            name in item.get("m", {}).get(model, {}).get("f", {})
            for item in catalogue.addons.values()
        ):
            found.append(series)
    return found


def _renamed_in_profiles(name: str, series: str) -> str | None:
    """The name the series profile gives a field that other series call ``name``."""
    current = get_profile(series).model_dump()
    for other in known_series():
        if other == series:
            continue
        for flag, value in get_profile(other).model_dump().items():
            if flag.endswith("_field") and value == name and current.get(flag) != name:
                return str(current[flag])
    return None


@dataclass
class _Checker:
    ctx: CheckContext
    found: list[Diagnostic] = field(default_factory=list)
    manual_fields: set[str] = field(default_factory=set)  # x_ fields the addon creates
    manual_models: set[str] = field(default_factory=set)  # x_ models the addon creates

    def severity(self) -> Severity:
        return Severity.ERROR if self.ctx.complete else Severity.INFO

    def unsure(self) -> str:
        return "" if self.ctx.complete else " (unsure: some dependencies are unknown)"

    def report(self, rule: str, file: str, line: int | None, message: str, hint: str) -> None:
        self.found.append(
            Diagnostic(
                source="factory",
                severity=self.severity(),
                category="reference",
                rule=rule,
                file=file,
                line=line,
                message=message + self.unsure(),
                hint=hint,
            )
        )

    def automatic(self, rule: str, file: str, line: int | None, what: str, addon: str) -> bool:
        """Report ``what`` as coming from ``addon``, installed automatically (a warning)."""
        self.found.append(
            Diagnostic(
                source="factory",
                severity=Severity.WARNING,
                category="reference",
                rule=rule,
                file=file,
                line=line,
                message=f"{what} comes from {addon}, which Odoo installs automatically with "
                "this addon's dependencies but which is not one of them: the load order is "
                "not guaranteed",
                hint=f"add {addon!r} to depends",
            )
        )
        return True

    def exists(self, model: str) -> bool:
        """Whether a dependency or a class of the addon defines ``model`` (not only extends)."""
        return (
            model in self.ctx.dependency_models
            or model in self.manual_models
            or any(m.name == model and m.is_new for _rel, m in self.ctx.addon.models)
        )

    def data_files(self) -> Iterator[str]:
        for key in ("data", "demo"):
            yield from self.ctx.addon.data_files(key)

    # -- what the addon creates in data ---------------------------------------------------------

    def collect_manual(self) -> None:
        for rel in self.data_files():
            root = self.ctx.addon.xml.get(rel)
            for record in root.iter("record") if root is not None else ():
                if record.get("model") == "ir.model":
                    value, names = record.field_value("model"), self.manual_models
                elif record.get("model") == "ir.model.fields":
                    value, names = record.field_value("name"), self.manual_fields
                else:
                    continue
                if value is not None and value.text.strip():
                    names.add(value.text.strip())

    # -- data records ---------------------------------------------------------------------------

    def model_missing(
        self, model: str, rel: str, line: int | None, what: str = "a record of model"
    ) -> None:
        source = self.ctx.automatic_source(model)
        if source is not None:
            self.automatic("record-model-unknown", rel, line, f"model {model!r}", source)
            return
        self.report(
            "record-model-unknown",
            rel,
            line,
            f"{what} {model!r}, which does not exist in {self.ctx.series} for this "
            "addon's dependencies",
            f"add the addon that defines {model!r} to depends, or remove the record; if "
            f"{self.ctx.series} dropped the model, write the data for the model that replaced it",
        )

    def field_missing(self, model: str, name: str, rel: str, line: int | None) -> None:
        fields = self.ctx.index.fields_of(model) or {}
        hints: list[str] = []
        renamed = _renamed_in_profiles(name, self.ctx.series)
        if renamed is not None and renamed in fields:
            comodel = fields[renamed][1]
            hints.append(f"write {renamed!r}" + (f" (a {comodel})" if comodel else "") + " instead")
        else:
            own = [f for f in fields if f not in MAGIC_FIELDS]
            close = difflib.get_close_matches(name, own, n=3, cutoff=0.7)
            if close:
                hints.append("did you mean " + " or ".join(repr(c) for c in close) + "?")
        elsewhere = series_with_field(model, name, self.ctx.series)
        if elsewhere:
            hints.append(f"{name!r} is a field of {model!r} in {', '.join(elsewhere)}")
        else:
            hints.append(
                f"remove the field, or add the addon that defines it on {model!r} to depends"
            )
        self.report(
            "record-field-unknown",
            rel,
            line,
            f"field {name!r} does not exist on {model!r} in {self.ctx.series}: loading the "
            "record fails",
            "; ".join(hints),
        )

    def check_field(self, model: str, name: str, rel: str, line: int | None) -> None:
        if "@" in name or name in self.manual_fields or _GENERATED_FIELD.match(name):
            return
        if name in _PSEUDO_FIELDS.get(model, ()):
            return
        fields = self.ctx.index.fields_of(model)
        if fields is None or name in fields:
            return
        source = self.ctx.automatic_source(model, name)
        if source is not None:
            self.automatic(
                "record-field-unknown", rel, line, f"field {name!r} of {model!r}", source
            )
        else:
            self.field_missing(model, name, rel, line)

    def record(self, rel: str, record: XmlNode) -> None:
        model = record.get("model")
        if not model:
            return
        if not self.exists(model):
            self.model_missing(model, rel, record.line)
            return
        for child in record.children:
            if child.tag == "field" and child.get("name"):
                self.check_field(model, str(child.get("name")), rel, child.line)

    def xml(self) -> None:
        for rel in self.data_files():
            root = self.ctx.addon.xml.get(rel)
            for node in root.iter() if root is not None else ():
                if node.tag == "record":
                    self.record(rel, node)
                elif node.tag in ("function", "delete") and node.get("model"):
                    model = str(node.get("model"))
                    if not self.exists(model):
                        self.model_missing(model, rel, node.line, f"<{node.tag}> on model")

    def csv(self) -> None:
        for rel in self.data_files():
            data = self.ctx.addon.csv.get(rel)
            if data is None:
                continue
            model = PurePosixPath(rel).stem
            if not self.exists(model):
                self.model_missing(model, rel, 1)
                continue
            for column in data.header:
                name = column.strip()
                for suffix in _CSV_SUFFIXES:
                    name = name.removesuffix(suffix)
                if name and name != "id":
                    self.check_field(model, name.split("/")[0], rel, 1)

    # -- Python classes -------------------------------------------------------------------------

    def python(self) -> None:
        for rel, model in self.ctx.addon.models:
            parents = [*model.inherit, *model.inherits]
            for parent in dict.fromkeys(parents):
                if self.exists(parent):
                    continue
                source = self.ctx.automatic_source(parent)
                if source is not None:
                    self.automatic(
                        "model-inherit-unknown", rel, model.line, f"model {parent!r}", source
                    )
                    continue
                what = (
                    f"class extends model {parent!r}"
                    if parent == model.name
                    else f"model {model.name!r} inherits {parent!r}"
                )
                self.report(
                    "model-inherit-unknown",
                    rel,
                    model.line,
                    f"{what}, which does not exist in {self.ctx.series} for this addon's "
                    "dependencies: the registry does not load",
                    f"add the addon that defines {parent!r} to depends; if {self.ctx.series} "
                    "dropped the model, extend the model that replaced it or remove the class",
                )


def check_model_references(ctx: CheckContext) -> list[Diagnostic]:
    checker = _Checker(ctx)
    checker.collect_manual()
    checker.xml()
    checker.csv()
    checker.python()
    return checker.found
