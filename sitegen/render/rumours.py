"""Checked rumours as readers see them: the rumour's own view, and the latest on the home page.

The verdict travels as its code ("false", ...): the theme says it in the reader's words from its
catalog, and gives those words to the ClaimReview JSON-LD (`jsonld.claim_review_json_ld`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

from markupsafe import Markup

from sitegen.content.doc import Doc
from sitegen.i18n.languages import format_date_time, iso_date
from sitegen.read.validate import Record
from sitegen.render.bodylinks import url_of
from sitegen.render.context import RumourItemView, RumourSourceView, RumourView
from sitegen.render.jsonld import claim_review_json_ld
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.links import LinkTarget, resolve_link
from sitegen.site.model import Page
from sitegen.site.routing import absolute_page_url, page_link

LATEST_ON_HOME = 3
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_WEB = re.compile(r"https?://", re.IGNORECASE)


def rumour_view(
    views: ViewFacts, page: Page, doc: Doc | None, lang: str, here: str, html: Markup
) -> RumourView | None:
    """Return a rumour page's claim, verdict, sources and date checked; None for other pages."""
    if page.type != "rumour" or doc is None or "verdict" not in doc.meta:
        return None
    checked = local_time(doc.date("checked"), views)
    sources = tuple(_source(views, doc, source, lang, here) for source in doc.meta.get("sources"))
    config = views.site.config
    return RumourView(
        claim=doc.text("claim"),
        verdict=doc.text("verdict"),
        checked=format_date_time(checked, lang, config.region),
        checked_iso=iso_date(checked),
        answer=doc.text("summary") or first_paragraph(html),
        sources=sources,
        lang=doc.lang,
        dir=views.languages[doc.lang].dir,
        make_json_ld=partial(
            claim_review_json_ld,
            config,
            url=absolute_page_url(config.base_url, page.key, lang),
            lang=doc.lang,
            claim=doc.text("claim"),
            verdict=doc.text("verdict"),
            checked=_moment(checked, views).isoformat()
            if isinstance(checked, dt.datetime)
            else iso_date(checked),
        ),
    )


def latest_rumours(
    views: ViewFacts, page: Page, lang: str, here: str
) -> tuple[RumourItemView, ...]:
    """Return the most recently checked rumours, for the home page (none elsewhere)."""
    if page.type != "home":
        return ()
    found = []
    for rumour in views.site.pages.values():
        doc, _ = rumour.doc_for(lang, views.default)
        if rumour.type != "rumour" or doc is None or "verdict" not in doc.meta:
            continue
        if rumour.is_draft_in(lang, views.default):
            continue
        checked = local_time(doc.date("checked"), views)
        found.append((_moment(checked, views), rumour.key, doc, checked))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return tuple(
        RumourItemView(
            claim=doc.text("claim"),
            verdict=doc.text("verdict"),
            checked=views.format_date(checked, lang),
            checked_iso=iso_date(checked),
            url=page_link(here, key, lang),
            lang=doc.lang,
            dir=views.languages[doc.lang].dir,
        )
        for _, key, doc, checked in found[:LATEST_ON_HOME]
    )


def local_time(value: dt.date | None, views: ViewFacts) -> dt.date | None:
    """A time with an offset, shown in the site's time zone (one written without one is)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(views.site.config.zone)
    return value


def _moment(value: dt.date | None, views: ViewFacts) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=views.site.config.zone)
    day = value or dt.date.min
    return dt.datetime(day.year, day.month, day.day, tzinfo=views.site.config.zone)


def first_paragraph(html: Markup) -> str:
    """Return the text of a body's first paragraph, as plain text."""
    found = _FIRST_PARAGRAPH.search(str(html))
    return Markup(found.group(1)).striptags() if found else ""


def _source(views: ViewFacts, doc: Doc, source: Record, lang: str, here: str) -> RumourSourceView:
    organisation = str(source.get("organisation") or "")
    link = str(source.get("link") or "")
    return RumourSourceView(
        organisation=organisation,
        url=_source_url(views, doc, link, lang, here),
        lang=doc.lang,
        dir=views.languages[doc.lang].dir,
    )


def _source_url(views: ViewFacts, doc: Doc, link: str, lang: str, here: str) -> str:
    """Where a source's link leads readers: this site's page in their language, or the public
    address as written (a link that leads nowhere is reported by `check_rumours`)."""
    if not link:
        return ""
    if _WEB.match(link):
        return link
    found = resolve_link(link, doc.source.rel, views.links)
    return url_of(found, lang, here) if isinstance(found, LinkTarget) else ""
