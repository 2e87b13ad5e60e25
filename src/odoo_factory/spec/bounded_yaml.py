"""Spec text to plain data, within limits, with the place of every key and value.

A spec may come from anyone (a file, an MCP call), so reading it must cost little whatever it
holds. The text is checked for size and for characters YAML refuses, then read as a stream of
YAML events in one pass with no recursion: nesting, the number of values and the number of
aliases are counted as they come, and the first limit passed is refused with its place.
Aliases count once per place they are used, so a "billion laughs" is refused before it is
expanded. Values are plain: text, numbers, true/false, null, lists and mappings; dates and
times stay the text written (``2024-01-02``), other tags are refused.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import yaml

from odoo_factory.errors import SpecError

__all__ = ["LIMITS", "LoadLimits", "Loc", "Locations", "compose_bounded"]

Loc = tuple[str | int, ...]


class Locations:
    """(line, column) of every key and value of a spec file, 1-based, keyed by path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        path = tuple(loc)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (None, None))

    def error(
        self, loc: Loc, message: str, hint: str | None = None, key: bool = False
    ) -> SpecError:
        line, column = self.find(loc, key=key)
        return SpecError(message, hint=hint, file=self.file, line=line, column=column)


@dataclass(frozen=True)
class LoadLimits:
    """How much a spec may ask of the loader; past any of these it is refused, located."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    # values and keys, aliases counted once per place used: some 200 models, read,
    # validated and checked well within a second
    max_nodes: int = 50_000
    max_aliases: int = 100


LIMITS = LoadLimits()

# libyaml's parser when available: the same events and marks, several times faster. Both
# parsers are state machines: deep nesting costs them no recursion.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = dict(
    yaml.resolver.Resolver.yaml_implicit_resolvers
)
_constructor = yaml.constructor.SafeConstructor()  # type: ignore[no-untyped-call]

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_NUMBERS = {_TAG + name for name in ("int", "float", "bool", "null")}
# kept as the text written: a date stays '2024-01-02', never a datetime.date
_AS_TEXT = {_TAG + name for name in ("str", "timestamp", "value", "merge")}
# Characters YAML refuses (C0 controls but tab/newline/return, DEL and C1 but NEL,
# surrogates, U+FFFE/U+FFFF): found here first so the error names the exact place.
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NO_KEY: Any = object()
_KEY_HINT = "write the key as a word followed by ':'"


def place_of(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_text(text: str, file: str, limits: LoadLimits) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        line, column = place_of(text, min(len(text), limits.max_bytes))
        raise SpecError(
            f"the spec is {size:,} bytes, more than the {limits.max_bytes:,} allowed",
            hint="split the module into several specs",
            file=file,
            line=line,
            column=column,
        )
    bad = _BAD_CHAR.search(text)
    if bad is not None:
        line, column = place_of(text, bad.start())
        raise SpecError(
            f"character U+{ord(bad.group()):04X} is not allowed in a spec",
            hint="remove it (YAML cannot hold NUL bytes or control characters); "
            "save the file as UTF-8 text",
            file=file,
            line=line,
            column=column,
        )


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_CONSTANT = {
    **{word: True for word in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{word: False for word in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{word: None for word in ("", "~", "null", "Null", "NULL")},
}
_tags: dict[str, str] = {}  # plain scalars seen before: keys repeat a lot


def _tag_of(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: str, int, float, bool, null, ..."""
    tag = _tags.get(value)
    if tag is None:
        tag = _STR
        for candidate, pattern in _RESOLVERS.get(value[:1], ()):
            if pattern.match(value):
                tag = candidate
                break
        if len(_tags) > 10_000:
            _tags.clear()
        if len(value) < 64:
            _tags[value] = tag
    return tag


def _next_path(stack: list[list[Any]]) -> Loc:
    """Where the next value goes: below the open mapping's key, or the list's next index."""
    if not stack:
        return ()
    frame = stack[-1]
    return (*frame[1], frame[3]) if frame[2] else (*frame[1], len(frame[0]))


class _Anchor:
    __slots__ = ("first", "last", "path", "size", "value")

    def __init__(self, value: Any, path: Loc, first: int, last: int, size: int) -> None:
        self.value = value
        self.path = path
        self.first = first  # the slice of entries its places are in
        self.last = last
        self.size = size  # values and keys it holds, aliases expanded


