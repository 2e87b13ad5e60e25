"""Python tracebacks as Odoo logs them: their frames and their chain of exceptions.

A traceback may hold several exceptions, printed innermost first and joined by
"The above exception was the direct cause of the following exception:" (``raise ... from``)
or "During handling of the above exception, another exception occurred:". :func:`root_cause`
picks the one that explains the failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from odoo_factory.runtime.results import Frame

__all__ = ["WRAPPERS", "Raised", "exception_chain", "frames_of", "root_cause"]

_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$')
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"
_TRACEBACK = "Traceback (most recent call last):"
_RAISED = re.compile(r"^(?P<kind>[A-Za-z_][\w.]*)(?:: ?(?P<message>.*))?$")
# Exceptions that only wrap another one: when raised while handling it, the other one is
# the cause (Odoo's data loader re-raises everything as a ParseError naming the file).
WRAPPERS = frozenset({"ParseError"})


@dataclass
class Raised:
    """One exception of a traceback: its type, its message and the frames that raised it."""

    kind: str  # as printed: 'TypeError', 'odoo.tools.convert.ParseError'
    headline: str  # the exception's first line, 'TypeError: Model ... registry.'
    message: str  # everything after 'Kind: ', over as many lines as it takes
    text: str  # the traceback of this exception alone, frames and message
    link: str | None  # 'cause' or 'context': how it relates to the exception printed before

    @property
    def short_kind(self) -> str:
        return self.kind.rsplit(".", 1)[-1]


def exception_chain(text: str) -> list[Raised]:
    """The exceptions of a log record's traceback, innermost (printed first) first."""
    segments: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in (_CAUSE, _CONTEXT):
            segments.append(("cause" if stripped == _CAUSE else "context", []))
        else:
            segments[-1][1].append(line)
    chain: list[Raised] = []
    for link, lines in segments:
        starts = [i for i, line in enumerate(lines) if line.strip() == _TRACEBACK]
        if not starts:
            continue
        body = lines[starts[-1] + 1 :]
        first = next(
            (i for i, line in enumerate(body) if line.strip() and not line[0].isspace()), None
        )
        if first is None:
            continue
        match = _RAISED.match(body[first].rstrip())
        if match is None:
            continue
        rest = "\n".join(body[first + 1 :]).rstrip()
        message = "\n".join(part for part in ((match["message"] or "").strip(), rest) if part)
        chain.append(
            Raised(
                kind=match["kind"],
                headline=body[first].strip(),
                message=message,
                text="\n".join(lines[starts[-1] :]).rstrip(),
                link=link,
            )
        )
    return chain


def root_cause(chain: list[Raised]) -> Raised | None:
    """The exception that explains the failure: the innermost cause that says something.

    From the outermost exception, step to the one before it while the outer one was raised
    ``from`` it (direct cause) or is a mere wrapper (ParseError) raised while handling it;
    an exception raised while handling another one is otherwise the real error (the other was
    expected, e.g. a KeyError turned into a clear message). An inner exception without a
    message (a bare ``KeyError``) is not worth more than the one that explains it.
    """
    if not chain:
        return None
    index = len(chain) - 1
    while index > 0:
        outer, inner = chain[index], chain[index - 1]
        step_in = outer.link == "cause" or outer.short_kind in WRAPPERS
        if not step_in or not inner.message.strip():
            break
        index -= 1
    return chain[index]


def frames_of(text: str, addon_path: Path | None) -> list[Frame]:
    frames: list[Frame] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _FRAME.match(line)
        if not match:
            continue
        file = match["file"]
        in_addon = False
        if addon_path is not None:
            try:
                file = str(Path(file).resolve().relative_to(addon_path))
                in_addon = True
            except ValueError:
                pass
        code: str | None = None
        if index + 1 < len(lines) and not _FRAME.match(lines[index + 1]):
            code = lines[index + 1].strip()
        frames.append(
            Frame(
                file=file,
                line=int(match["line"]),
                function=match["func"].strip(),
                in_addon=in_addon,
                code=code,
            )
        )
    return frames
