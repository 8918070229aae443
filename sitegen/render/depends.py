"""What a rendered page depends on, as fingerprints: so a one-page edit re-renders one page.

A page in one language shows its own documents (body, letters) and facts about the rest of the
site: titles, summaries, dates and ids of other pages (menus, lists, anchor checks), which pages
exist in which languages (the switcher), live alerts, the settings and the theme. The *site
fingerprint* covers all of those except the bodies of ordinary pages; a page's own key adds the
fingerprints of its own documents. Editing a page's text therefore changes one key per language;
editing a title changes the site fingerprint and every page renders again.

A contact directory's entries (numbers, names, hours) show only on its own page and on the
pages that list it under `contacts:` (the JSON-LD of `render.jsonld` holds none of them: it is
made from the page's own documents and the settings): they are in those pages' keys, and the
site fingerprint has only what other pages show of a directory (its titles, languages and
entry ids). Correcting a phone number renders again the pages that show it, not the whole site.
"""

from __future__ import annotations

from sitegen.content.contacts import Directory
from sitegen.content.doc import Doc
from sitegen.incremental.cache import fingerprint
from sitegen.render.alerttimes import has_ended
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page, Site


def site_fingerprint(site: Site, views: ViewBuilder) -> str:
    """Fingerprint everything a page may show about other pages, and the build's settings."""
    parts: list[str] = [repr(site.config), repr(views.leaflets)]
    for key in sorted(site.pages):
        page = site.pages[key]
        parts += [key, page.kind, page.type, repr(page.children)]
        for doc in _documents(page):
            parts += [doc.source.rel, doc.shown]  # its front matter and ids
        if page.directory is not None:
            parts.append(_directory_shown_elsewhere(page.directory))
    parts += ["ended", *(child.key for child in _ended_alerts(site))]
    for alert in views.live_alerts():
        parts += ["live", alert.key, *(doc.fingerprint for doc in _documents(alert))]
    parts += sorted(views.links.targets)
    parts += sorted(views.links.drafts)
    return fingerprint("site", *parts)


def _ended_alerts(site: Site) -> list[Page]:
    """Alerts past their end: lists mark them "Ended on", so an end passing renders again."""
    zone = site.config.zone
    return [
        page
        for page in site.pages.values()
        if page.type == "alert"
        and (doc := page.variants.get(site.config.default_language)) is not None
        and has_ended(doc.date("ends"), site.now, zone)
    ]


def directory_fingerprints(site: Site) -> dict[str, str]:
    """Fingerprint each directory whole (entries and translations included), once per build."""
    return {name: fingerprint("directory", repr(d)) for name, d in site.directories.items()}


def page_own_fingerprint(page: Page, directory_keys: dict[str, str]) -> str:
    """Fingerprint what is a page's own, the same for all its languages: its documents (every
    language's, letters included) and the directories it shows (`directory_fingerprints`)."""
    own = [doc.fingerprint for doc in _documents(page)]
    own += [directory_keys[name] for name in _directories_shown(page, directory_keys)]
    return fingerprint("own", *own)


def page_fingerprint(
    site_key: str, theme_key: str, template: str, page: Page, lang: str, own_key: str
) -> str:
    """Fingerprint one page in one language: the site's, the theme's and its own inputs
    (`page_own_fingerprint`; its JSON-LD is made from those and the settings)."""
    return fingerprint("page", site_key, theme_key, template, page.key, lang, own_key)


def _directory_shown_elsewhere(directory: Directory) -> str:
    """What pages other than those showing a directory show of it: its title in each language
    (menus, lists, links), its languages (the switcher) and its entries' ids (anchor checks)."""
    titles = sorted(
        (lang, translation.title) for lang, translation in directory.translations.items()
    )
    return repr((directory.id, directory.title, titles, [entry.id for entry in directory.entries]))


def _directories_shown(page: Page, known: dict[str, str]) -> list[str]:
    """The directories whose entries a page shows: its own, and those its documents list."""
    listed = {name for doc in _documents(page) for name in doc.meta.get("contacts", ())}
    own = [page.directory.id] if page.directory is not None else []
    return own + [name for name in sorted(listed) if name in known]


def _documents(page: Page) -> list[Doc]:
    docs = [page.variants[lang] for lang in sorted(page.variants)]
    for letter in page.letters:
        docs += [letter.variants[lang] for lang in sorted(letter.variants)]
    return docs
