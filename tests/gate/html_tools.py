"""Reading the gate's HTML report in tests: well-formedness, text by id, external references,
and the page as a headless Chromium renders it."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Elements HTML never closes.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Attributes through which a page loads or links something.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "data", "poster", "formaction"})
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@dataclass
class Page:
    """What :func:`parse` read: tags in order, texts by element id, and problems."""

    problems: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    ids_by_parent: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, str | None]] = []
        self.in_style = False

    def _separate(self) -> None:
        """Element boundaries separate words: '<td>a</td><td>b</td>' reads 'a b'."""
        for _tag, ident in self.stack:
            if ident:
                self.page.texts[ident] += " "

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._separate()
        values = dict(attrs)
        self.page.tags.append(tag)
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.page.urls.append(value)
            if name == "style" and value:
                self.page.styles.append(value)
        ident = values.get("id")
        if ident:
            self.page.texts.setdefault(ident, "")
            parent = next((i for _t, i in reversed(self.stack) if i), None)
            if parent is not None:
                self.page.ids_by_parent.setdefault(parent, []).append(ident)
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append((tag, ident))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self._separate()
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack:
            self.page.problems.append(f"</{tag}> closes nothing (line {self.getpos()[0]})")
            return
        open_tag, _ident = self.stack.pop()
        if open_tag != tag:
            self.page.problems.append(f"</{tag}> closes <{open_tag}> (line {self.getpos()[0]})")

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.page.styles.append(data)
        for _tag, ident in self.stack:
            if ident:
                self.page.texts[ident] += data

    def close(self) -> None:
        super().close()
        if self.stack:
            unclosed = ", ".join(f"<{tag}>" for tag, _ident in self.stack)
            self.page.problems.append(f"never closed: {unclosed}")


def parse(html: str) -> Page:
    """The page read strictly: every non-void element must be closed, in order."""
    page = Page()
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    return page


def text(page: Page, ident: str) -> str:
    """The whitespace-normalised text inside the element with that id."""
    assert ident in page.texts, f"no element with id {ident!r}"
    return " ".join(page.texts[ident].split())


def external_references(page: Page) -> list[str]:
    """URLs the page would load or lead to outside itself, and CSS that loads anything."""
    found = [u for u in page.urls if not u.startswith("#")]
    for css in page.styles:
        lowered = css.lower()
        if "url(" in lowered or "@import" in lowered:
            found.append(css.strip()[:80])
    return found


def browser() -> str:
    """A Chromium or Chrome binary; skips the test with the reason when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"no headless browser: none of {', '.join(BROWSERS)} is on PATH")


def render(html_file: Path, work: Path) -> tuple[str, Path]:
    """The DOM Chromium builds from ``html_file`` and a screenshot of the page."""
    binary = browser()
    common = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
    ]
    url = html_file.resolve().as_uri()
    env = {**os.environ, "HOME": str(work)}
    dom = subprocess.run(
        [*common, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    ).stdout
    shot = work / "report.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1280,2000", url],
        capture_output=True,
        timeout=120,
        check=True,
        env=env,
    )
    return dom, shot
