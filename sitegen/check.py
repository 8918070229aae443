"""`python build.py check`: read the whole site without writing anything and report every problem.

`read_site` is the first half of every build: settings, sources, the model, the theme and
these checks. `check` itself is `build.check_site`: the build's own stages (`render_outputs`)
but the write, so that `build` and `check` find exactly the same problems.

The build stops at the first stage that found an error; `check` carries on past a stage's errors
with whatever could be read (a page that failed to parse is simply left out), so one run lists
the problems of every file. The checks of the model live here and run in the build too:

- `check_content`: phone numbers of `tel:` links, web addresses that cannot work, images
  without alternative text, in every page and letter of every language;
- `check_letters`: letters that do not say who sent them;
- `check_alerts`: alerts that end before they start;
- `check_rumours`: rumours' sources whose links lead nowhere, and rumours still `unconfirmed`
  that nobody has checked again for over a week;
- `check_reviews` (site.reviews): pages and directories past their next review date;
- `check_emergency`: numbers of the emergency strip that no contact directory lists;
- `check_catalogs`: the site's gettext catalogs (readable; fuzzy and obsolete entries counted).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from sitegen.clock import build_clock
from sitegen.content.addresses import url_problem
from sitegen.content.doc import Doc
from sitegen.content.sanitize import url_scheme
from sitegen.errors import Level, Problem, Problems, SiteError, SourceRef
from sitegen.i18n.counting import count
from sitegen.i18n.phones import parse_phone
from sitegen.i18n.pofiles import catalog_sources, read_catalog
from sitegen.incremental.cache import Cache
from sitegen.incremental.cachefiles import make_private_folder
from sitegen.incremental.parallel import Aside
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.read.config import SiteConfig, load_config
from sitegen.read.discover import (
    SourceFile,
    check_static_names,
    discover,
    discover_static,
    is_rumour,
)
from sitegen.read.walk import report_special_files
from sitegen.render.alerttimes import alert_moment
from sitegen.render.theme import Theme, theme_for
from sitegen.site.links import LinkIndex, build_link_index, resolve_link
from sitegen.site.lock import check_contact_lock
from sitegen.site.model import Site, build_model
from sitegen.site.reviews import check_reviews
from sitegen.site.rumours import RECHECK_AFTER, recheck_due
from sitegen.site.translationfacts import check_translation_facts

if TYPE_CHECKING:  # Babel's catalogs are read only when a site has its own
    from babel.messages.catalog import Catalog

THEME_LABEL = "theme/"


@dataclass(frozen=True)
class CheckReport:
    """Every problem `check` found, in file and line order."""

    problems: tuple[Problem, ...]

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> CheckReport:
        """Report problems once each, in file, line and level order."""
        unique = dict.fromkeys(problems)
        return cls(tuple(sorted(unique, key=_check_order)))

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
        errors = count(self.errors, "error", "errors")
        return f"{errors}, {count(self.warnings, 'warning', 'warnings')}."

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


def _check_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.ref.path, problem.ref.line or 0, problem.level, problem.message)


@dataclass(frozen=True)
class ReadSite:
    """A site read and checked, before anything is rendered."""

    config: SiteConfig
    sources: list[SourceFile]
    site: Site
    theme: Theme
    links: LinkIndex


def read_site(
    site_dir: Path,
    problems: Problems,
    *,
    now: dt.datetime | None = None,
    drafts: bool = False,
    theme_root: Path | None = None,
    cache: Cache | None = None,
    aside: Aside | None = None,
    progress: Progress = NO_PROGRESS,
) -> ReadSite:
    """Read settings, sources, theme and catalogs; report problems without stopping at them.

    `build` and `check` share this, so they find exactly the same problems.
    """
    config = load_config(site_dir)
    sources = discover(site_dir, config.languages, problems)
    check_static_names(site_dir, problems)
    report_special_files(site_dir, problems)
    progress.stage("parse")
    site = build_model(config, sources, problems, build_clock(now), drafts, cache, aside, progress)
    progress.stage("check")
    check_contact_lock(site_dir, site.directories, problems)
    theme = theme_for(site_dir, theme_root)
    if cache is not None and cache.folder is not None:
        with contextlib.suppress(OSError):  # no folder for it: templates are compiled each time
            make_private_folder(cache.folder / "jinja")
            theme = replace(theme, bytecode_dir=cache.folder / "jinja", bytecode_key=cache.key)
    check_content(site, problems)
    check_letters(site, problems)
    check_alerts(site, problems)
    links = build_link_index(site, sources, discover_static(site_dir))
    check_rumours(site, links, problems)
    check_translation_facts(site, problems, cache)
    check_emergency(site, problems)
    check_reviews(site, problems)
    check_catalogs(theme, config.languages, problems)
    return ReadSite(config, sources, site, theme, links)


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


def check_letters(site: Site, problems: Problems) -> None:
    """Warn about letters that do not say who sent them (they are shown without a sender)."""
    for page in site.pages.values():
        for letter in page.letters:
            for doc in letter.variants.values():
                if not doc.text("from"):
                    problems.warning(
                        doc.source.ref.at(1),
                        "this letter does not say who sent it: add 'from:' to its front "
                        "matter, with the name of whoever signed it (until then it is shown "
                        "without a sender)",
                    )


def check_alerts(site: Site, problems: Problems) -> None:
    """Report an alert whose `ends` is not after its `starts`: it would never be shown."""
    zone = site.config.zone
    for page in site.pages.values():
        for doc in page.variants.values():
            starts, ends = doc.date("starts"), doc.date("ends")
            if starts is None or ends is None:
                continue
            if alert_moment(starts, zone, end=False) >= alert_moment(ends, zone, end=True):
                problems.error(
                    doc.source.ref.at(doc.line_of("ends")),
                    f"'ends' ({ends.isoformat()}) is not after 'starts' ({starts.isoformat()}, "
                    f"line {doc.line_of('starts')}): the alert would never be shown; correct the "
                    "dates",
                )


def check_rumours(site: Site, links: LinkIndex, problems: Problems) -> None:
    """Report rumours' source links that lead nowhere; warn about stale `unconfirmed` ones."""
    default = site.config.default_language
    for page in site.pages.values():
        original = page.variants.get(default)
        if page.type != "rumour" or original is None or not is_rumour(original.source):
            continue
        for source in original.meta.get("sources", ()):
            _check_source_link(original, source, links, problems)
        due = recheck_due(original, site.config.zone)
        if due is not None and site.now > due:
            checked = original.date("checked") or dt.date.min
            days = (site.now - (due - RECHECK_AFTER)).days
            problems.warning(
                original.source.ref.at(original.line_of("checked")),
                f"this rumour is still 'unconfirmed' and was last checked {days} days ago "
                f"({checked.isoformat()}): check it again and update 'checked' (and the verdict)",
            )


