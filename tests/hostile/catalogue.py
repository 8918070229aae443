"""The hostile-input catalogue's runner: one case = files, and what the build must do with them.

A case expects one of three outcomes, always through a full build of a small fixture site:
- `Fails`: the build stops; an error names `path:line` and says what to do; the previous output
  is untouched;
- `Warns`: the build succeeds with a warning naming `path:line`, and the HTML is safe;
- `Builds`: the build succeeds and a check on the parsed HTML holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.build import build_site
from sitegen.errors import SiteError
from tests.sitefixture import NOW, SITE_YAML, write_site

HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}
TIME_LIMIT = 20.0  # seconds for any one build: hostile input must cost bounded work
UNSAFE_TAGS = ("script", "style", "iframe", "form", "input", "object", "embed", "meta", "base")
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")

HtmlCheck = Callable[[BeautifulSoup], None]


@dataclass(frozen=True)
class Fails:
    """The build stops with an error at `ref` (`path:line`) whose message holds `fragment`."""

    ref: str
    fragment: str


@dataclass(frozen=True)
class Warns:
    """The build succeeds, warning at `ref` with `fragment`; `page` (if set) is checked."""

    ref: str
    fragment: str
    page: str = "en/x/index.html"
    check: HtmlCheck | None = None


@dataclass(frozen=True)
class Builds:
    """The build succeeds without warnings about content and `check` holds on `page`."""

    page: str = "en/x/index.html"
    check: HtmlCheck | None = None


@dataclass(frozen=True)
class Case:
    """One hostile input: the site's files and the outcome the build must have."""

    name: str
    files: dict[str, str | bytes]
    expect: Fails | Warns | Builds
    site_yaml: str = SITE_YAML
    extra: dict[str, str] = field(default_factory=dict)


def page_md(body: str, front: str = "title: X") -> str:
    """Return a page whose body starts on line 4 (after three lines of front matter)."""
    return f"---\n{front}\n---\n{body}\n"


def run_case(tmp_path: Path, case: Case) -> None:
    """Build the case's site over a previous good build and check the outcome."""
    site = write_site(tmp_path / "site", {**HOME, **case.files}, case.site_yaml)
    out = tmp_path / "out"
    good = write_site(tmp_path / "good", HOME, case.site_yaml)
    build_site(good, out, now=NOW)
    before = _tree(out)
    started = time.perf_counter()
    try:
        result = build_site(site, out, now=NOW)
    except SiteError as error:
        _elapsed_ok(started)
        expect = case.expect
        formatted = [p.format() for p in error.errors]
        assert isinstance(expect, Fails), formatted
        assert any(
            str(p.ref) == expect.ref and expect.fragment in p.message for p in error.errors
        ), formatted
        assert "Traceback" not in str(error)
        assert _tree(out) == before, "a failed build changed the previous output"
        return
    _elapsed_ok(started)
    expect = case.expect
    warnings = [p for p in result.warnings if p.ref.path != "contacts.lock"]
    assert not isinstance(expect, Fails), f"built, but expected {expect}"
    if isinstance(expect, Warns):
        formatted = [p.format() for p in warnings]
        assert any(str(p.ref) == expect.ref and expect.fragment in p.message for p in warnings), (
            formatted
        )
    else:
        assert [p.format() for p in warnings if p.ref.path.startswith("content/")] == []
    html = BeautifulSoup((out / expect.page).read_text(encoding="utf-8"), "html.parser")
    assert_safe(html)
    if expect.check is not None:
        expect.check(html)


def assert_safe(html: BeautifulSoup) -> None:
    """Check a page's content holds no active markup: tags, handlers or script URLs."""
    main = html.find("main") or html
    for tag in UNSAFE_TAGS:
        assert main.find(tag) is None, f"<{tag}> in the page"
    for element in main.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"{name} on <{element.name}>"
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcset"):
                squeezed = "".join(str(value).split()).lower()
                assert not squeezed.startswith(UNSAFE_SCHEMES), f"{name}={value!r}"


def main_text(html: BeautifulSoup) -> str:
    """Return the text of the page's main element."""
    main = html.find("main")
    assert main is not None
    return main.get_text(" ", strip=True)


def _tree(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def _elapsed_ok(started: float) -> None:
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT, f"the build took {elapsed:.1f} s"
