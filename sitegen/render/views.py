"""Turn the site model into the typed template context of one page in one language.

`ViewBuilder` assembles a page's context and builds the page's own view (its text, letters,
freshness and leaflet); the other parts come from one module each: the menu and the language
switcher (`navigation`), a section's children (`pagelists`), contact directories
(`directories`), alert banners (`alerts`), and a body's links (`bodylinks`). What all of them
read, and the memo they share, is `viewfacts.ViewFacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from sitegen.content.doc import Doc
from sitegen.content.words import directory_fingerprint
from sitegen.errors import Problems
from sitegen.i18n.languages import iso_date, language_name_in, language_view
from sitegen.render.alerts import alerts, live_alerts
from sitegen.render.bodylinks import body_html
from sitegen.render.context import (
    LetterView,
    PageContext,
    PageView,
    Provenance,
    phone_view,
)
from sitegen.render.directories import directory_view, page_directories
from sitegen.render.jsonld import page_json_ld
from sitegen.render.navigation import alternates, hreflangs, nav, nav_entries
from sitegen.render.pagelists import children
from sitegen.render.rumours import latest_rumours, rumour_view
from sitegen.render.topics import topic_links
from sitegen.render.viewfacts import Reporter, ViewFacts, translated_folder_titles
from sitegen.site.freshness import Freshness, freshness, judge
from sitegen.site.links import LinkIndex
from sitegen.site.model import Page, Site
from sitegen.site.reviews import doc_review
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


@dataclass(frozen=True)
class ViewBuilder(ViewFacts):
    """Builds `PageContext`s from the read-only facts every page needs."""

    @classmethod
    def create(
        cls,
        site: Site,
        links: LinkIndex,
        problems: Problems,
        *,
        leaflets: bool = False,
        pgettext: Mapping[str, Callable[[str, str], str]] | None = None,
    ) -> ViewBuilder:
        """Prepare views of a site; `leaflets` says whether this build makes PDF leaflets;
        `pgettext` is each language's catalog lookup (for the titles of folders)."""
        views = {code: language_view(code) for code in site.config.languages}
        folders = translated_folder_titles(site, pgettext or {})
        builder = cls(site, links, Reporter(problems), views, leaflets, folder_titles=folders)
        builder.prepare()
        return builder

    def prepare(self) -> None:
        """Work out the site-wide lists once, before render workers fork and inherit them."""
        for lang in self.languages:
            nav_entries(self, lang)
        self.live_alerts()

    def live_alerts(self) -> list[Page]:
        """Return the alerts live at the build's clock, newest first."""
        return live_alerts(self)

    def html(self, doc: Doc, lang: str, here: str) -> Markup:
        """Return a document's body with its internal links pointing at `lang` pages."""
        return body_html(self, doc, lang, here)

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
            alternates=alternates(self, page, lang, here),
            hreflangs=hreflangs(self, page),
            canonical_url=absolute_page_url(config.base_url, page.key, original_lang),
            nav=nav(self, page, lang, here),
            alerts=alerts(self, lang, here),
            root=root_prefix(here),
            home_url=page_link(here, "", lang),
            quick_exit_url=config.quick_exit_url,
            languages=tuple(self.languages.values()),
            default_language=self.languages[self.default],
            default_language_name=language_name_in(self.default, lang),
            description=config.description_for(lang),
            feed_url=relative_url(here, feed_path(lang)),
            search_url=relative_url(here, search_path(lang)) if config.search else "",
            json_ld=page_json_ld(self.site, page, lang),
            emergency=phone_view(config.emergency),
            non_emergency=phone_view(config.non_emergency),
            has_accessibility_statement=config.accessibility is not None,
        )

    def page_view(self, page: Page, lang: str, here: str) -> PageView:
        doc, fallback = page.doc_for(lang, self.default)
        if page.generated:
            fallback = False  # a listing's words all come from the catalogs and titles
        directory = directory_view(self, page.directory, lang, here, own_page=True)
        if directory is not None:
            fallback = lang not in page.directory.translations and lang != self.default  # type: ignore[union-attr]
        content_lang = directory.lang if directory else (doc.lang if doc else lang)
        if page.key in self.site.topics:  # made in every language; only its label may not be
            fallback, content_lang = False, self.title_lang(page, lang)
        fresh = self.freshness(page, doc, lang)
        behind = self.site.behind.get(doc.source.rel) if doc and not fallback else None
        html = self.html(doc, lang, here) if doc else Markup("")
        return PageView(
            key=page.key,
            kind=page.kind,
            type=page.type,
            title=self.title(page, lang),
            summary=doc.text("summary") if doc else "",
            html=html,
            lang=content_lang,
            dir=self.languages[content_lang].dir,
            is_fallback=fallback,
            is_outdated=fresh.outdated and behind is None,
            is_draft=page.is_draft_in(lang, self.default),
            original_updated=self.format_date(fresh.original_changed, lang),
            original_updated_iso=iso_date(fresh.original_changed),
            absolute_url=absolute_page_url(self.site.config.base_url, page.key, lang),
            leaflet_url=self.leaflet_url(page, lang, here),
            date=self.format_date(doc.date("date"), lang) if doc else "",
            date_iso=iso_date(doc.date("date")) if doc else "",
            updated=self.format_date(doc.date("updated"), lang) if doc else "",
            updated_iso=iso_date(doc.date("updated")) if doc else "",
            author=doc.text("author") if doc else "",
            tags=topic_links(self, page, "tag", lang, here),
            audience=topic_links(self, page, "audience", lang, here),
            letters=self.letters(page, lang, here),
            directories=page_directories(self, doc, lang, here) if doc else (),
            children=children(self, page, lang, here),
            directory=directory,
            blocks_behind=behind.behind if behind else 0,
            blocks_total=behind.total if behind else 0,
            rumour=rumour_view(self, page, doc, lang, here, html),
            rumours=latest_rumours(self, page, lang, here),
            **self.review_dates(page, doc, lang),
            provenance=self.provenance(page, doc, fallback, here) if doc else None,
        )

    def provenance(self, page: Page, doc: Doc, fallback: bool, here: str) -> Provenance | None:
        """Who translated the page and how, for a translation whose front matter says so."""
        said = ("translated_by", "translation_reviewed", "machine_translated")
        if fallback or doc.lang == self.default or not any(key in doc.meta for key in said):
            return None
        return Provenance(
            translated_by=doc.text("translated_by"),
            reviewed=doc.meta.get("translation_reviewed") is True,
            machine=doc.meta.get("machine_translated") is True,
            original_url=page_link(here, page.key, self.default),
            original_lang=self.languages[self.default],
        )

    def review_dates(self, page: Page, doc: Doc | None, lang: str) -> dict[str, str]:
        """A page's "last reviewed" and "next review due", the original's if a translation
        does not say (a review is of what the page says, in any language)."""
        every = self.site.config.review_every
        original = page.variants.get(self.default)
        review = (doc_review(doc, page.type, every) if doc else None) or (
            doc_review(original, page.type, every) if original else None
        )
        if review is None:
            return {}
        return {
            "reviewed": self.format_date(review.reviewed, lang),
            "reviewed_iso": iso_date(review.reviewed),
            "review_due": self.format_date(review.due, lang),
            "review_due_iso": iso_date(review.due),
        }

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

    def letters(self, page: Page, lang: str, here: str) -> tuple[LetterView, ...]:
        views = []
        for number, letter in enumerate(page.letters, 1):
            doc = letter.variants.get(lang) or letter.variants[self.default]
            behind = self.site.behind.get(doc.source.rel)
            views.append(
                LetterView(
                    anchor=letter.anchor,
                    number=number,
                    sender=doc.text("from"),
                    title=doc.text("title"),
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
                    and behind is None
                    and freshness(doc, letter.variants[self.default]).outdated,
                    blocks_behind=behind.behind if behind else 0,
                    blocks_total=behind.total if behind else 0,
                )
            )
        return tuple(views)