class _Reader:
    """One read of one text: the event loop and its state."""

    def __init__(self, file: str, limits: LoadLimits) -> None:
        self.file = file
        self.limits = limits
        self.locs = Locations(file)
        # (path, place, is_key) of every value and key in the order read; an alias
        # replays the slice of its anchor under its own path
        self.entries: list[tuple[Loc, tuple[int, int], bool]] = []
        self.anchors: dict[str, _Anchor] = {}
        self.nodes = 0
        self.aliases = 0

    def error(self, mark: Any, message: str, hint: str) -> SpecError:
        return SpecError(
            message, hint=hint, file=self.file, line=mark.line + 1, column=mark.column + 1
        )

    def too_many(self, mark: Any) -> SpecError:
        return self.error(
            mark,
            f"the spec holds more than {self.limits.max_nodes:,} keys and values "
            "(an alias counts for everything it repeats)",
            "write fewer aliases (*name) or split the module into several specs",
        )

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        implicit = tag is None or tag == "!"
        if implicit:
            if not event.implicit[0] or tag == "!":
                return value  # quoted, or marked as text
            tag = _tag_of(value)
        if tag in _AS_TEXT:
            return value
        if tag not in _NUMBERS:
            raise self.tag_error(event.start_mark, tag)
        if implicit and tag != _TAG + "float":
            if value in _CONSTANT:
                return _CONSTANT[value]
            if _INT.match(value):
                return int(value) if len(value) < 1000 else self.number_error(event, "too long")
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)  # type: ignore[no-untyped-call]
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except Exception as exc:  # thousands of digits, '!!bool maybe', '!!float ""'
            return self.number_error(event, str(exc).splitlines()[0] if str(exc) else repr(exc))

    def number_error(self, event: Any, reason: str) -> Any:
        tag = str(event.tag or "").rpartition(":")[2] or "number"
        raise self.error(
            event.start_mark,
            f"{event.value[:40]!r} is not a usable {tag} ({reason})",
            "write a plain value, or quote it to keep it as text",
        )

    def tag_error(self, mark: Any, tag: str) -> SpecError:
        return self.error(
            mark,
            f"the YAML tag {tag!r} is not supported in a spec",
            "remove the tag: a spec holds plain text, numbers, true/false, lists and mappings",
        )

    def alias(self, event: Any, path: Loc | None) -> Any:
        """A copy of the anchored value; its places replayed below ``path`` (None: a key)."""
        mark = event.start_mark
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.error(
                mark,
                f"the spec uses more than {self.limits.max_aliases} aliases (*name)",
                "write the repeated values out instead of using anchors and aliases",
            )
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self.error(mark, f"unknown alias *{event.anchor}", "define it first with &name")
        self.nodes += anchor.size
        if self.nodes > self.limits.max_nodes:
            raise self.too_many(mark)
        if path is not None:
            cut = len(anchor.path)
            values, keys, entries = self.locs.values, self.locs.keys, self.entries
            for old, where, is_key in entries[anchor.first : anchor.last]:
                new = path + old[cut:]
                (keys if is_key else values)[new] = where
                entries.append((new, where, is_key))
        return copy.deepcopy(anchor.value)

    def read(self, text: str) -> Any:
        """The document's data; every place recorded in ``self.locs``."""
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        values, keys, entries, anchors = (
            self.locs.values,
            self.locs.keys,
            self.entries,
            self.anchors,
        )
        max_nodes, max_depth = self.limits.max_nodes, self.limits.max_depth
        # a frame: [container, path, is mapping, pending key, anchor, first entry, nodes]
        stack: list[list[Any]] = []
        root: Any = _NO_KEY
        documents = 0
        loader = _LOADER(text)
        try:
            while True:
                event = loader.get_event()
                if event is None:
                    break
                kind = event.__class__
                if kind in ends:
                    frame = stack.pop()
                    value = frame[0]
                    if frame[4] is not None:
                        anchors[frame[4]] = _Anchor(
                            value, frame[1], frame[5], len(entries), self.nodes - frame[6]
                        )
                elif kind is scalar_event or kind is alias_event:
                    if kind is scalar_event:
                        self.nodes += 1
                        if self.nodes > max_nodes:
                            raise self.too_many(event.start_mark)
                        value = self.scalar(event)
                    mark = event.start_mark
                    where = (mark.line + 1, mark.column + 1)
                    if stack and stack[-1][2] and stack[-1][3] is _NO_KEY:
                        frame = stack[-1]
                        if kind is alias_event:
                            value = self.alias(event, None)
                        if isinstance(value, (dict, list)):
                            raise self.error(mark, "a key must be plain text", _KEY_HINT)
                        name = value if isinstance(value, str) else str(value)
                        if name == "<<" and kind is scalar_event and event.implicit[0]:
                            raise self.error(
                                mark,
                                "merge keys (<<) are not supported in a spec",
                                "write the keys out in this mapping",
                            )
                        if name in frame[0]:
                            raise self.error(
                                mark,
                                f"duplicate key {name!r}",
                                "each key may appear once per mapping; remove or merge one",
                            )
                        frame[3] = name
                        path = (*frame[1], name)
                        keys[path] = where
                        entries.append((path, where, True))
                        if kind is scalar_event and event.anchor is not None:
                            anchors[event.anchor] = _Anchor(value, (), 0, 0, 1)
                        continue
                    path = _next_path(stack)
                    if kind is alias_event:
                        values[path] = where
                        value = self.alias(event, path)
                    else:
                        values[path] = where
                        entries.append((path, where, False))
                        if event.anchor is not None:
                            n = len(entries)
                            anchors[event.anchor] = _Anchor(value, path, n - 1, n, 1)
                elif kind is map_start or kind is seq_start:
                    mark = event.start_mark
                    is_map = kind is map_start
                    if event.tag not in (None, "!", _TAG + ("map" if is_map else "seq")):
                        raise self.tag_error(mark, event.tag)
                    if len(stack) >= max_depth:
                        raise self.error(
                            mark,
                            f"the spec nests deeper than {max_depth} levels",
                            "flatten the nesting; a spec needs only a few levels",
                        )
                    if stack and stack[-1][2] and stack[-1][3] is _NO_KEY:
                        raise self.error(mark, "a key must be plain text", _KEY_HINT)
                    path = _next_path(stack)
                    where = (mark.line + 1, mark.column + 1)
                    values[path] = where
                    entries.append((path, where, False))
                    container: Any = {} if is_map else []
                    first = len(entries) - 1
                    frame = [container, path, is_map, _NO_KEY, event.anchor, first, self.nodes]
                    stack.append(frame)
                    self.nodes += 1
                    if self.nodes > max_nodes:
                        raise self.too_many(mark)
                    continue
                elif event.__class__ is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.error(
                            event.start_mark,
                            "the file holds more than one YAML document",
                            "keep one document per spec: remove the '---' line and what follows",
                        )
                    continue
                else:
                    continue
                # a finished value (scalar, alias or closed collection) goes into its parent
                if not stack:
                    root = value
                elif stack[-1][2]:
                    frame = stack[-1]
                    frame[0][frame[3]] = value
                    frame[3] = _NO_KEY
                else:
                    stack[-1][0].append(value)
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()
        return root


def compose_bounded(text: str, file: str, limits: LoadLimits = LIMITS) -> tuple[Any, Locations]:
    """Plain data and the place of every key and value, or a located :class:`SpecError`."""
    _check_text(text, file, limits)
    reader = _Reader(file, limits)
    try:
        data = reader.read(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError(
            f"not valid YAML/JSON: {exc.problem or exc.context}",
            hint="fix the syntax at this place (indentation, a missing ':' or quote)",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:  # a reader error the character check did not foresee
        line, column = place_of(text, min(getattr(exc, "position", 0) or 0, len(text)))
        raise SpecError(
            f"not valid YAML/JSON: {str(exc).splitlines()[0]}",
            hint="save the file as UTF-8 text without control characters",
            file=file,
            line=line,
            column=column,
        ) from None
    if data is _NO_KEY or data is None:
        raise SpecError(
            "the spec file is empty",
            hint="start with a 'module:' section",
            file=file,
            line=1,
            column=1,
        )
    return data, reader.locs
