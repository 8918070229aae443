"""Search without a server: a search page per language and a Pagefind index of the pages.

Pagefind (the optional `search` extra) runs on a scratch copy of the rendered pages in a
temporary folder; its bundle is read back as output files, so the write stays atomic. Without
Pagefind the build still succeeds and the search pages say search is unavailable.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from jinja2 import Environment

from sitegen.errors import Problems, SourceRef
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.output.files import OutputFile
from sitegen.render.offline_search import offline_indexes
from sitegen.render.templates import render_template
from sitegen.render.theme import Theme
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page, Site
from sitegen.site.routing import (
    SEARCH_BUNDLE_DIR,
    SEARCH_KEY,
    is_page_output,
    page_dir,
    page_output_path,
    relative_url,
    search_path,
)

SEARCH_TEMPLATE = "search.html"
ENTRY_FILE = "pagefind-entry.json"
PAGEFIND_TIMEOUT_SECONDS = 600
BUNDLE_REF = SourceRef(f"{SEARCH_BUNDLE_DIR}/")


def search_outputs(
    site: Site,
    views: ViewBuilder,
    theme: Theme,
    envs: dict[str, Environment],
    files: list[OutputFile],
    problems: Problems,
    cache: Cache | None = None,
    offline: bool = False,
) -> list[OutputFile]:
    """Index the rendered pages (when Pagefind is installed) and render the search pages;
    `offline` (a copy opened from disk) makes the small index of `offline_search` instead."""
    drafts = {
        page_output_path(page.key, lang)
        for page in site.pages.values()
        for lang in site.config.languages
        if page.is_draft_in(lang, site.config.default_language)
    }
    if offline:
        pages = render_search_pages(site, views, theme, envs, available=True, offline=True)
        return pages + offline_indexes(site.config.languages, files, drafts)
    indexed = [f for f in files if f.path not in drafts]  # built only with --drafts: not found
    bundle = build_search_index(indexed, problems, cache or Cache(None))
    pages = render_search_pages(site, views, theme, envs, available=bundle is not None)
    return pages + (bundle or [])


def pagefind_executable() -> Path | None:
    """Return the Pagefind binary of the `pagefind[bin]` package, or None if not installed."""
    try:
        from pagefind.service import get_executable  # type: ignore[import-not-found]
    except ImportError:
        return None
    found = get_executable()
    return Path(found) if found is not None and Path(found).is_file() else None


def build_search_index(
    files: list[OutputFile], problems: Problems, cache: Cache
) -> list[OutputFile] | None:
    """Run Pagefind over the pages; return its bundle under `pagefind/`, or None without it.

    The bundle is cached by the pages it indexes: when no page changed, Pagefind is not run.
    """
    executable = pagefind_executable()
    if executable is None:
        return None
    pages = [f for f in files if is_page_output(f.path) and not _is_search_page(f.path)]
    key = fingerprint(
        "pagefind",
        str(executable),
        str(executable.stat().st_size),
        # A page's key fingerprints everything its bytes are made from: kept pages are not read.
        *(x for f in pages for x in (f.path, f"key {f.key}" if f.key else f.data)),
    )
    cached = cache.get(key)
    if isinstance(cached, list) and all(isinstance(f, OutputFile) for f in cached):
        return cached
    bundle = _index(executable, pages, problems)
    if bundle is not None:
        cache.put(key, bundle)
    return bundle


def _index(
    executable: Path, pages: list[OutputFile], problems: Problems
) -> list[OutputFile] | None:
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as scratch:
        site_copy = Path(scratch) / "site"
        bundle_dir = Path(scratch) / "bundle"
        for page in pages:
            target = site_copy / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.data)
        failure = run_pagefind(executable, site_copy, bundle_dir)
        if failure:
            message = f"search index not built, search is unavailable: {failure}"
            problems.warning(BUNDLE_REF, message)
            return None
        return read_bundle(bundle_dir)


def run_pagefind(executable: Path, site_copy: Path, bundle_dir: Path) -> str:
    """Run Pagefind; return "" on success, else what went wrong."""
    command = [
        str(executable),
        "--site",
        str(site_copy),
        "--output-path",
        str(bundle_dir),
        "--keep-index-url",  # links name index.html, so results work when opened from disk too
        "--silent",
    ]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=PAGEFIND_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"could not run Pagefind ({exc})"
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        return f"Pagefind failed (exit {result.returncode}): {said[-1] if said else 'no message'}"
    if not (bundle_dir / ENTRY_FILE).is_file():
        return f"Pagefind wrote no {ENTRY_FILE}"
    return ""


def read_bundle(bundle_dir: Path) -> list[OutputFile]:
    """Read Pagefind's bundle as output files under `pagefind/` (its entry file made stable)."""
    files = []
    for path in sorted(bundle_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(bundle_dir).as_posix()
        data = path.read_bytes()
        if rel == ENTRY_FILE:
            data = stable_entry(data)
        files.append(OutputFile(f"{SEARCH_BUNDLE_DIR}/{rel}", data, None))
    return files


def stable_entry(data: bytes) -> bytes:
    """Sort the languages of `pagefind-entry.json`: Pagefind writes them in a random order."""
    entry: dict[str, Any] = json.loads(data)
    languages = entry.get("languages")
    if isinstance(languages, dict):
        entry["languages"] = dict(sorted(languages.items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render_search_pages(
    site: Site,
    views: ViewBuilder,
    theme: Theme,
    envs: dict[str, Environment],
    *,
    available: bool,
    offline: bool = False,
) -> list[OutputFile]:
    """Render `<lang>/search/index.html` for every language."""
    page = Page(SEARCH_KEY, "page", "search")
    files = []
    for lang in site.config.languages:
        env = envs[lang]
        context = views.page_context(page, lang)
        values = {f.name: getattr(context, f.name) for f in fields(context)}
        here = page_dir(SEARCH_KEY, lang)
        values["search_available"] = available
        values["offline_search"] = offline
        values["search_bundle_url"] = relative_url(here, f"{SEARCH_BUNDLE_DIR}/")
        html = render_template(env, SEARCH_TEMPLATE, values, theme, SEARCH_KEY, lang)
        files.append(OutputFile(search_path(lang), html, None))
    return files


def _is_search_page(path: str) -> bool:
    return path.split("/", 1)[-1] == f"{SEARCH_KEY}/index.html"
