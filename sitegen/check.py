"""`python build.py check`: read the whole site without writing anything and report every problem.

`read_site` is the first half of every build too: settings, sources, the model, the theme and
these checks, so that `build` and `check` find the same problems.

The build stops at the first stage that found an error; `check` carries on past a stage's errors
with whatever could be read (a page that failed to parse is simply left out), so one run lists
the problems of every file. Two checks live here and run in the build too:

- `check_content`: phone numbers of `tel:` links, web addresses that cannot work, images
  without alternative text, in every page and letter of every language;
- `check_catalogs`: the site's gettext catalogs (readable; fuzzy and obsolete entries counted).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from babel.messages.catalog import Catalog

from sitegen.clock import build_clock
from sitegen.content.addresses import url_problem
from sitegen.content.doc import Doc
from sitegen.content.sanitize import url_scheme
from sitegen.errors import Level, Problem, Problems, SiteError, SourceRef
from sitegen.i18n.phones import parse_phone
from sitegen.i18n.pofiles import catalog_sources, read_catalog
from sitegen.incremental.cache import Cache
from sitegen.incremental.parallel import Aside
from sitegen.read.config import SiteConfig, load_config
from sitegen.read.discover import SourceFile, discover
from sitegen.render.environments import (
    catalog_lookups,
    catalog_translations,
    make_environments,
)
from sitegen.render.pages import render_site
from sitegen.render.theme import Theme, theme_for
from sitegen.render.views import ViewBuilder
from sitegen.site.links import build_link_index
from sitegen.site.lock import check_contact_lock
from sitegen.site.model import Site, build_model
from sitegen.site.translationfacts import check_translation_facts

THEME_LABEL = "theme/"


@dataclass(frozen=True)
class CheckReport:
    """Every problem `check` found, in file and line order."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == "warning")

    def summary(self) -> str:
        """Return the closing line: how many errors and warnings."""
        if not self.problems:
            return "No problems found."
        return f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}."

    def as_text(self) -> str:
        """Return one `path:line: level: message` line per problem, then the summary."""
        return "".join(p.format() + "\n" for p in self.problems) + self.summary() + "\n"

    def as_json(self) -> str:
        """Return the problems as JSON: a list of {path, line, level, message} and counts."""
        data = {
            "problems": [
                {"path": p.ref.path, "line": p.ref.line, "level": p.level, "message": p.message}
                for p in self.problems
            ],
            "errors": self.errors,
            "warnings": self.warnings,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class ReadSite:
    """A site read and checked, before anything is rendered."""

    config: SiteConfig
    sources: list[SourceFile]
    site: Site
    theme: Theme


def read_site(
    site_dir: Path,
    problems: Problems,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
    cache: Cache | None = None,
    aside: Aside | None = None,
) -> ReadSite:
    """Read settings, sources, theme and catalogs; report problems without stopping at them.

    `build` and `check` share this, so they find exactly the same problems.
    """
    config = load_config(site_dir)
    sources = discover(site_dir, config.languages, problems)
    site = build_model(config, sources, problems, build_clock(now), drafts, cache, aside)
    check_contact_lock(site_dir, site.directories, problems)
    theme = theme_for(site_dir, theme_root)
    if cache is not None and cache.folder is not None:
        with contextlib.suppress(OSError):  # no folder for it: templates are compiled each time
            (cache.folder / "jinja").mkdir(parents=True, exist_ok=True)
            theme = replace(theme, bytecode_dir=cache.folder / "jinja")
    check_content(site, problems)
    check_translation_facts(site, problems)
    check_catalogs(theme, config.languages, problems)
    return ReadSite(config, sources, site, theme)


def check_site(
    site_dir: Path,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
) -> CheckReport:
    """Run every stage but the write, carrying on past errors; return every problem found."""
    problems = Problems()
    try:
        read = read_site(site_dir, problems, now=now, drafts=drafts, theme_root=theme_root)
    except SiteError as exc:  # without settings nothing else can be read
        return _report([*problems.items, *exc.problems])
    site, theme = read.site, read.theme
    rendering = Problems()
    languages = read.config.languages
    translations = catalog_translations(theme, languages, rendering)
    lookups = catalog_lookups(translations)
    views = ViewBuilder.create(
        site, build_link_index(site, read.sources), problems, pgettext=lookups
    )
    for page in site.pages.values():
        for lang in read.config.languages:
            _collect(problems, partial(views.page_context, page, lang))
    envs = make_environments(theme, languages, rendering, translations=translations)
    _collect(rendering, lambda: render_site(site, views, theme, envs, rendering))
    seen = set(problems.items)
    problems.extend(p for p in dict.fromkeys(rendering.items) if p not in seen)
    return _report(problems.items)


def _collect(problems: Problems, run: Callable[[], object]) -> None:
    """Call `run`, turning a SiteError into reported problems (check goes on regardless)."""
    try:
        run()
    except SiteError as exc:
        known = set(problems.items)
        problems.extend(p for p in exc.problems if p not in known)


def _report(problems: Iterable[Problem]) -> CheckReport:
    unique = dict.fromkeys(problems)
    ordered = sorted(unique, key=lambda p: (p.ref.path, p.ref.line or 0, p.level, p.message))
    return CheckReport(tuple(ordered))


# -- pages and letters -----------------------------------------------------------------------


def check_content(site: Site, problems: Problems) -> None:
    """Check every page and letter: tel: numbers, web addresses, images' alternative text."""
    region = site.config.region
    # A site links to the same few numbers and addresses from thousands of documents: each
    # target is checked once, and what is wrong with it reported at every place it is used.
    faults: dict[tuple[str, str], LinkFaults] = {}
    for doc in _documents(site):
        for link in doc.body.links:
            target = (link.kind, link.target)
            if target not in faults:
                faults[target] = _link_faults(*target, region)
            for level, message in faults[target]:
                problems.add(Problem(doc.source.ref.at(link.line), message, level))
        for line in doc.body.images_without_alt:
            problems.warning(
                doc.source.ref.at(line),
                "image without alternative text: describe what it shows between the square "
                "brackets, like ![Map of the road closure](map.png), for people who cannot see it",
            )


# What is wrong with a link's target wherever it is written: (level, message) pairs.
LinkFaults = tuple[tuple[Level, str], ...]


def _link_faults(kind: str, target: str, region: str) -> LinkFaults:
    scheme = url_scheme(target)
    if kind == "link" and scheme == "tel":
        return _tel_faults(target, region)
    if scheme in ("http", "https"):
        reason = url_problem(target.strip())
        if reason is not None:
            message = (
                f"web address '{target}' {reason}: write it like 'https://www.example.org/help'"
            )
            return (("error", message),)
    return ()


def _documents(site: Site) -> Iterator[Doc]:
    """Yield every page and letter, each language once."""
    for page in site.pages.values():
        yield from page.variants.values()
        for letter in page.letters:
            yield from letter.variants.values()


def _tel_faults(target: str, region: str) -> LinkFaults:
    number = unquote(target.strip()[len("tel:") :]).split(";")[0]
    try:
        parse_phone(number, region, SourceRef(""))
    except SiteError as exc:
        return tuple((p.level, f"link '{target}': {p.message}") for p in exc.problems)
    return ()


# -- gettext catalogs ------------------------------------------------------------------------


def check_catalogs(theme: Theme, languages: Iterable[str], problems: Problems) -> None:
    """Check that the site's own catalogs can be read, and count fuzzy and obsolete entries.

    Placeholders, plural forms and numbers are checked where catalogs are loaded for rendering
    (`i18n.catalogs.merged_translations`). The default theme's catalogs are counted only when the
    site is the theme itself: a site's editors could not fix them.
    """
    own_dirs = [(folder, label) for folder, label in theme.catalog_dirs if THEME_LABEL not in label]
    for lang in languages:
        for source in catalog_sources(lang, own_dirs):
            try:
                catalog = read_catalog(source, lang)
            except SiteError as exc:
                problems.extend(exc.problems)
                continue
            count_unfinished(catalog, SourceRef(source.ref_path), problems)


def count_unfinished(catalog: Catalog, ref: SourceRef, problems: Problems) -> None:
    """Warn, with counts, about fuzzy entries and obsolete ones (`#~`) left in a catalog."""
    fuzzy = [message for message in catalog if message.id and message.fuzzy]
    if fuzzy:
        problems.warning(
            ref.at(fuzzy[0].lineno),
            f"{_plural(len(fuzzy), 'translation')} marked fuzzy (the first here): readers see "
            "the English until a translator checks each one and deletes its '#, fuzzy' line",
        )
    obsolete = list(catalog.obsolete.values())
    if obsolete:
        problems.warning(
            ref.at(obsolete[0].lineno),
            f"{_plural(len(obsolete), 'old translation')} no longer used (lines starting '#~', "
            "the first here): delete them when nobody needs them for reference",
        )
