"""Views of an addon and how inheritance combines them, as Odoo does it, but never losing a node.

:func:`views_in` reads the ``ir.ui.view`` records and ``<template>`` elements of a data file.
:func:`combine` builds the arch a view has once every given extension is applied: each
inheriting view's specs are located (``<xpath expr>`` or a locator such as ``<field name="x"
position="after"/>``) and their content inserted. To stay on the safe side for a check that
asks "does this target exist?", nothing is ever removed: ``replace`` inserts the new content
beside the old, and content whose spec cannot be located is kept under a ``#floating`` element,
so ``//`` searches still find it; an attribute an extension changes keeps its former value as
``name~N``, which XPath predicates and locators match as ``name``. Each inserted element
records the addon that brought it in the ``~m`` attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from odoo_factory.qa.view_xpath import XPathUnsupported, select
from odoo_factory.qa.xmltree import XmlNode

__all__ = [
    "FLOATING",
    "MODULE_KEY",
    "ViewDef",
    "combine",
    "decode",
    "encode",
    "locate",
    "node_module",
    "qualify",
    "spec_nodes",
    "views_in",
]

FLOATING = "#floating"
MODULE_KEY = "~m"
_SKIPPED_SPEC_ATTRS = frozenset({"position", "version"})


@dataclass
class ViewDef:
    xmlid: str  # module.id
    module: str
    root: XmlNode  # the arch's root element
    parent: str | None = None  # module.id of inherit_id
    primary: bool = False
    priority: int = 16
    file: str = ""
    line: int = 0
    kind: str = "view"  # view | template


def _full(xmlid: str, module: str) -> str:
    return xmlid if "." in xmlid else f"{module}.{xmlid}"


def _arch_root(arch: XmlNode) -> XmlNode | None:
    """The arch's root; several top elements are wrapped in ``<data>``, as Odoo does."""
    if len(arch.children) > 1:
        holder = XmlNode("data", {}, arch.line)
        holder.children = arch.children  # shared, never modified here
        return holder
    return arch.children[0] if arch.children else None


def views_in(root: XmlNode, module: str, file: str = "") -> Iterator[ViewDef]:
    """The views a data file defines: ``ir.ui.view`` records and QWeb ``<template>`` elements."""
    for record in root.iter("record"):
        if record.get("model") != "ir.ui.view" or not record.get("id"):
            continue
        arch = record.field_value("arch")
        top = _arch_root(arch) if arch is not None else None
        if top is None:
            continue
        inherit = record.field_value("inherit_id")
        parent = inherit.get("ref") if inherit is not None else None
        mode = record.field_value("mode")
        priority = record.field_value("priority")
        try:
            prio = int((priority.get("eval") or priority.text).strip()) if priority else 16
        except ValueError:
            prio = 16
        yield ViewDef(
            xmlid=_full(str(record.get("id")), module),
            module=module,
            root=top,
            parent=_full(parent, module) if parent else None,
            primary=not parent or (mode is not None and mode.text.strip() == "primary"),
            priority=prio,
            file=file,
            line=record.line,
        )
    for template in root.iter("template"):
        if not template.get("id"):
            continue
        xmlid = _full(str(template.get("id")), module)
        parent = template.get("inherit_id")
        primary = not parent or template.get("primary") in ("True", "true", "1")
        holder = XmlNode("data" if not primary else "t", {}, template.line)
        if primary:
            holder.attrib["t-name"] = xmlid
        holder.children = template.children  # shared, never modified here
        try:
            prio = int(template.get("priority") or 16)
        except ValueError:
            prio = 16
        yield ViewDef(
            xmlid=xmlid,
            module=module,
            root=holder,
            parent=_full(parent, module) if parent else None,
            primary=primary,
            priority=prio,
            file=file,
            line=template.line,
            kind="template",
        )


