"""Alerts: which are live at the build's clock, the banner of each on every page, and the span
of clock times in which that stays so.

Which alerts are live is all a build makes that depends on when it runs, so the same dates
decide the banners here, the feed's entries (`feeds`) and how long a build's output stays up to
date (`live_span`, recorded by the build for sitegen.uptodate).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from sitegen.content.doc import Doc
from sitegen.i18n.languages import format_moment, iso_date
from sitegen.render.alerttimes import alert_moment, instant, is_live, local_value
from sitegen.render.bodylinks import body_html
from sitegen.render.context import AlertView
from sitegen.render.pagelists import sorted_pages
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.model import Page, Site
from sitegen.site.routing import page_link
from sitegen.site.rumours import recheck_due


def alerts(views: ViewFacts, lang: str, here: str) -> tuple[AlertView, ...]:
    shown = []
    for page in live_alerts(views):
        doc, _ = page.doc_for(lang, views.default)
        if doc is None:
            continue
        shown.append(
            AlertView(
                title=doc.text("title"),
                summary=doc.text("summary"),
                level=doc.text("level") or "warning",
                url=page_link(here, page.key, lang),
                lang=doc.lang,
                dir=views.languages[doc.lang].dir,
                fill_html=partial(body_html, views, doc, lang, here),
                **_alert_dates(views, page.variants[views.default], lang),
            )
        )
    return tuple(shown)


def _alert_dates(views: ViewFacts, doc: Doc, lang: str) -> dict[str, str]:
    """The banner's start and end (the original's dates decide, as for `is_live`)."""
    found: dict[str, str] = {}
    for name in ("starts", "ends"):
        value = doc.date(name)
        if value is None:
            continue
        shown = local_value(value, views.site.config.zone, end=name == "ends")
        found[name] = format_moment(shown, lang, views.site.config.region)
        found[f"{name}_iso"] = iso_date(shown)
        if name == "ends":
            found["ends_at"] = instant(value, views.site.config.zone, end=True)
    return found


def live_alerts(views: ViewFacts) -> list[Page]:
    """Return the alerts live at the build's clock, newest first."""
    if views.memo.live is None:
        views.memo.live = _live_alerts(views)
    return list(views.memo.live)


def _live_alerts(views: ViewFacts) -> list[Page]:
    live = []
    zone = views.site.config.zone
    for page in views.site.pages.values():
        doc = page.variants.get(views.default)
        if page.type != "alert" or doc is None:
            continue
        if is_live(doc.date("starts"), doc.date("ends"), views.site.now, zone):
            live.append(page)
    return sorted_pages(views, live)


def live_span(site: Site) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the span of clock times around the build's in which every alert is live, or not,
    as it is at the build's clock (None: no end on that side).

    Which alerts are live (and which unconfirmed rumours are due to be checked again, which
    `check` warns about) is all a build makes that depends on when it runs: a build at any
    time in this span makes the same output (see sitegen.uptodate). Every language's dates are
    counted, more than `is_live` reads, never fewer.
    """
    zone = site.config.zone
    moments = [
        alert_moment(value, zone, end=name == "ends")
        for page in site.pages.values()
        if page.type == "alert"
        for doc in page.variants.values()
        for name in ("starts", "ends")
        if (value := doc.date(name)) is not None
    ]
    # An unconfirmed rumour is warned about once a week has passed since it was checked.
    moments += [
        due
        for page in site.pages.values()
        if page.type == "rumour"
        for doc in page.variants.values()
        if (due := recheck_due(doc, zone)) is not None
    ]
    earlier = [moment for moment in moments if moment <= site.now]
    later = [moment for moment in moments if moment > site.now]
    return max(earlier, default=None), min(later, default=None)
