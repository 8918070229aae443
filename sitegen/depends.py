"""What a rendered page depends on, as fingerprints: so a one-page edit re-renders one page.

A page in one language shows its own documents (body, letters) and facts about the rest of the
site: titles, summaries, dates and ids of other pages (menus, lists, anchor checks), which pages
exist in which languages (the switcher), contact directories, live alerts, the settings and the
theme. The *site fingerprint* covers all of those except the bodies of ordinary pages; a page's
own key adds the fingerprints of its own documents. Editing a page's text therefore changes one
key per language; editing a title changes the site fingerprint and every page renders again.
"""

from __future__ import annotations

from sitegen.cache import fingerprint
from sitegen.model import Page, Site
from sitegen.parse import Doc
from sitegen.views import ViewBuilder


def site_fingerprint(site: Site, views: ViewBuilder) -> str:
    """Fingerprint everything a page may show about other pages, and the build's settings."""
    parts: list[str] = [repr(site.config), views.json_ld, repr(views.leaflets)]
    for key in sorted(site.pages):
        page = site.pages[key]
        parts += [key, page.kind, page.type, repr(page.children)]
        for doc in _documents(page):
            parts += [doc.source.rel, doc.shown]  # its front matter and ids
        if page.directory is not None:
            parts.append(repr(page.directory))
    for alert in views.live_alerts():
        parts += ["live", alert.key, *(doc.fingerprint for doc in _documents(alert))]
    parts += sorted(views.links.targets)
    parts += sorted(views.links.drafts)
    return fingerprint("site", *parts)


def page_fingerprint(site_key: str, theme_key: str, template: str, page: Page, lang: str) -> str:
    """Fingerprint one page in one language: the site's, the theme's and its own documents'."""
    own = [doc.fingerprint for doc in _documents(page)]
    return fingerprint("page", site_key, theme_key, template, page.key, lang, *own)


def _documents(page: Page) -> list[Doc]:
    docs = [page.variants[lang] for lang in sorted(page.variants)]
    for letter in page.letters:
        docs += [letter.variants[lang] for lang in sorted(letter.variants)]
    return docs
