"""A tiny, deterministic XML writer: elements in, consistently indented text out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["E", "render_document"]

INDENT = "    "


# what XML 1.0 cannot hold at all; the spec refuses it, this is the last guard
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str, attribute: bool = False) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(f"U+{ord(bad.group()):04X} cannot be written into XML")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


@dataclass
class E:
    """One element; ``attrs`` keep their order, ``None`` values are left out."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[E] = field(default_factory=list)
    text: str | None = None

    def add(self, *children: E | None) -> E:
        self.children.extend(c for c in children if c is not None)
        return self

    def render(self, depth: int = 0) -> list[str]:
        pad = INDENT * depth
        attrs = "".join(
            f' {key}="{_escape(value, attribute=True)}"'
            for key, value in self.attrs.items()
            if value is not None
        )
        if not self.children and self.text is None:
            return [f"{pad}<{self.tag}{attrs}/>"]
        if not self.children:
            assert self.text is not None
            return [f"{pad}<{self.tag}{attrs}>{_escape(self.text)}</{self.tag}>"]
        lines = [f"{pad}<{self.tag}{attrs}>"]
        for child in self.children:
            lines.extend(child.render(depth + 1))
        lines.append(f"{pad}</{self.tag}>")
        return lines


def render_document(root: E) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(root.render()) + "\n"
