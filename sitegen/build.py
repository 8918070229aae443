"""The whole pipeline, top to bottom:

load_config -> discover -> parse + model -> links -> render -> write (atomic)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.check import CheckReport, read_site
from sitegen.content.parseindex import INDEX_NAME
from sitegen.errors import Problem, Problems, SiteError
from sitegen.i18n.counting import count
from sitegen.incremental.cache import Cache, FileIdentity, default_cache_dir
from sitegen.incremental.parallel import Aside
from sitegen.incremental.sealing import damage_warnings
from sitegen.output.assets import content_assets, merge_static, static_files
from sitegen.output.checks import check_output_dir, check_output_paths
from sitegen.output.faults import hold
from sitegen.output.files import (
    OldFile,
    OutputFile,
    OutputMemory,
    PreviousOutput,
    WriteStats,
    list_output,
)
from sitegen.output.lock import build_locks
from sitegen.output.staging import discard_staging, open_staging
from sitegen.output.write import write_site
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.read.config import SiteConfig
from sitegen.read.discover import CONTENT_DIR
from sitegen.render.alerts import live_span
from sitegen.render.depends import site_fingerprint
from sitegen.render.environments import (
    catalog_lookups,
    catalog_translations,
    make_environments,
)
from sitegen.render.feeds import render_feeds
from sitegen.render.hosting import host_files
from sitegen.render.leaflet import leaflets_available, render_leaflets
from sitegen.render.pages import render_site, theme_assets
from sitegen.render.redirects import HOSTS_WITHOUT_RULES, redirect_pages
from sitegen.render.search import search_outputs
from sitegen.render.seo import render_seo
from sitegen.render.themepages import is_theme_page, render_theme_pages
from sitegen.render.views import ViewBuilder
from sitegen.site.aliases import site_redirects
from sitegen.site.routing import INDEX, search_path


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the one-line summary."""

    pages_per_language: dict[str, int]
    files: int
    stats: WriteStats
    warnings: tuple[Problem, ...]
    seconds: float
    out_dir: Path
    live_span: tuple[dt.datetime | None, dt.datetime | None] = (None, None)
    # The output folder's files as the write left them (None: not known).
    outputs: dict[str, OldFile] | None = field(default=None, repr=False)
    # Those of `warnings` about the cache, not the site: not repeated by an up-to-date check.
    cache_notes: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """Return the line printed at the end of a build: what it made, what it did to the output
        folder, its warnings and its time."""
        stats = self.stats
        warnings = count(len(self.warnings), "warning", "warnings") if self.warnings else ""
        return (
            f"Built {self.made()} in {self.seconds:.2f} s: {stats.written} written, "
            f"{stats.unchanged} unchanged, {stats.removed} removed, {warnings or 'no warnings'}"
        )

    def made(self) -> str:
        """Say what the build made: "12 pages in 2 languages (en 6, ur 6), 30 files into DIR"."""
        langs = ", ".join(f"{code} {pages}" for code, pages in self.pages_per_language.items())
        total = sum(self.pages_per_language.values())
        languages = len(self.pages_per_language)
        return (
            f"{count(total, 'page', 'pages')} in {count(languages, 'language', 'languages')} "
            f"({langs}), {count(self.files, 'file', 'files')} into {self.out_dir}"
        )


@dataclass
class WarmState:
    """What a process that builds one site into one folder again and again keeps between builds.

    The dev server keeps one: the parse index and the record of the output are not read again
    while their cache files are the ones it wrote, and the output folder is not listed again
    while it is the one it left (trusting that no one else changes files inside it: the server
    keeps this only for a temporary folder of its own). A build with a warm state makes the same
    bytes as without.
    """

    memory: dict[str, tuple[FileIdentity, Any]] = field(default_factory=dict)  # Cache.memory
    # None: list the output folder on every build (someone else may change files in it).
    output: OutputMemory | None = field(default_factory=OutputMemory)


