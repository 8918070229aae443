"""Lists of pages: the order every list shows pages in, and a section's list of its children.

Dated pages (statements, alerts) come newest first, others by their `weight`, then title. The
menu (`navigation`) and the alert banners (`alerts`) are ordered the same way.
"""

from __future__ import annotations

import datetime as dt

from sitegen.content.doc import Doc
from sitegen.i18n.languages import iso_date
from sitegen.render.alerttimes import has_ended, local_value
from sitegen.render.context import ChildView
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.model import Page
from sitegen.site.routing import page_link

DATED_TYPES = ("statement", "alert", "rumour")
UNWEIGHTED = 10**9


def children(views: ViewFacts, page: Page, lang: str, here: str) -> tuple[ChildView, ...]:
    kids = [views.site.pages[key] for key in page.children]
    shown = []
    for kid in sorted_pages(views, kids):
        doc, _ = kid.doc_for(lang, views.default)
        title_lang = views.title_lang(kid, lang)
        shown.append(
            ChildView(
                title=views.title(kid, lang),
                summary=doc.text("summary") if doc else "",
                url=page_link(here, kid.key, lang),
                type=kid.type,
                date=views.format_date(doc.date("date"), lang) if doc else "",
                date_iso=iso_date(doc.date("date")) if doc else "",
                lang=title_lang,
                dir=views.languages[title_lang].dir,
                verdict=doc.text("verdict") if doc and kid.type == "rumour" else "",
                **_ended(views, kid, lang),
            )
        )
    return tuple(shown)


def _ended(views: ViewFacts, page: Page, lang: str) -> dict[str, str]:
    """An alert past its end stays listed, marked with the day it ended."""
    doc = page.variants.get(views.default)
    ends = doc.date("ends") if doc is not None and page.type == "alert" else None
    zone = views.site.config.zone
    if ends is None or not has_ended(ends, views.site.now, zone):
        return {}
    shown = local_value(ends, zone, end=True)
    return {"ended": views.format_date(shown, lang), "ended_iso": iso_date(shown)}


def sorted_pages(views: ViewFacts, pages: list[Page]) -> list[Page]:
    """Order pages for lists: dated ones (statements, alerts) newest first, others by weight."""
    key = tuple(page.key for page in pages)
    ordered = views.memo.order.get(key)
    if ordered is None:
        ordered = views.memo.order[key] = _sorted_pages(views, pages)
    return list(ordered)


def _sorted_pages(views: ViewFacts, pages: list[Page]) -> list[Page]:
    def default_doc(page: Page) -> Doc | None:
        return page.variants.get(views.default)

    def weight(page: Page) -> tuple[int, str, str]:
        doc = default_doc(page)
        value = doc.meta.get("weight") if doc else None
        return (
            UNWEIGHTED if value is None else int(value),
            views.title(page, views.default).casefold(),
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


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
