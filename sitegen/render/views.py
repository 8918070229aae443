"""Turn the site model into the typed template context of one page in one language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from markupsafe import Markup

from sitegen.content.contacts import Directory, LocalisedDirectory, localise
from sitegen.content.parse import Doc
from sitegen.content.words import directory_fingerprint
from sitegen.errors import Level, Problem, Problems, SourceRef
from sitegen.i18n.languages import LanguageView, format_date, iso_date, language_view
from sitegen.render.context import (
    AlertView,
    AlternateView,
    ChildView,
    ContactEntryView,
    DirectoryView,
    HreflangView,
    LetterView,
    NavItem,
    PageContext,
    PageView,
    PhoneView,
)
from sitegen.render.seo import organisation_json_ld
from sitegen.site.freshness import Freshness, freshness, judge
from sitegen.site.links import LinkIndex, LinkTarget, resolve_link
from sitegen.site.model import Page, Site
from sitegen.site.routing import (
    absolute_page_url,
    feed_path,
    leaflet_path,
    page_dir,
    page_link,
    relative_url,
    root_prefix,
    search_path,
)

DATED_TYPES = ("statement", "alert")
UNWEIGHTED = 10**9


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
class ViewBuilder:
    """Builds `PageContext`s; holds the read-only facts every page needs."""

    site: Site
    links: LinkIndex
    reporter: Reporter
    languages: dict[str, LanguageView]
    json_ld: str = ""
    leaflets: bool = False  # leaflets are made in this build (setting on, WeasyPrint installed)
    memo: Memo = field(default_factory=Memo)  # filled as pages are rendered

    @classmethod
    def create(
        cls, site: Site, links: LinkIndex, problems: Problems, *, leaflets: bool = False
    ) -> ViewBuilder:
        """Prepare views of a site; `leaflets` says whether this build makes PDF leaflets."""
        views = {code: language_view(code) for code in site.config.languages}
        json_ld = organisation_json_ld(site.config, site.directories, problems)
        builder = cls(site, links, Reporter(problems), views, json_ld, leaflets)
        builder.prepare()
        return builder

    def prepare(self) -> None:
        """Work out the site-wide lists once, before render workers fork and inherit them."""
        for lang in self.languages:
            self.nav_entries(lang)
        self.live_alerts()

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

    # -- the page -----------------------------------------------------------------------

    def page_context(self, page: Page, lang: str) -> PageContext:
        """Return everything the template of `page` sees when rendered for `lang` readers."""
        here = page_dir(page.key, lang)
        config = self.site.config
        view = self.page_view(page, lang, here)
        original_lang = lang if page.translated_into(lang, self.default) else self.default
        return PageContext(
            site_title=config.title_for(lang),
            lang=self.languages[lang],
            page=view,
            alternates=self.alternates(page, lang, here),
            hreflangs=self.hreflangs(page),
            canonical_url=absolute_page_url(config.base_url, page.key, original_lang),
            nav=self.nav(page, lang, here),
            alerts=self.alerts(lang, here),
            root=root_prefix(here),
            home_url=page_link(here, "", lang),
            quick_exit_url=config.quick_exit_url,
            languages=tuple(self.languages.values()),
            default_language=self.languages[self.default],
            description=config.description_for(lang),
            feed_url=relative_url(here, feed_path(lang)),
            search_url=relative_url(here, search_path(lang)) if config.search else "",
            json_ld=self.json_ld_for(page),
        )

    def json_ld_for(self, page: Page) -> str:
        """The organisation's JSON-LD a page is given: the home page only, "" elsewhere (it holds
        every directory's numbers, so a page given it must render again when one changes)."""
        return self.json_ld if page.type == "home" else ""

    def page_view(self, page: Page, lang: str, here: str) -> PageView:
        doc, fallback = page.doc_for(lang, self.default)
        directory = self.directory_view(page.directory, lang, here, own_page=True)
        if directory is not None:
            fallback = lang not in page.directory.translations and lang != self.default  # type: ignore[union-attr]
        content_lang = directory.lang if directory else (doc.lang if doc else lang)
        fresh = self.freshness(page, doc, lang)
        return PageView(
            key=page.key,
            kind=page.kind,
            type=page.type,
            title=self.title(page, lang),
            summary=doc.text("summary") if doc else "",
            html=self.html(doc, lang, here) if doc else Markup(""),
            lang=content_lang,
            dir=self.languages[content_lang].dir,
            is_fallback=fallback,
            is_outdated=fresh.outdated,
            original_updated=self.format_date(fresh.original_changed, lang),
            original_updated_iso=iso_date(fresh.original_changed),
            absolute_url=absolute_page_url(self.site.config.base_url, page.key, lang),
            leaflet_url=self.leaflet_url(page, lang, here),
            date=self.format_date(doc.date("date"), lang) if doc else "",
            date_iso=iso_date(doc.date("date")) if doc else "",
            updated=self.format_date(doc.date("updated"), lang) if doc else "",
            updated_iso=iso_date(doc.date("updated")) if doc else "",
            author=doc.text("author") if doc else "",
            tags=tuple(doc.meta.get("tags", ())) if doc else (),
            audience=tuple(doc.meta.get("audience", ())) if doc else (),
            letters=self.letters(page, lang, here),
            directories=self.page_directories(doc, lang, here) if doc else (),
            children=self.children(page, lang, here),
            directory=directory,
        )

    def freshness(self, page: Page, doc: Doc | None, lang: str) -> Freshness:
        """Tell whether the text shown is a translation made from an older original."""
        if page.directory is not None and lang in page.directory.translations:
            recorded = page.directory.translations[lang].translation_of
            return judge(recorded, directory_fingerprint(page.directory), None)
        original = page.variants.get(self.default)
        if doc is None or original is None or doc is original:
            return Freshness(outdated=False, known=True, original_changed=None)
        return freshness(doc, original)

    def leaflet_url(self, page: Page, lang: str, here: str) -> str:
        """Link the printable leaflet readers of `lang` get (the original's on a fallback)."""
        if not (self.leaflets and page.has_leaflet):
            return ""
        shown = lang if page.translated_into(lang, self.default) else self.default
        return relative_url(here, leaflet_path(page.key, shown))

    def title(self, page: Page, lang: str) -> str:
        """Return a page's title in a language (or its fallback)."""
        key = (page.key, lang)
        title = self.memo.titles.get(key)
        if title is None:
            title = self.memo.titles[key] = self._title(page, lang)
        return title

    def _title(self, page: Page, lang: str) -> str:
        if page.directory is not None:
            return localise(page.directory, lang).title
        doc, _ = page.doc_for(lang, self.default)
        if doc is not None:
            return doc.text("title")
        if page.key == "":
            return self.site.config.title_for(lang)
        return page.key.rpartition("/")[2].replace("-", " ").replace("_", " ").capitalize()

    def title_lang(self, page: Page, lang: str) -> str:
        """Return the language a page's title is written in for `lang` readers."""
        if page.generated:
            return self.default if page.key else lang
        return lang if page.translated_into(lang, self.default) else self.default

    def html(self, doc: Doc, lang: str, here: str) -> Markup:
        """Return a document's body with its internal links pointing at `lang` pages."""
        return Markup(doc.linked.fill(self.link_resolver(doc, lang, here)))

    def link_resolver(self, doc: Doc, lang: str, here: str) -> Callable[[str], str]:
        # Where a link leads (and what is wrong with it) depends on the document and the
        # reader's language only; only the relative URL depends on the page showing it.
        memo_key = (doc.source.rel, lang)
        known = self.memo.links.get(memo_key)
        if known is None:
            known = self.memo.links[memo_key] = {}
        lines: dict[str, int | None] | None = None

        def resolve(target: str) -> str:
            nonlocal lines
            if target not in known:
                if lines is None:
                    lines = {link.target: link.line for link in reversed(doc.body.links)}
                known[target] = self.resolve_target(doc, lang, target, lines.get(target))
            found = known[target]
            return target if found is None else self.url_of(found, lang, here)

        return resolve

    def resolve_target(
        self, doc: Doc, lang: str, target: str, line: int | None
    ) -> LinkTarget | None:
        """Find where a link of `doc` leads for `lang` readers, reporting it if it leads nowhere."""
        ref = doc.source.ref.at(line)
        found = resolve_link(target, doc.source.rel, self.links)
        if isinstance(found, str):
            self.reporter.report(Problem(ref, found))
            return None
        self.check_anchor(found, lang, ref, target, doc)
        return found

    def url_of(self, target: LinkTarget, lang: str, here: str) -> str:
        if target.asset is not None:
            url = relative_url(here, target.asset)
            return f"{url}#{target.anchor}" if target.anchor else url
        if target.key is None:
            return f"#{target.anchor}" if target.anchor else "./"
        return page_link(here, target.key, lang, target.anchor)

    def check_anchor(
        self, target: LinkTarget, lang: str, ref: SourceRef, written: str, doc: Doc
    ) -> None:
        if not target.anchor or target.key is None:
            return
        page = self.site.pages[target.key]
        if doc.lang != lang and not (lang in page.variants and lang != self.default):
            return  # a fallback shows the same text as the original: checked there
        if target.anchor in self.page_ids(page, lang):
            return
        level: Level = "error" if lang == self.default else "warning"
        message = (
            f"link {written!r}: the page has no heading or element with id "
            f"{target.anchor!r} in {self.languages[lang].english_name} "
            "(give the heading an id: ## Heading {#" + target.anchor + "})"
        )
        self.reporter.report(Problem(ref, message, level))

    def page_ids(self, page: Page, lang: str) -> frozenset[str]:
        """Return every element id a page has in a language (for #anchor checks)."""
        key = (page.key, lang)
        ids = self.memo.ids.get(key)
        if ids is None:
            ids = self.memo.ids[key] = self._page_ids(page, lang)
        return ids

    def _page_ids(self, page: Page, lang: str) -> frozenset[str]:
        ids: set[str] = set()
        doc, _ = page.doc_for(lang, self.default)
        if doc is not None:
            ids |= doc.body.ids
        for letter in page.letters:
            ids.add(letter.anchor)
            letter_doc = letter.variants.get(lang) or letter.variants.get(self.default)
            if letter_doc is not None:
                ids |= letter_doc.body.ids
        if page.directory is not None:
            ids |= {entry.id for entry in page.directory.entries}
        return frozenset(ids)

    # -- parts of a page ----------------------------------------------------------------

    def letters(self, page: Page, lang: str, here: str) -> tuple[LetterView, ...]:
        views = []
        for letter in page.letters:
            doc = letter.variants.get(lang) or letter.variants[self.default]
            views.append(
                LetterView(
                    anchor=letter.anchor,
                    sender=doc.text("from"),
                    role=doc.text("role"),
                    organisation=doc.text("organisation"),
                    address=doc.text("address"),
                    to=doc.text("to"),
                    date=self.format_date(doc.date("date"), lang),
                    date_iso=iso_date(doc.date("date")),
                    html=self.html(doc, lang, here),
                    lang=doc.lang,
                    dir=self.languages[doc.lang].dir,
                    is_fallback=doc.lang != lang,
                    is_outdated=doc.lang != self.default
                    and freshness(doc, letter.variants[self.default]).outdated,
                )
            )
        return tuple(views)

    def page_directories(self, doc: Doc, lang: str, here: str) -> tuple[DirectoryView, ...]:
        views = []
        for directory_id in doc.meta.get("contacts", ()):
            directory = self.site.directories.get(directory_id)
            if directory is None:
                known = ", ".join(sorted(self.site.directories)) or "none yet"
                self.reporter.report(
                    Problem(
                        doc.source.ref.at(doc.line_of("contacts")),
                        f"no contact directory {directory_id!r} (directories: {known})",
                    )
                )
                continue
            view = self.directory_view(directory, lang, here, own_page=False)
            if view is not None:
                views.append(view)
        return tuple(views)

    def directory_view(
        self, directory: Directory | None, lang: str, here: str, *, own_page: bool
    ) -> DirectoryView | None:
        if directory is None:
            return None
        local = self.localised(directory, lang)
        words_lang = lang if local.translated or lang == self.default else self.default
        if lang != self.default and lang not in directory.translations:
            words_lang = self.default
        return DirectoryView(
            id=directory.id,
            title=local.title,
            intro=local.intro,
            entries=self.entry_views(local, lang, own_page),
            url=page_link(here, f"contacts/{directory.id}", lang),
            lang=words_lang,
            dir=self.languages[words_lang].dir,
        )

    def localised(self, directory: Directory, lang: str) -> LocalisedDirectory:
        """Return a directory's words for `lang` readers (see `contacts.localise`)."""
        key = (directory.id, lang)
        local = self.memo.localised.get(key)
        if local is None:
            local = self.memo.localised[key] = localise(directory, lang)
        return local

    def entry_views(
        self, local: LocalisedDirectory, lang: str, own_page: bool
    ) -> tuple[ContactEntryView, ...]:
        key = (local.directory.id, lang, own_page)
        views = self.memo.entries.get(key)
        if views is None:
            views = self.memo.entries[key] = self._entry_views(local, lang, own_page)
        return views

    def _entry_views(
        self, local: LocalisedDirectory, lang: str, own_page: bool
    ) -> tuple[ContactEntryView, ...]:
        views = []
        has_translation = lang == self.default or lang in local.directory.translations
        for item in local.entries:
            entry = item.entry
            words_lang = lang if item.translated and has_translation else self.default
            phone = entry.phone
            views.append(
                ContactEntryView(
                    id=entry.id,
                    anchor=entry.id if own_page else f"{local.directory.id}-{entry.id}",
                    name=item.name,
                    when=item.when,
                    hours=item.hours,
                    address=item.address,
                    phone=PhoneView(phone.display, phone.tel) if phone else None,
                    url=entry.url,
                    url_display=_url_display(entry.url),
                    email=entry.email,
                    lang=words_lang,
                    dir=self.languages[words_lang].dir,
                )
            )
        return tuple(views)

    def children(self, page: Page, lang: str, here: str) -> tuple[ChildView, ...]:
        kids = [self.site.pages[key] for key in page.children]
        views = []
        for kid in self.sorted_pages(kids):
            doc, _ = kid.doc_for(lang, self.default)
            title_lang = self.title_lang(kid, lang)
            views.append(
                ChildView(
                    title=self.title(kid, lang),
                    summary=doc.text("summary") if doc else "",
                    url=page_link(here, kid.key, lang),
                    type=kid.type,
                    date=self.format_date(doc.date("date"), lang) if doc else "",
                    date_iso=iso_date(doc.date("date")) if doc else "",
                    lang=title_lang,
                    dir=self.languages[title_lang].dir,
                )
            )
        return tuple(views)

    def sorted_pages(self, pages: list[Page]) -> list[Page]:
        """Order pages for lists: dated ones (statements, alerts) newest first, others by weight."""
        key = tuple(page.key for page in pages)
        ordered = self.memo.order.get(key)
        if ordered is None:
            ordered = self.memo.order[key] = self._sorted_pages(pages)
        return list(ordered)

    def _sorted_pages(self, pages: list[Page]) -> list[Page]:
        def default_doc(page: Page) -> Doc | None:
            return page.variants.get(self.default)

        def weight(page: Page) -> tuple[int, str, str]:
            doc = default_doc(page)
            value = doc.meta.get("weight") if doc else None
            return (
                UNWEIGHTED if value is None else int(value),
                self.title(page, self.default).casefold(),
                page.key,
            )

        by_weight = sorted(pages, key=weight)
        if any(page.type in DATED_TYPES for page in pages):

            def newest(page: Page) -> tuple[int, dt.date | dt.datetime]:
                doc = default_doc(page)
                date = doc.date("date") if doc else None
                return (0 if date else 1, _as_date(date) if date else dt.date.min)

            dated = sorted(by_weight, key=lambda p: newest(p)[1], reverse=True)
            return sorted(dated, key=lambda p: newest(p)[0])
        return by_weight

    def nav(self, page: Page, lang: str, here: str) -> tuple[NavItem, ...]:
        return tuple(
            NavItem(
                title=entry.title,
                url=page_link(here, item.key, lang),
                lang=entry.lang,
                dir=entry.dir,
                current=page.key == item.key or page.key.startswith(item.key + "/"),
            )
            for item, entry in zip(self.memo.top, self.nav_entries(lang), strict=True)
        )

    def nav_entries(self, lang: str) -> tuple[NavItem, ...]:
        """Return the menu of `lang` readers without links: the top-level pages, in order."""
        entries = self.memo.nav.get(lang)
        if entries is None:
            if not self.memo.nav:
                top = [p for key, p in self.site.pages.items() if key and "/" not in key]
                self.memo.top[:] = self.sorted_pages(top)
            entries = self.memo.nav[lang] = tuple(
                NavItem(
                    title=self.title(item, lang),
                    url="",
                    lang=self.title_lang(item, lang),
                    dir=self.languages[self.title_lang(item, lang)].dir,
                )
                for item in self.memo.top
            )
        return entries

    def alternates(self, page: Page, lang: str, here: str) -> tuple[AlternateView, ...]:
        return tuple(
            AlternateView(
                language=view,
                url=page_link(here, page.key, code),
                translated=page.translated_into(code, self.default),
                current=code == lang,
            )
            for code, view in self.languages.items()
        )

    def hreflangs(self, page: Page) -> tuple[HreflangView, ...]:
        base = self.site.config.base_url
        real = [
            HreflangView(code, absolute_page_url(base, page.key, code))
            for code in self.languages
            if page.translated_into(code, self.default)
        ]
        return (*real, HreflangView("x-default", absolute_page_url(base, page.key, self.default)))

    def alerts(self, lang: str, here: str) -> tuple[AlertView, ...]:
        views = []
        for page in self.live_alerts():
            doc, _ = page.doc_for(lang, self.default)
            if doc is None:
                continue
            views.append(
                AlertView(
                    title=doc.text("title"),
                    summary=doc.text("summary"),
                    level=doc.text("level") or "warning",
                    url=page_link(here, page.key, lang),
                    lang=doc.lang,
                    dir=self.languages[doc.lang].dir,
                    fill_html=partial(self.html, doc, lang, here),
                )
            )
        return tuple(views)

    def live_alerts(self) -> list[Page]:
        """Return the alerts live at the build's clock, newest first."""
        if self.memo.live is None:
            self.memo.live = self._live_alerts()
        return list(self.memo.live)

    def _live_alerts(self) -> list[Page]:
        live = []
        for page in self.site.pages.values():
            doc = page.variants.get(self.default)
            if page.type != "alert" or doc is None:
                continue
            if is_live(doc.date("starts"), doc.date("ends"), self.site.now):
                live.append(page)
        return self.sorted_pages(live)


def live_span(site: Site) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the span of clock times around the build's in which every alert is live, or not,
    as it is at the build's clock (None: no end on that side).

    Which alerts are live is all a build makes that depends on when it runs: a build at any
    time in this span makes the same output (see sitegen.uptodate). Every language's dates are
    counted, more than `is_live` reads, never fewer.
    """
    moments = [
        _moment(value, end=name == "ends")
        for page in site.pages.values()
        if page.type == "alert"
        for doc in page.variants.values()
        for name in ("starts", "ends")
        if (value := doc.date(name)) is not None
    ]
    earlier = [moment for moment in moments if moment <= site.now]
    later = [moment for moment in moments if moment > site.now]
    return max(earlier, default=None), min(later, default=None)


def is_live(starts: dt.date | None, ends: dt.date | None, now: dt.datetime) -> bool:
    """Tell whether an alert shows at `now`: from its start until the end of its last day."""
    if starts is not None and _moment(starts, end=False) > now:
        return False
    return not (ends is not None and _moment(ends, end=True) <= now)


def _moment(value: dt.date, *, end: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _url_display(url: str) -> str:
    if not url:
        return ""
    shown = url.split("://", 1)[-1]
    return shown[:-1] if shown.endswith("/") and shown.count("/") == 1 else shown
