"""A small XML tree that remembers the line of each element, built on the stdlib's expat.

``xml.etree.ElementTree`` drops line numbers and ``lxml`` is not a dependency; expat reports
``CurrentLineNumber`` at each start tag, which is all the checks need.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

__all__ = ["XmlNode", "XmlSyntaxError", "parse_xml"]


class XmlSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(eq=False)
class XmlNode:
    tag: str
    attrib: dict[str, str]
    line: int
    parent: XmlNode | None = None
    children: list[XmlNode] = field(default_factory=list)
    text: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name, default)

    def iter(self, tag: str | None = None) -> Iterator[XmlNode]:
        """This node and every descendant, in document order (optionally of one tag)."""
        stack = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed(node.children))

    def find_children(self, tag: str) -> list[XmlNode]:
        return [child for child in self.children if child.tag == tag]

    def ancestors(self) -> Iterator[XmlNode]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def field_value(self, name: str) -> XmlNode | None:
        """The ``<field name=...>`` child of a ``<record>``."""
        for child in self.children:
            if child.tag == "field" and child.get("name") == name:
                return child
        return None

    def full_text(self) -> str:
        return self.text + "".join(child.full_text() for child in self.children)


def parse_xml(data: bytes) -> XmlNode:
    """Parse ``data``; raises :class:`XmlSyntaxError` with the line of the problem."""
    parser = expat.ParserCreate()
    root: list[XmlNode] = []
    stack: list[XmlNode] = []
    texts: list[list[str]] = []  # character data of each open element, joined at its end

    def start(tag: str, attrs: dict[str, str]) -> None:
        parent = stack[-1] if stack else None
        node = XmlNode(tag, attrs, parser.CurrentLineNumber, parent)
        if parent is None:
            root.append(node)
        else:
            parent.children.append(node)
        stack.append(node)
        texts.append([])

    def end(_tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def chars(text: str) -> None:
        if texts:
            texts[-1].append(text)

    def refuse_entity(name: str, *_args: object) -> None:
        # Odoo data files never declare entities; declared ones can expand without bound.
        raise XmlSyntaxError(
            f"entity declaration <!ENTITY {name}> is not allowed in a data file",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber,
        )

    parser.EntityDeclHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except XmlSyntaxError:
        raise
    except expat.ExpatError as exc:
        raise XmlSyntaxError(expat.ErrorString(exc.code), exc.lineno, exc.offset) from None
    if not root:
        raise XmlSyntaxError("no root element", 1, 0)
    return root[0]