def _check_source_link(doc: Doc, source: Any, links: LinkIndex, problems: Problems) -> None:
    link = source.get("link")
    if not link:
        return
    ref = doc.source.ref.at(source.lines.get("link", source.line))
    if url_scheme(link) in ("http", "https"):
        reason = url_problem(link.strip())
        if reason is not None:
            problems.error(ref, f"source link '{link}' {reason}")
        return
    if url_scheme(link):
        problems.error(
            ref,
            f"source link '{link}' must be a file on this site (/statements/x.md) or a web "
            "address starting https://",
        )
        return
    found = resolve_link(link, doc.source.rel, links)
    if isinstance(found, str):
        problems.error(ref, f"source {found}")


def check_emergency(site: Site, problems: Problems) -> None:
    """Warn when a number of the emergency strip is in none of the contact directories.

    The strip repeats a number on every page; the directories are where editors check numbers,
    so a strip that disagrees with them is more likely a typing mistake than a new number.
    """
    config = site.config
    if config.emergency_ref is None or not site.directories:
        return
    listed = {
        entry.phone.tel
        for directory in site.directories.values()
        for entry in directory.entries
        if entry.phone is not None
    }
    for key, phone in (("number", config.emergency), ("non_emergency", config.non_emergency)):
        if phone is not None and phone.tel not in listed:
            problems.warning(
                config.emergency_ref,
                f"emergency: {key}: {phone.written} is in no contact directory: check it is "
                "the number readers should call, and list it in content/contacts/",
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
        marked = count(len(fuzzy), "translation", "translations")
        problems.warning(
            ref.at(fuzzy[0].lineno),
            f"{marked} marked fuzzy (the first here): readers see "
            "the English until a translator checks each one and deletes its '#, fuzzy' line",
        )
    obsolete = list(catalog.obsolete.values())
    if obsolete:
        old = count(len(obsolete), "old translation", "old translations")
        problems.warning(
            ref.at(obsolete[0].lineno),
            f"{old} no longer used (lines starting '#~', "
            "the first here): delete them when nobody needs them for reference",
        )
