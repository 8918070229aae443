"""Build small fixture sites into temporary folders and read what they produce."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.build import BuildResult, build_site
from sitegen.errors import SiteError

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)

SITE_YAML = """\
title:
  en: Test Group
  ur: ٹیسٹ گروپ
base_url: https://example.test/group/
default_language: en
languages: [en, ur, pl]
region: GB
quick_exit_url: https://www.bbc.co.uk/weather
"""


def write_site(
    root: Path, files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML
) -> Path:
    """Write a site folder: `files` maps site-relative paths to text (dedented) or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    if site_yaml is not None:
        (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            text = textwrap.dedent(data).lstrip("\n")
            path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return root


def build(site: Path, out: Path | None = None, now: dt.datetime = NOW) -> tuple[Path, BuildResult]:
    """Build a fixture site; return the output folder and the result."""
    out = out or site.parent / (site.name + "-out")
    result = build_site(site, out, now=now)
    return out, result


def build_fails(site: Path, out: Path | None = None, now: dt.datetime = NOW) -> SiteError:
    """Build a site that must fail; return the error."""
    out = out or site.parent / (site.name + "-out")
    try:
        build_site(site, out, now=now)
    except SiteError as exc:
        return exc
    raise AssertionError("the build succeeded but should have failed")


def page(out: Path, rel: str) -> BeautifulSoup:
    """Parse one built HTML file."""
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def messages(error: SiteError) -> list[str]:
    """Return the formatted problems of a failed build."""
    return [p.format() for p in error.problems]
