"""Every spec of an inherited view must find its target in the target series' view.

Odoo refuses an inheriting view whose ``<xpath expr=...>`` or locator (``<field name="x"
position="after"/>``, ``<page name=...>``, ...) matches nothing in the view it extends
("Element ... cannot be located in parent view"), and the addon does not install. The views
of the standard addons come from the per-series view catalogue (each with the standard views
inheriting it applied, see ``scripts/build_catalogue.py``); views of addons on the addons path
and of the addon itself are read from their sources.

- ``view-target-missing``: a spec finds nothing (error; info when some dependency's views are
  not known, so an unknown view could bring the target; warning when only an addon outside the
  dependencies brings it).
- ``view-target-unchecked`` (info): the inherited view is not in the catalogue (a QWeb
  template, an Enterprise view, a series without a catalogue), or the xpath uses XPath this
  check does not evaluate.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from odoo_factory.qa.addon_files import load_addon
from odoo_factory.qa.catalogue import ViewCatalogue, available_catalogues, load_views
from odoo_factory.qa.context import CheckContext
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.view_arch import (
    FLOATING,
    MODULE_KEY,
    ViewDef,
    apply_specs,
    combine,
    decode,
    locate,
    node_module,
    spec_nodes,
    views_in,
)
from odoo_factory.qa.view_xpath import XPathUnsupported
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["check_view_targets"]

RULE_MISSING = "view-target-missing"
RULE_UNCHECKED = "view-target-unchecked"
_NAME_IN_XPATH = re.compile(r"""(\w+|\*)\[@name\s*=\s*['"]([^'"]+)['"]""")


def _finding(
    severity: Severity, rule: str, view: ViewDef, line: int | None, message: str, hint: str
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=severity,
        category="reference",
        rule=rule,
        file=view.file,
        line=line,
        message=message,
        hint=hint,
    )


def describe(spec: XmlNode) -> str:
    """The spec as written, short: '<xpath expr="//field[@name='x']">'."""
    shown = {k: v for k, v in spec.attrib.items() if k != MODULE_KEY}
    attrs = " ".join(f'{key}="{value}"' for key, value in shown.items())
    return f"<{spec.tag}{' ' + attrs if attrs else ''}>"


@dataclass
class _Views:
    """The views the checked addon can see: its own and those of addons on the addons path."""

    own: dict[str, ViewDef]
    path: dict[str, ViewDef] = field(default_factory=dict)

    @property
    def local(self) -> dict[str, ViewDef]:
        return {**self.path, **self.own}

    def base_of(self, xmlid: str, catalogue: ViewCatalogue | None) -> str | None:
        """The view whose arch ``xmlid`` changes: a local primary view or a catalogued one."""
        local = self.local
        seen: set[str] = set()
        while xmlid in local and not local[xmlid].primary and xmlid not in seen:
            seen.add(xmlid)
            xmlid = str(local[xmlid].parent)
        if xmlid in local:
            return xmlid
        return catalogue.resolve(xmlid) if catalogue is not None else None

    def extensions_of(self, base: str, catalogue: ViewCatalogue | None) -> list[ViewDef]:
        """Extension views of the path addons and of the addon that change ``base``'s arch."""
        return [
            view
            for view in self.local.values()
            if view.parent is not None
            and not view.primary
            and self.base_of(view.xmlid, catalogue) == base
        ]


def _own_views(ctx: CheckContext) -> dict[str, ViewDef]:
    views: dict[str, ViewDef] = {}
    for rel, root in ctx.addon.xml.items():
        for view in views_in(root, ctx.addon.name, rel):
            views[view.xmlid] = view
    return views


def _path_views(ctx: CheckContext) -> dict[str, ViewDef]:
    views: dict[str, ViewDef] = {}
    known = ctx.catalogue.addons if ctx.catalogue is not None else {}
    for name in sorted(ctx.closure):
        if name in known or name not in ctx.path_addons:
            continue
        try:
            dep = load_addon(ctx.path_addons[name])
        except Exception:
            continue
        for rel, root in dep.xml.items():
            for view in views_in(root, name, rel):
                views[view.xmlid] = view
    return views


@dataclass
class _Checker:
    ctx: CheckContext
    catalogue: ViewCatalogue | None
    views: _Views
    found: list[Diagnostic] = field(default_factory=list)

    @property
    def visible(self) -> set[str]:
        return {*self.ctx.closure, *self.ctx.auto_addons, self.ctx.addon.name}

    def unsure(self) -> str | None:
        """Why a missing target may still exist: a dependency whose views are not known."""
        if not self.ctx.complete:
            return "some dependencies are unknown"
        covered = self.catalogue.addons if self.catalogue is not None else frozenset()
        hidden = sorted(
            name
            for name in self.ctx.closure
            if name not in covered and name not in self.ctx.path_addons and name != "base"
        )
        if hidden:
            return f"the views of {', '.join(hidden[:3])} are not in the catalogue"
        return None

    def arch_of(self, parent: str, depth: int = 0) -> tuple[XmlNode, str] | None:
        """The combined arch the views inheriting ``parent`` see, and the view it belongs to."""
        base = self.views.base_of(parent, self.catalogue)
        if base is None or depth > 20:
            return None
        local = self.views.local
        if base not in local:
            assert self.catalogue is not None
            arch = decode(self.catalogue.arch(base))
        elif local[base].parent is None:
            arch = combine(base, {base: local[base]}, {})
        else:  # a primary view of the addon or a path addon: its parent's arch, then its specs
            outer = self.arch_of(str(local[base].parent), depth + 1)
            if outer is None:
                return None
            arch = outer[0]
            apply_specs(arch, local[base].root, local[base].module)
        for view in self.views.extensions_of(base, self.catalogue):
            apply_specs(arch, view.root, view.module)
        return arch, base

    def run(self) -> list[Diagnostic]:
        inheriting = [v for v in self.views.own.values() if v.parent is not None]
        arches: dict[str, tuple[XmlNode, str] | None] = {}
        for view in inheriting:
            parent = str(view.parent)
            if parent not in arches:
                arches[parent] = self.arch_of(parent)
            found = arches[parent]
            if found is None:
                self.not_checked(view, parent)
                continue
            arch, base = found
            for spec in spec_nodes(view.root):
                self.check_spec(view, parent, base, arch, spec)
        return self.found

    def not_checked(self, view: ViewDef, parent: str) -> None:
        if self.catalogue is None:
            why = f"no view catalogue ships for {self.ctx.series}"
            hint = (
                "check the view on a runtime of this series (odoo-factory test), or build a "
                f"view catalogue from its sources; catalogues ship for {', '.join(_series())}"
            )
        elif view.kind == "template" or parent.split(".", 1)[0] in self.catalogue.addons:
            why = f"{parent} is not a backend view of the {self.ctx.series} view catalogue"
            why += " (QWeb templates are not catalogued)" if view.kind == "template" else ""
            hint = "check the inheritance on a runtime of this series (odoo-factory test)"
        else:
            why = f"the views of {parent.split('.', 1)[0]} are not known for {self.ctx.series}"
            hint = "pass --addons-path with the folder holding that addon, or test on a runtime"
        self.found.append(
            _finding(
                Severity.INFO,
                RULE_UNCHECKED,
                view,
                view.line,
                f"view {view.xmlid} inherits {parent}: its targets were not checked, {why}",
                hint,
            )
        )

    def check_spec(
        self, view: ViewDef, parent: str, base: str, arch: XmlNode, spec: XmlNode
    ) -> None:
        shown = describe(spec)
        try:
            matches = locate(arch, spec, view.module)
        except XPathUnsupported as exc:
            self.found.append(
                _finding(
                    Severity.INFO,
                    RULE_UNCHECKED,
                    view,
                    spec.line,
                    f"view {view.xmlid}: {shown} was not checked against {parent} ({exc})",
                    "check the inheritance on a runtime of this series (odoo-factory test)",
                )
            )
            return
        if matches:
            self.check_sources(view, parent, spec, matches)
            return
        unsure = self.unsure()
        in_series = f"{parent} of {self.ctx.series}"
        message = f"view {view.xmlid}: {shown} finds nothing in {in_series}"
        if unsure:
            message += f" (unsure: {unsure})"
        self.found.append(
            _finding(
                Severity.INFO if unsure else Severity.ERROR,
                RULE_MISSING,
                view,
                spec.line,
                message + "; Odoo refuses the view at install",
                self.hint(spec, arch, base),
            )
        )

    def check_sources(
        self, view: ViewDef, parent: str, spec: XmlNode, matches: list[XmlNode]
    ) -> None:
        """A target that only an addon outside the dependencies brings: a warning."""
        modules = {node_module(node) for node in matches}
        if None in modules or modules & self.visible:
            return
        if any(a.tag == FLOATING for node in matches for a in node.ancestors()):
            return  # placed where its own spec could not be located: no claim either way
        names = ", ".join(sorted(str(m) for m in modules))
        self.found.append(
            _finding(
                Severity.WARNING,
                RULE_MISSING,
                view,
                spec.line,
                f"view {view.xmlid}: {describe(spec)} finds only what {names} adds to {parent}, "
                "and that addon is not a dependency",
                f"add {sorted(str(m) for m in modules)[0]!r} to depends",
            )
        )

    def hint(self, spec: XmlNode, arch: XmlNode, base: str) -> str:
        parts: list[str] = []
        elsewhere = [
            s
            for s in _series()
            if s != self.ctx.series and _found_in(s, base, spec, self.ctx.addon.name)
        ]
        if elsewhere:
            parts.append(
                f"the target exists in {base} of {', '.join(elsewhere)}: this series renamed "
                "or removed it, so write the spec for this series' view"
            )
        closest = _closest(spec, arch)
        if closest:
            parts.append(f"closest existing target: {closest}")
        if not parts:
            parts.append(
                f"point the expression at an element of {base} in this series (its arch is "
                "under Settings > Technical > Views)"
            )
        return "; ".join(parts)


def _series() -> list[str]:
    return [s for s in available_catalogues() if load_views(s) is not None]


def _found_in(series: str, base: str, spec: XmlNode, module: str) -> bool:
    catalogue = load_views(series)
    if catalogue is None or catalogue.resolve(base) is None:
        return False
    try:
        return bool(locate(decode(catalogue.arch(str(catalogue.resolve(base)))), spec, module))
    except XPathUnsupported:
        return False


def _closest(spec: XmlNode, arch: XmlNode) -> str | None:
    """The existing element whose name is closest to the one the spec looks for."""
    if spec.tag == "xpath":
        match = _NAME_IN_XPATH.search(spec.get("expr") or "")
        if match is None:
            return None
        tag, name = match.group(1), match.group(2)
    elif spec.get("name"):
        tag, name = spec.tag, str(spec.get("name"))
    else:
        return None
    names = {
        str(node.get("name")): node.tag
        for node in arch.iter()
        if node.get("name") and (tag == "*" or node.tag == tag)
    }
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    if not close:
        return None
    return f'<{names[close[0]]} name="{close[0]}">'


def check_view_targets(ctx: CheckContext) -> list[Diagnostic]:
    own = _own_views(ctx)
    if not any(view.parent for view in own.values()):
        return []
    views = _Views(own=own, path=_path_views(ctx))
    return _Checker(ctx, load_views(ctx.series), views).run()