def render_outputs(
    site_dir: Path,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
    cache: Cache | None = None,
    previous: PreviousOutput | None = None,
    staging: Path | None = None,
    aside: Aside | None = None,
    progress: Progress = NO_PROGRESS,
    host: str = "",
) -> Rendered:
    """Run every stage but the write; raise SiteError on any error, with every problem found.

    Pages made from the same inputs as files of `previous` that are still there are kept.
    Rendered pages are written into `staging` (see `write.open_staging`) when given.

    A stage's errors do not stop the stages after it, which go on with what could be made (a
    page that could not be read is left out): so one run reports every problem, and `check` is
    this same code without a cache or a write (`check_site`), finding exactly what `build`
    finds. Only PDF leaflets and the search index, slow and about nothing but themselves, are
    made only when nothing is wrong.
    """
    problems = Problems()
    progress.stage("read")
    read = read_site(
        site_dir,
        problems,
        now=now,
        drafts=drafts,
        theme_root=theme_root,
        cache=cache,
        aside=aside,
        progress=progress,
    )
    config, site, theme = read.config, read.site, read.theme
    links = read.links
    translations = catalog_translations(theme, config.languages, problems, cache)
    views = ViewBuilder.create(
        site,
        links,
        problems,
        leaflets=config.leaflets and leaflets_available(),
        pgettext=catalog_lookups(translations),
    )
    envs = make_environments(theme, config.languages, problems, cache, translations)
    site_key = site_fingerprint(site, views) if cache is not None and cache.folder else ""
    stage = partial(_run_stage, problems)
    progress.stage("pages")
    files = stage(
        lambda: render_site(
            site, views, theme, envs, problems, cache, previous, site_key, staging, progress
        )
    )
    progress.stage("feeds and sitemap")
    files += stage(lambda: render_feeds(views, site_key, previous))
    files += stage(lambda: render_seo(site, site_key, previous))
    files += stage(lambda: render_theme_pages(site, views, theme, envs))
    files += list(theme_assets(theme))
    files += content_assets(read.sources)
    redirects = site_redirects(site, problems)
    host = host or config.host
    if host in HOSTS_WITHOUT_RULES:
        files += redirect_pages(site, redirects)
    files = merge_static(files, static_files(site_dir))
    # Before anything reads the pages back from a folder (the write checks every path again).
    stage(lambda: _checked_paths(files))
    if not problems.errors:
        if config.leaflets and leaflets_available():
            progress.stage("leaflets")
        files += stage(
            lambda: render_leaflets(site, views, theme, envs, files, problems, cache, progress)
        )
    if config.search and not problems.errors:
        progress.stage("search")
        offline = host == "usb"
        files += stage(
            lambda: search_outputs(site, views, theme, envs, files, problems, cache, offline)
        )
    paths = {file.path for file in files}
    files += stage(lambda: host_files(host, config.base_path, redirects, paths))
    problems.raise_if_errors()
    return Rendered(files, problems, config, live_span(site))


def _run_stage(problems: Problems, make: Callable[[], list[OutputFile]]) -> list[OutputFile]:
    """Run a stage; its SiteError is recorded and the run goes on without its files."""
    try:
        return make()
    except SiteError as exc:
        problems.extend(exc.problems)
        return []


def _checked_paths(files: list[OutputFile]) -> list[OutputFile]:
    check_output_paths(files)
    return []


def check_site(
    site_dir: Path,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
) -> CheckReport:
    """Run every stage of a build but the write, carrying on past errors; report every problem.

    Nothing is written: no cache, no output folder; otherwise it is the build's own code.
    """
    try:
        rendered = render_outputs(site_dir.resolve(), now=now, drafts=drafts, theme_root=theme_root)
    except SiteError as exc:
        return CheckReport.of(exc.problems)
    return CheckReport.of(rendered.problems.items)


@dataclass(frozen=True)
class Rendered:
    """Every file of the site, made and checked, before the write."""

    files: list[OutputFile]
    problems: Problems
    config: SiteConfig
    live_span: tuple[dt.datetime | None, dt.datetime | None]  # see `render.alerts.live_span`


