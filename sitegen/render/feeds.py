"""Atom feeds: one per language, of statements and alerts, translated or in the default language.

A feed's `updated` is its newest entry's date, never the build time, so the same sources give the
same bytes. Entries shown in the default language (no translation yet) say so with `xml:lang`.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from sitegen.content.doc import Doc
from sitegen.errors import Problem
from sitegen.incremental.cache import fingerprint
from sitegen.output.files import OutputFile, PreviousOutput
from sitegen.render.alerttimes import is_live
from sitegen.render.views import ViewBuilder
from sitegen.site.model import Page
from sitegen.site.routing import absolute_page_url, absolute_url, feed_path, page_dir

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_TYPES = ("statement", "alert", "rumour")
EMPTY_FEED_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One statement or alert as a feed entry in one reader language."""

    page: Page
    doc: Doc  # the translation, or the default-language original on a fallback
    updated: dt.datetime
    published: dt.datetime | None


def render_feeds(
    views: ViewBuilder, site_key: str = "", previous: PreviousOutput | None = None
) -> list[OutputFile]:
    """Return the Atom feed of every language (`<lang>/feed.xml`).

    With `site_key` (see sitegen.render.depends), a feed made from the same entries as the one the
    previous build wrote is kept as it is.
    """
    pages = feed_pages(views)
    feeds = []
    for lang in views.site.config.languages:
        path = feed_path(lang)
        key = feed_key(views, pages, lang, site_key) if site_key else ""
        kept = previous.kept(path, key, None) if previous is not None else None
        feeds.append(kept or OutputFile(path, feed_xml(views, pages, lang), None, key))
    return feeds


def feed_key(views: ViewBuilder, pages: list[Page], lang: str, site_key: str) -> str:
    """Fingerprint what one language's feed shows: the site's facts and its entries' documents."""
    entries = feed_entries(views, pages, lang)
    parts = [site_key, lang]
    for entry in entries:
        parts += [entry.page.key, entry.doc.fingerprint, entry.updated.isoformat()]
    return fingerprint("feed", *parts)


def feed_pages(views: ViewBuilder) -> list[Page]:
    """Return the statements, alerts and rumours that belong in feeds, reporting undated ones."""
    site = views.site
    chosen = []
    for page in site.pages.values():
        original = page.variants.get(views.default)
        if page.type not in FEED_TYPES or original is None:
            continue
        if page.is_draft_in(views.default, views.default):
            continue  # built only with --drafts, and never announced
        if entry_date(original) is None:
            if page.type == "rumour":
                continue  # `checked` is required: its own error says so
            views.reporter.report(
                Problem(
                    original.source.ref.at(original.line_of("title")),
                    f"this {page.type} is left out of the feeds: give it a date (date: 2026-03-01)",
                    "warning",
                )
            )
            continue
        if page.type == "alert" and not is_live(
            original.date("starts"), None, site.now, site.config.zone
        ):
            continue  # scheduled for later: not announced yet
        chosen.append(page)
    return chosen


def entry_date(doc: Doc) -> dt.date | None:
    """Return when an entry last changed: its `updated` date, else `date` (alerts: `starts`)."""
    return doc.date("updated") or doc.date("date") or doc.date("starts")


def feed_entries(views: ViewBuilder, pages: list[Page], lang: str) -> list[FeedEntry]:
    """Return the entries of one language's feed, newest first."""
    entries = []
    zone = views.site.config.zone
    for page in pages:
        # A draft is built only with --drafts, and never announced: the feed is the published
        # site's (a draft translation's readers get the original, as they will there).
        doc = page.published_doc(lang, views.default)
        changed = entry_date(doc) if doc else None
        if doc is None or changed is None:
            continue
        published = doc.date("date") or doc.date("starts")
        entries.append(
            FeedEntry(
                page,
                doc,
                _moment(changed, zone),
                _moment(published, zone) if published else None,
            )
        )
    return sorted(entries, key=lambda e: (e.updated, e.page.key), reverse=True)


def feed_xml(views: ViewBuilder, pages: list[Page], lang: str) -> bytes:
    """Return one language's Atom feed as UTF-8 XML."""
    config = views.site.config
    entries = feed_entries(views, pages, lang)
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    self_url = absolute_url(config.base_url, feed_path(lang))
    _text(feed, "id", self_url)
    _text(feed, "title", config.title_for(lang))
    if config.description_for(lang):
        _text(feed, "subtitle", config.description_for(lang))
    _link(feed, "self", self_url, "application/atom+xml")
    _link(feed, "alternate", absolute_page_url(config.base_url, "", lang), "text/html")
    updated = entries[0].updated if entries else EMPTY_FEED_UPDATED
    _text(feed, "updated", _rfc3339(updated))
    author = ET.SubElement(feed, "author")
    _text(author, "name", _publisher(views, lang))
    for entry in entries:
        feed.append(entry_element(views, entry, lang))
    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def entry_element(views: ViewBuilder, entry: FeedEntry, lang: str) -> ET.Element:
    """Return the `<entry>` of one page for `lang` readers (marked with its text's language)."""
    base = views.site.config.base_url
    doc = entry.doc
    url = absolute_page_url(base, entry.page.key, lang)
    element = ET.Element("entry", {XML_LANG: doc.lang})
    _text(element, "id", url)
    _text(element, "title", doc.text("title"))
    _link(element, "alternate", url, "text/html")
    _text(element, "updated", _rfc3339(entry.updated))
    if entry.published is not None:
        _text(element, "published", _rfc3339(entry.published))
    if doc.text("author"):
        author = ET.SubElement(element, "author")
        _text(author, "name", doc.text("author"))
    if doc.text("summary"):
        _text(element, "summary", doc.text("summary"))
    here = page_dir(entry.page.key, lang)
    html = str(views.html(doc, lang, here))
    if html.strip():
        # Links in the body are relative to the page: xml:base makes them resolve in a reader.
        content = _text(element, "content", html)
        content.set("type", "html")
        content.set(XML_BASE, url)
    return element


def _publisher(views: ViewBuilder, lang: str) -> str:
    return views.site.config.publisher_name(lang)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "href": href, "type": media_type})


def _moment(value: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """A date or a time without an offset is in the site's time zone, as alerts' are."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return dt.datetime(value.year, value.month, value.day, tzinfo=zone)


def _rfc3339(value: dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
