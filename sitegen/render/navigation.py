"""Where a page leads besides its text: the site menu, and the same page in other languages
(the language switcher, and the `hreflang` links of its real translations).

The menu's entries (the top-level pages, their titles in each language) are worked out once per
build, before render workers fork; only their links and which one is current depend on the page.
"""

from __future__ import annotations

from sitegen.render.context import AlternateView, HreflangView, NavItem
from sitegen.render.pagelists import sorted_pages
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.model import Page
from sitegen.site.routing import absolute_page_url, page_link


def nav(views: ViewFacts, page: Page, lang: str, here: str) -> tuple[NavItem, ...]:
    return tuple(
        NavItem(
            title=entry.title,
            url=page_link(here, item.key, lang),
            lang=entry.lang,
            dir=entry.dir,
            current=page.key == item.key or page.key.startswith(item.key + "/"),
        )
        for item, entry in zip(views.memo.top, nav_entries(views, lang), strict=True)
    )


def nav_entries(views: ViewFacts, lang: str) -> tuple[NavItem, ...]:
    """Return the menu of `lang` readers without links: the top-level pages, in order."""
    entries = views.memo.nav.get(lang)
    if entries is None:
        if not views.memo.nav:
            top = [p for key, p in views.site.pages.items() if key and "/" not in key]
            views.memo.top[:] = sorted_pages(views, top)
        entries = views.memo.nav[lang] = tuple(
            NavItem(
                title=views.title(item, lang),
                url="",
                lang=views.title_lang(item, lang),
                dir=views.languages[views.title_lang(item, lang)].dir,
            )
            for item in views.memo.top
        )
    return entries


def alternates(views: ViewFacts, page: Page, lang: str, here: str) -> tuple[AlternateView, ...]:
    return tuple(
        AlternateView(
            language=view,
            url=page_link(here, page.key, code),
            translated=page.translated_into(code, views.default),
            current=code == lang,
        )
        for code, view in views.languages.items()
    )


def hreflangs(views: ViewFacts, page: Page) -> tuple[HreflangView, ...]:
    base = views.site.config.base_url
    real = [
        HreflangView(code, absolute_page_url(base, page.key, code))
        for code in views.languages
        if page.translated_into(code, views.default)
    ]
    return (*real, HreflangView("x-default", absolute_page_url(base, page.key, views.default)))
