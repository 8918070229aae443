"""The only module that knows URL and output-path shapes.

A page with key `advice/safe` is written, for Urdu, to `ur/advice/safe/index.html`. Links between
pages are relative and name `index.html` explicitly, so the site works from any sub-path of any
host and when opened straight from disk; absolute URLs (canonical, hreflang, feeds) use the
base URL and the folder form.
"""

from __future__ import annotations

import posixpath

INDEX = "index.html"
CHOOSER_PATH = INDEX
NOT_FOUND_PATH = "404.html"
ASSETS_DIR = "assets"
FEED_NAME = "feed.xml"
SEARCH_KEY = "search"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SEARCH_BUNDLE_DIR = "pagefind"
LEAFLET_NAME = "leaflet.pdf"


def feed_path(lang: str) -> str:
    """Return the output path of a language's Atom feed, e.g. `ur/feed.xml`."""
    return f"{lang}/{FEED_NAME}"


def search_path(lang: str) -> str:
    """Return the output path of a language's search page, e.g. `ur/search/index.html`."""
    return f"{lang}/{SEARCH_KEY}/{INDEX}"


def page_dir(key: str, lang: str) -> str:
    """Return the output folder of a page, e.g. `ur/advice/safe/` (home: `ur/`)."""
    return f"{lang}/{key}/" if key else f"{lang}/"


def page_output_path(key: str, lang: str) -> str:
    """Return the output file of a page, e.g. `ur/advice/safe/index.html`."""
    return page_dir(key, lang) + INDEX


def relative_url(from_dir: str, to_path: str) -> str:
    """Return the relative link from an output folder to an output file or folder path."""
    start = from_dir.rstrip("/") or "."
    target = to_path.rstrip("/") or "."
    rel = _relpath(target, start)
    if to_path.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def _relpath(target: str, start: str) -> str:
    """Return `posixpath.relpath(target, start)`, quickly for plain relative paths.

    Rendering asks for hundreds of links per page; `relpath` makes both paths absolute first.
    Paths of plain folder names (no `.`, `..`, empty part or leading `/`) need no such work.
    """
    target_parts = [] if target == "." else target.split("/")
    start_parts = [] if start == "." else start.split("/")
    if not (_plain(target_parts) and _plain(start_parts)):
        return posixpath.relpath(target, start)
    common = 0
    for mine, theirs in zip(target_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def _plain(parts: list[str]) -> bool:
    return "" not in parts and "." not in parts and ".." not in parts


def page_link(from_dir: str, key: str, lang: str, anchor: str = "") -> str:
    """Return the relative link from one page's folder to another page (optionally an anchor)."""
    url = relative_url(from_dir, page_output_path(key, lang))
    return f"{url}#{anchor}" if anchor else url


def root_prefix(from_dir: str) -> str:
    """Return the relative prefix from an output folder back to the output root (`../../`)."""
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth


def absolute_page_url(base_url: str, key: str, lang: str) -> str:
    """Return a page's public address, e.g. `https://example.org/ur/advice/safe/`."""
    return base_url + page_dir(key, lang)


def absolute_url(base_url: str, path: str) -> str:
    """Return the public address of an output path, e.g. `https://example.org/sitemap.xml`."""
    return base_url + path


def leaflet_path(key: str, lang: str) -> str:
    """Return the output path of a page's printable leaflet, e.g. `ur/advice/safe/leaflet.pdf`."""
    return page_dir(key, lang) + LEAFLET_NAME


def is_page_output(path: str) -> bool:
    """Tell whether an output path is a page in some language (`<lang>/.../index.html`)."""
    return "/" in path and path.endswith("/" + INDEX)
