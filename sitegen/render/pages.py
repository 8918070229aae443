"""Render every page in every language, on every core, keeping what is unchanged.

Each page in each language is keyed by what it is made from (`depends`: the page, the rest of
the site it may show; `templatedeps`: its templates and catalog); one whose key and file are as
the previous build left them is kept without being rendered. The rest are rendered by forked
workers through the environments of `environments`, each template mistake located by
`templates`. Also makes the language chooser and the 404 page, and copies the theme's assets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment

from sitegen.errors import Problem, Problems, SiteError, SourceRef
from sitegen.i18n.catalogs import catalogs_fingerprint
from sitegen.i18n.phones import LIBRARY as PHONES_LIBRARY
from sitegen.i18n.pofiles import catalog_sources
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.incremental.parallel import parallel_map
from sitegen.output.checks import check_output_paths
from sitegen.output.files import OutputFile, PreviousOutput
from sitegen.output.staging import stage_file
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.render.context import ChooserContext, ChooserEntry, PageContext, phone_view
from sitegen.render.depends import (
    directory_fingerprints,
    page_fingerprint,
    page_own_fingerprint,
    site_fingerprint,
)
from sitegen.render.templatedeps import templates_fingerprint
from sitegen.render.templates import preload, render_template
from sitegen.render.theme import Theme
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page, Site
from sitegen.site.routing import (
    ASSETS_DIR,
    CHOOSER_PATH,
    NOT_FOUND_PATH,
    page_link,
    page_output_path,
)
from sitegen.textfile import is_regular

# Part of every page's key: another Jinja may render, or another phonenumbers format, differently.
RENDER_LIBRARIES = f"Jinja2 {jinja2.__version__}, {PHONES_LIBRARY}"

TEMPLATE_BY_TYPE = {
    "home": "home.html",
    "statement": "statement.html",
    "rumour": "rumour.html",
    "directory": "directory.html",
    "section": "section.html",
    "audience": "topic.html",
    "tag": "topic.html",
}


def template_name(page: Page) -> str:
    """Pick a page's template by its type (statements, directories, sections, home)."""
    if page.type == "rumour" and page.kind == "section":  # a folder of rumours: a list
        return "section.html"
    if page.type in TEMPLATE_BY_TYPE:
        return TEMPLATE_BY_TYPE[page.type]
    return "section.html" if page.kind == "section" else "page.html"