def build_site(
    site_dir: Path,
    out_dir: Path,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
    use_cache: bool = True,
    warm: WarmState | None = None,
    strict: bool = False,
    progress: Progress = NO_PROGRESS,
    host: str = "",
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build a site into `out_dir`; on any error raise SiteError and leave `out_dir` untouched.

    The build holds the output folder's lock throughout (`output.lock`): while another build
    holds it, it waits (telling `on_wait` once) or, without `wait`, fails at once.

    With `use_cache`, parsed sources are kept between builds (outside the site folder); a build
    with a cache gives the same bytes as one without. `warm` is for a process building the same
    site into the same folder again (see `WarmState`). With `strict` (or `strict: true` in
    site.yaml) a warning fails the build as an error does, before anything is written. `host`
    (or `host:` in site.yaml) adds what that host needs beside the pages (`render.hosting`).
    """
    started = time.perf_counter()
    started_ns = time.time_ns()
    site_dir = site_dir.resolve()
    out_dir = out_dir.resolve()
    check_output_dir(out_dir, site_dir)
    memory = warm.memory if warm is not None else None
    cache = Cache(default_cache_dir(site_dir, out_dir) if use_cache else None, memory)
    with build_locks(out_dir, cache.folder, wait, on_wait) as cache_note:
        # Kept for one build only: the folder as the write leaves it, for `BuildResult.outputs`.
        output_memory = warm.output if warm is not None else OutputMemory() if use_cache else None
        index_before = _index_identity(cache)
        staging = open_staging(out_dir)
        hold("locked")
        # A one-off build saves the parse index beside itself; a warm process keeps it in memory.
        aside = Aside() if warm is None else None
        try:
            with rare_collections():
                previous = _previous_output(cache, out_dir, output_memory)
                rendered = render_outputs(
                    site_dir,
                    now=now,
                    drafts=drafts,
                    theme_root=theme_root,
                    cache=cache,
                    previous=previous,
                    staging=staging,
                    aside=aside,
                    progress=progress,
                    host=host,
                )
                files, problems, config = rendered.files, rendered.problems, rendered.config
                if (strict or config.strict) and problems.warnings:
                    raise SiteError(problems.items)
                progress.stage("write")
                listed = previous.on_disk if previous is not None else None
                stats = write_site(
                    files, out_dir, site_dir, staging, output_memory, listed, progress
                )
        finally:
            progress.done()
            discard_staging(staging)
            if aside is not None:
                aside.wait()
        if previous is not None:
            written = previous.after_write(files, stats)
            if written.records != previous.records:
                cache.put(OUTPUT_RECORD, written, remember=True)
        cache_note = (*cache_note, *damage_warnings(cache.folder))
        if _index_identity(cache) != index_before:  # a new base: a cold build, or many changes
            cache.sweep(started_ns - SWEEP_MARGIN_NS)
        pages = Counter(
            f.path.split("/", 1)[0]
            for f in files
            if f.path.endswith("/" + INDEX)
            and f.path != search_path(f.path.split("/", 1)[0])
            and not is_theme_page(f.path)  # the theme's own pages are not the editors' pages
        )
        return BuildResult(
            pages_per_language={lang: pages.get(lang, 0) for lang in config.languages},
            files=len(files),
            stats=stats,
            warnings=(*problems.warnings, *cache_note),
            seconds=time.perf_counter() - started,
            out_dir=out_dir,
            live_span=rendered.live_span,
            outputs=output_memory.trusted(out_dir) if output_memory is not None else None,
            cache_notes=cache_note,
        )


OUTPUT_RECORD = "output-record"
# A cache entry written this shortly before a build started may be another build's, still running.
SWEEP_MARGIN_NS = 2_000_000_000


def _index_identity(cache: Cache) -> tuple[int, int] | None:
    """The parse index base's file identity: a build that changes it has rewritten it, and
    then sweeps the cache of what it did not use (`Cache.sweep`). Otherwise the cache would grow
    with every edit and keep whatever older versions of sitegen wrote."""
    if cache.folder is None:
        return None
    try:
        info = os.stat(cache.path_of(INDEX_NAME))
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns)


# A build makes millions of objects that live until it ends (the model, the parse index): with
# Python's default thresholds the cycle collector would walk them all again and again.
BUILD_GC_THRESHOLD = (200_000, 20, 100)


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """Run the cycle collector rarely for the duration of a build."""
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLD)
    try:
        yield
    finally:
        # With the usual thresholds back, the next allocation would walk the millions of objects
        # piled up in the younger generations. Moved to the oldest generation instead (each move
        # is one list splice), they wait for its next collection, as long-lived objects do.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*before)


def _previous_output(
    cache: Cache, out_dir: Path, memory: OutputMemory | None
) -> PreviousOutput | None:
    """Return what the previous build into `out_dir` wrote (None without a cache)."""
    if cache.folder is None:
        return None
    found = cache.get(OUTPUT_RECORD, remember=True)
    if not (isinstance(found, PreviousOutput) and found.folder == out_dir):
        found = PreviousOutput(out_dir, {})
    on_disk = memory.trusted(out_dir) if memory is not None else None
    # Listed once, here: kept pages are looked up in it, and the write compares the output with it.
    return replace(found, on_disk=on_disk if on_disk is not None else list_output(out_dir))


__all__ = ["CONTENT_DIR", "BuildResult", "build_site", "check_site", "render_outputs"]
