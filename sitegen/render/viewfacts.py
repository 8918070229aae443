"""What every part of a page's view reads: the site, its links, the reader's languages, and
the memo of facts worked out once per build (a page's title in a language, a formatted date).

`ViewFacts` is the base of `views.ViewBuilder`; the modules that build parts of a page
(`navigation`, `pagelists`, `directories`, `alerts`, `bodylinks`) take it, so they depend on
these facts and never on the builder that assembles them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sitegen.content.contacts import LocalisedDirectory, localise
from sitegen.errors import Problem, Problems
from sitegen.i18n.languages import LanguageView, format_date
from sitegen.render.context import ContactEntryView, NavItem
from sitegen.site.links import LinkIndex, LinkTarget
from sitegen.site.model import Page, Site

FOLDER_NAME_CONTEXT = "folder name"  # msgctxt of a folder's title in the catalogs


def translated_folder_titles(
    site: Site, pgettext: Mapping[str, Callable[[str, str], str]]
) -> dict[tuple[str, str], str]:
    """Look up, in each language's catalog, the title of every folder without index.md."""
    found = {}
    for page in site.pages.values():
        if not (page.generated and page.key):
            continue
        for lang, lookup in pgettext.items():
            if lang == site.config.default_language:
                continue
            title = lookup(FOLDER_NAME_CONTEXT, page.folder_title)
            if title and title != page.folder_title:
                found[(page.key, lang)] = title
    return found


@dataclass
class Reporter:
    """Collects problems found while rendering, each reported once however often it is seen."""

    problems: Problems
    seen: set[Problem] = field(default_factory=set)

    def report(self, problem: Problem) -> None:
        if problem not in self.seen:
            self.seen.add(problem)
            self.problems.add(problem)


@dataclass
class Memo:
    """Facts that do not depend on the page being rendered, worked out once per build.

    Each is a pure function of the site model (and the reader's language), so keeping it changes
    no output; it lives in the `ViewBuilder` of one build and dies with it.
    """

    titles: dict[tuple[str, str], str] = field(default_factory=dict)
    dates: dict[tuple[dt.date, str], str] = field(default_factory=dict)
    links: dict[tuple[str, str], dict[str, LinkTarget | None]] = field(default_factory=dict)
    ids: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    order: dict[tuple[str, ...], list[Page]] = field(default_factory=dict)
    localised: dict[tuple[str, str], LocalisedDirectory] = field(default_factory=dict)
    entries: dict[tuple[str, str, bool], tuple[ContactEntryView, ...]] = field(default_factory=dict)
    nav: dict[str, tuple[NavItem, ...]] = field(default_factory=dict)  # no urls; pages: `top`
    top: list[Page] = field(default_factory=list)
    live: list[Page] | None = None


@dataclass(frozen=True)
class ViewFacts:
    """The read-only facts every page needs, and the titles and dates worked out from them."""

    site: Site
    links: LinkIndex
    reporter: Reporter
    languages: dict[str, LanguageView]
    leaflets: bool = False  # leaflets are made in this build (setting on, WeasyPrint installed)
    memo: Memo = field(default_factory=Memo)  # filled as pages are rendered
    # (folder key, language) -> the title readers of that language see for a folder without
    # index.md, from their catalog (msgctxt "folder name"); absent: the catalog has none.
    folder_titles: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def default(self) -> str:
        return self.site.config.default_language

    def format_date(self, value: dt.date | None, lang: str) -> str:
        """Format a date for `lang` readers, as the language is written in the site's region."""
        if value is None:
            return ""
        key = (value, lang)
        text = self.memo.dates.get(key)
        if text is None:
            text = self.memo.dates[key] = format_date(value, lang, self.site.config.region)
        return text

    def title(self, page: Page, lang: str) -> str:
        """Return a page's title in a language (or its fallback)."""
        key = (page.key, lang)
        title = self.memo.titles.get(key)
        if title is None:
            title = self.memo.titles[key] = self._title(page, lang)
        return title

    def _title(self, page: Page, lang: str) -> str:
        topic = self.site.topics.get(page.key)
        if topic is not None:
            return topic.label(self.site.config, lang)[0]
        if page.directory is not None:
            return localise(page.directory, lang).title
        doc, _ = page.doc_for(lang, self.default)
        if doc is not None:
            return doc.text("title")
        if page.key == "":
            return self.site.config.title_for(lang)
        return self.folder_titles.get((page.key, lang), page.folder_title)

    def title_lang(self, page: Page, lang: str) -> str:
        """Return the language a page's title is written in for `lang` readers."""
        topic = self.site.topics.get(page.key)
        if topic is not None:
            return topic.label(self.site.config, lang)[1]
        if page.generated:
            named = not page.key or (page.key, lang) in self.folder_titles
            return lang if named else self.default
        return lang if page.translated_into(lang, self.default) else self.default