def render_site(
    site: Site,
    views: ViewBuilder,
    theme: Theme,
    envs: dict[str, Environment],
    problems: Problems,
    cache: Cache | None = None,
    previous: PreviousOutput | None = None,
    site_key: str = "",
    staging: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[OutputFile]:
    """Render every page in every language, the language chooser and the 404 page.

    With a cache, a page whose inputs (see `depends.py`) are the same as when the previous build
    wrote it, and whose file is still there as written, is kept without being rendered or read.
    With `staging` (see `write.open_staging`), rendered pages are written there by whichever
    process rendered them, and only where they are comes back.
    """
    for env in envs.values():  # compile once, before forking, so every worker inherits them
        for name in sorted(set(TEMPLATE_BY_TYPE.values()) | {"page.html"}):
            preload(env, name, theme)
    cache = cache or Cache(None)
    names = {template_name(p) for p in site.pages.values()}
    theme_keys = _theme_keys(theme, envs, names, cache)
    if cache.folder is not None and not site_key:
        site_key = site_fingerprint(site, views)
    directory_keys = directory_fingerprints(site) if cache.folder is not None else {}
    state = RenderState(site, views, theme, envs, cache, theme_keys, site_key, staging)
    kept: dict[tuple[str, str], OutputFile] = {}
    to_render: list[tuple[str, str, str]] = []  # (page key, language, cache key)
    for key, page in site.pages.items():
        own_key = page_own_fingerprint(page, directory_keys) if cache.folder is not None else ""
        for lang in envs:
            cache_key = _page_key(state, key, lang, own_key)
            path, source = page_output_path(key, lang), _source_of(site.pages[key], lang)
            found = previous.kept(path, cache_key, source) if previous else None
            if found is None:
                to_render.append((key, lang, cache_key))
            else:
                kept[key, lang] = found
    if staging is not None:  # pages are written before the write stage checks every path
        check_output_paths(
            OutputFile(page_output_path(key, lang), b"", _source_of(site.pages[key], lang))
            for key, lang, _ in to_render
        )
    progress.total(len(to_render))
    outcomes = parallel_map(_render_page, state, to_render, on_done=progress.advance)
    rendered = {
        (key, lang): (cache_key, outcome)
        for (key, lang, cache_key), outcome in zip(to_render, outcomes, strict=True)
    }
    pages = []
    failures: list[Problem] = []  # every page that failed, not the first: each is reported
    for key in site.pages:
        for lang in envs:
            file = kept.get((key, lang)) or _rendered_file(
                site, views, key, lang, *rendered[key, lang], failures
            )
            if file is None:
                continue
            for problem in file.notes:
                views.reporter.report(problem)
            pages.append(file)
    if failures:
        raise SiteError(_once_per_place(failures))
    default_env = envs[site.config.default_language]
    pages.append(_special_page(default_env, "chooser.html", CHOOSER_PATH, site, views, theme, ""))
    pages.append(
        _special_page(
            default_env, "404.html", NOT_FOUND_PATH, site, views, theme, site.config.base_path
        )
    )
    return pages


@dataclass(frozen=True)
class RenderState:
    """What rendering a page needs; inherited read-only by worker processes."""

    site: Site
    views: ViewBuilder
    theme: Theme
    envs: dict[str, Environment]
    cache: Cache
    theme_keys: dict[tuple[str, str], str]  # per (language, template): what shapes its pages
    site_key: str  # fingerprint of what every page may show about the rest of the site
    staging: Path | None  # where rendered pages are written (None: kept in memory)


# A rendered page: its bytes, or where they are stored (file, offset) when they were staged;
# the problems seen making it; and its failure, if it failed.
RenderOutcome = tuple[
    bytes | None, tuple[Path, int] | None, tuple[Problem, ...], tuple[Problem, ...]
]


def _rendered_file(
    site: Site,
    views: ViewBuilder,
    key: str,
    lang: str,
    cache_key: str,
    outcome: RenderOutcome,
    failures: list[Problem],
) -> OutputFile | None:
    """Return a rendered page as an output file; None if it failed (added to `failures`)."""
    html, stored, found, failure = outcome
    if failure:
        for problem in found:
            views.reporter.report(problem)
        failures.extend(failure)
        return None
    source = _source_of(site.pages[key], lang)
    path = page_output_path(key, lang)
    if stored is not None:
        return OutputFile(path, None, source, cache_key, stored[0], stored[1], notes=found)
    return OutputFile(path, html, source, cache_key, notes=found)


def _once_per_place(failures: list[Problem]) -> list[Problem]:
    """Report a mistake at one place once (a template line fails on every page it renders),
    saying how many more times (pages and languages) it was seen."""
    by_place: dict[tuple[SourceRef, str], list[Problem]] = {}
    for failure in failures:
        what = failure.message.partition("while rendering page")[0]
        by_place.setdefault((failure.ref, what), []).append(failure)
    reported = []
    for same in by_place.values():
        first, more = same[0], len(same) - 1
        if more:
            times = "time" if more == 1 else "times"
            first = Problem(first.ref, f"{first.message}, and {more} more {times}", first.level)
        reported.append(first)
    return reported


def _page_key(state: RenderState, key: str, lang: str, own_key: str) -> str:
    """Fingerprint what one page in one language is made from ("" without a cache)."""
    if state.cache.folder is None:
        return ""
    page = state.site.pages[key]
    name = template_name(page)
    theme_key = state.theme_keys[lang, name]
    return page_fingerprint(state.site_key, theme_key, name, page, lang, own_key)


def _render_page(state: RenderState, item: tuple[str, str, str]) -> RenderOutcome:
    """Render one page in one language; return its bytes, problems seen, and a failure if any.

    With a staging folder the bytes are written there and only where they are comes back: the
    parent never holds every page at once, and the write stage has nothing left to do for them.
    """
    key, lang, _ = item
    page = state.site.pages[key]
    name = template_name(page)
    seen = len(state.views.reporter.problems.items)
    try:
        context = state.views.page_context(page, lang)
        html = render_template(state.envs[lang], name, _fields(context), state.theme, key, lang)
    except SiteError as exc:
        return None, None, tuple(state.views.reporter.problems.items[seen:]), exc.problems
    found = tuple(state.views.reporter.problems.items[seen:])
    if state.staging is None or any(p.level == "error" for p in found):
        return html, None, found, ()
    path = page_output_path(key, lang)
    try:
        return None, (stage_file(state.staging, path, html), 0), found, ()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        ref = _source_of(page, lang) or SourceRef(path)
        failure = Problem(ref, f"cannot write {path} in the output folder: {reason}")
        return None, None, found, (failure,)


def _theme_keys(
    theme: Theme, envs: dict[str, Environment], names: set[str], cache: Cache
) -> dict[tuple[str, str], str]:
    """Fingerprint, per language and page template, the templates and catalog shaping a page.

    Editing `statement.html` changes only the key of statement pages; editing a language's
    catalog only that language's keys (see sitegen.render.templatedeps).
    """
    everything = templates_fingerprint_all(theme)
    any_env = next(iter(envs.values()), None)
    templates = {
        name: templates_fingerprint(any_env, name, everything, cache) if any_env else everything
        for name in sorted(names)
    }
    keys = {}
    for lang in envs:
        catalogs = catalogs_fingerprint(catalog_sources(lang, list(theme.catalog_dirs)), lang)
        for name, template_key in templates.items():
            keys[lang, name] = fingerprint("theme", RENDER_LIBRARIES, lang, catalogs, template_key)
    return keys


def templates_fingerprint_all(theme: Theme) -> str:
    """Fingerprint every template of the theme and the site (a FIFO or device is never read:
    the loader skips it too, see `sitegen.render.environments`)."""
    parts: list[bytes | str] = []
    for folder, label in theme.template_dirs:
        for path in sorted(folder.rglob("*.html")):
            if is_regular(path):
                parts += [f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes()]
    return fingerprint("all templates", *parts)


def _special_page(
    env: Environment, name: str, path: str, site: Site, views: ViewBuilder, theme: Theme, root: str
) -> OutputFile:
    config = site.config
    entries = tuple(
        ChooserEntry(
            language=view,
            url=(root + f"{code}/") if root else page_link("", "", code),
            site_title=config.title_for(code),
        )
        for code, view in views.languages.items()
    )
    context = ChooserContext(
        entries=entries,
        root=root,
        lang=views.languages[config.default_language],
        site_title=config.title_for(config.default_language),
        quick_exit_url=config.quick_exit_url,
        languages=tuple(views.languages.values()),
        emergency=phone_view(config.emergency),
        non_emergency=phone_view(config.non_emergency),
        has_accessibility_statement=config.accessibility is not None,
    )
    html = render_template(env, name, _fields(context), theme, path, config.default_language)
    return OutputFile(path, html, None)


def _fields(context: PageContext | ChooserContext) -> dict[str, Any]:
    return {f.name: getattr(context, f.name) for f in fields(context)}


def _source_of(page: Page, lang: str) -> SourceRef | None:
    """The file a page's output in `lang` is made from: its own variant, else the first one."""
    if page.directory is not None:
        return page.directory.ref
    own = page.variants.get(lang)
    if own is not None:
        return own.source.ref
    for doc in page.variants.values():
        return doc.source.ref
    return None


def theme_assets(theme: Theme) -> Iterator[OutputFile]:
    """Yield the theme's `assets/` files (the site's own override the default theme's)."""
    seen: set[str] = set()
    for folder, label in theme.template_dirs:
        assets = folder / ASSETS_DIR
        if not assets.is_dir():
            continue
        for path in sorted(assets.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            rel = path.relative_to(assets).as_posix()
            if rel in seen or rel.startswith("."):
                continue
            seen.add(rel)
            yield OutputFile(
                f"{ASSETS_DIR}/{rel}", path.read_bytes(), SourceRef(f"{label}/{ASSETS_DIR}/{rel}")
            )