def spec_nodes(root: XmlNode) -> Iterator[XmlNode]:
    """The specs of an inheriting arch: the root, or the children of ``<data>`` (nested too)."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if node.tag == "data":
            stack[:0] = list(node.children)
        else:
            yield node


_LOCAL_REF = re.compile(r"%\((\w+)\)d")


def qualify(value: str, module: str) -> str:
    """``%(xmlid)d`` references with the module written out: both sides of a match agree."""
    return _LOCAL_REF.sub(lambda m: f"%({module}.{m.group(1)})d", value) if "%(" in value else value


def locate(arch: XmlNode, spec: XmlNode, module: str = "") -> list[XmlNode]:
    """The elements of ``arch`` a spec of ``module`` points at, as Odoo's ``locate_node``.

    The first is the one Odoo uses. Raises :class:`XPathUnsupported` for an xpath outside
    the supported subset.
    """
    if spec.tag == "xpath":
        return select(arch, qualify(spec.get("expr") or "", module))
    if spec.tag == "field":
        name = spec.get("name")
        return [n for n in arch.iter("field") if n.get("name") == name]
    wanted = {k: qualify(v, module) for k, v in spec.attrib.items() if k not in _SKIPPED_SPEC_ATTRS}
    return [n for n in arch.iter(spec.tag) if all(v in values(n, k) for k, v in wanted.items())]


def values(node: XmlNode, name: str) -> list[str]:
    """The values attribute ``name`` has or had (see the module's docstring)."""
    return [v for k, v in node.attrib.items() if k == name or k.split("~")[0] == name]


def _copy(node: XmlNode, parent: XmlNode | None, module: str, tag: bool = True) -> XmlNode:
    """A deep copy of a view's ``node``, its references qualified, tagged with ``module``."""
    attrib = {key: qualify(value, module) for key, value in node.attrib.items()}
    if tag:
        attrib[MODULE_KEY] = module
    clone = XmlNode(node.tag, attrib, node.line, parent, text=node.text)
    clone.children = [_copy(child, clone, module, tag=False) for child in node.children]
    return clone


def node_module(node: XmlNode) -> str | None:
    """The addon that inserted ``node`` (or an ancestor of it); None for the view's own nodes."""
    for current in (node, *node.ancestors()):
        module = current.attrib.get(MODULE_KEY)
        if module:
            return module
    return None


def _content(spec: XmlNode) -> list[XmlNode]:
    return [c for c in spec.children if c.get("position") != "move"]


def _floating(arch: XmlNode) -> XmlNode:
    for child in arch.children:
        if child.tag == FLOATING:
            return child
    holder = XmlNode(FLOATING, {}, 0, arch)
    arch.children.append(holder)
    return holder


def apply_specs(arch: XmlNode, inheriting: XmlNode, module: str) -> None:
    """Apply the specs of ``inheriting`` to ``arch`` in place (see the module's docstring)."""
    for spec in spec_nodes(inheriting):
        try:
            found = locate(arch, spec, module)
        except XPathUnsupported:
            found = []
        position = spec.get("position") or "inside"
        if not found:
            holder = _floating(arch)
            holder.children.extend(_copy(c, holder, module) for c in _content(spec))
            continue
        target = found[0]
        if position == "attributes":
            for attribute in spec.find_children("attribute"):
                name = attribute.get("name")
                if not name:
                    continue
                value = attribute.text.strip()
                if attribute.get("add"):
                    value = f"{target.attrib.get(name, '')} {attribute.get('add')}".strip()
                if not value:
                    continue
                if name in target.attrib and target.attrib[name] != value:
                    # the value before the change stays findable: the order in which
                    # addons apply their changes depends on what is installed
                    target.attrib[f"{name}~{len(target.attrib)}"] = target.attrib[name]
                target.attrib[name] = value
            continue
        if position == "inside":
            target.children.extend(_copy(c, target, module) for c in _content(spec))
            continue
        parent = target.parent
        if parent is None:  # before/after/replace of the root: keep the content floating
            holder = _floating(arch)
            holder.children.extend(_copy(c, holder, module) for c in _content(spec))
            continue
        index = next(i for i, s in enumerate(parent.children) if s is target)
        new = [_copy(c, parent, module) for c in _content(spec) if c.tag != "xpath"]
        at = index if position == "before" else index + 1
        parent.children[at:at] = new


def combine(xmlid: str, views: dict[str, ViewDef], extensions: dict[str, list[str]]) -> XmlNode:
    """The arch of ``xmlid`` with its ancestors (for a primary view) and every extension applied.

    ``extensions`` maps a view to the extension views that inherit it, in the order Odoo
    applies them.
    """
    chain: list[ViewDef] = []
    current: ViewDef | None = views[xmlid]
    while current is not None and current not in chain:
        chain.append(current)
        if current.parent is None or not current.primary:
            break
        current = views.get(current.parent)
    base = chain[-1]
    arch = _copy(base.root, None, base.module, tag=False)
    done: set[str] = set()

    def extend(view_id: str) -> None:
        for child_id in extensions.get(view_id, []):
            if child_id in done:
                continue
            done.add(child_id)
            child = views[child_id]
            apply_specs(arch, child.root, child.module)
            extend(child_id)

    extend(base.xmlid)
    for view in reversed(chain[:-1]):
        apply_specs(arch, view.root, view.module)
        extend(view.xmlid)
    return arch


def extension_map(views: Iterable[ViewDef]) -> dict[str, list[str]]:
    """Extension views (not primary) per parent, ordered by priority then definition order."""
    result: dict[str, list[tuple[int, int, str]]] = {}
    for order, view in enumerate(views):
        if view.parent and not view.primary:
            result.setdefault(view.parent, []).append((view.priority, order, view.xmlid))
    return {parent: [x for _p, _o, x in sorted(items)] for parent, items in result.items()}


# -- compact storage: [tag, {attrs}, text, [children]], trailing empties dropped ----------------

_MAX_VALUE = 120
_MAX_TEXT = 60


def encode(node: XmlNode) -> list[Any]:
    attrs = {k: (v if len(v) <= _MAX_VALUE else "") for k, v in node.attrib.items()}
    text = node.text.strip()
    item: list[Any] = [
        node.tag,
        attrs,
        text if len(text) <= _MAX_TEXT else "",
        [encode(child) for child in node.children],
    ]
    while len(item) > 1 and not item[-1]:
        item.pop()
    return item


def decode(item: list[Any], parent: XmlNode | None = None) -> XmlNode:
    attrs = item[1] if len(item) > 1 else {}
    text = item[2] if len(item) > 2 else ""
    node = XmlNode(item[0], dict(attrs), 0, parent, text=text)
    node.children = [decode(child, node) for child in (item[3] if len(item) > 3 else [])]
    return node
