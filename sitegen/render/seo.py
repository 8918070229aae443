"""Being found: `sitemap.xml` with each page's real translations, and `robots.txt`.

The structured data (schema.org JSON-LD) pages carry is made in `sitegen.render.jsonld`.
"""

from __future__ import annotations

import datetime as dt

from sitegen.incremental.cache import fingerprint
from sitegen.output.files import OutputFile, PreviousOutput
from sitegen.read.config import SiteConfig
from sitegen.site.model import Page, Site
from sitegen.site.routing import ROBOTS_PATH, SITEMAP_PATH, absolute_page_url, absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def render_seo(
    site: Site, site_key: str = "", previous: PreviousOutput | None = None
) -> list[OutputFile]:
    """Return `sitemap.xml` and `robots.txt`.

    The sitemap shows only what the site fingerprint covers (`site_key`, see sitegen.render.depends:
    which pages exist in which languages, their dates, the settings), so with one a sitemap made
    from the same key as the one the previous build wrote is kept as it is.
    """
    key = fingerprint("sitemap", site_key) if site_key else ""
    kept = previous.kept(SITEMAP_PATH, key, None) if previous is not None else None
    return [
        kept or OutputFile(SITEMAP_PATH, sitemap_xml(site), None, key),
        OutputFile(ROBOTS_PATH, robots_txt(site.config), None),
    ]


def sitemap_xml(site: Site) -> bytes:
    """List every page in each language it is really translated into, with its alternates."""
    # Imported here: xml.sax.saxutils imports urllib.request (http, ssl, email: 18 ms), and a
    # rebuild that keeps the sitemap has no need of it.
    from xml.sax.saxutils import escape, quoteattr

    config = site.config
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for key in sorted(site.pages):
        page = site.pages[key]
        translations = real_translations(page, config)
        alternates = [
            (code, absolute_page_url(config.base_url, key, code)) for code in translations
        ]
        alternates.append(
            ("x-default", absolute_page_url(config.base_url, key, config.default_language))
        )
        links = [  # the same in each language's entry
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(href)}/>'
            for code, href in alternates
        ]
        for code in translations:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(absolute_page_url(config.base_url, key, code))}</loc>")
            lastmod = _lastmod(page, code, config.zone)
            if lastmod:
                lines.append(f"    <lastmod>{lastmod}</lastmod>")
            lines += links
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def real_translations(page: Page, config: SiteConfig) -> list[str]:
    """Return the languages a page is really written in (not shown as a fallback), leaving out
    drafts (which are built only with --drafts, and never listed)."""
    default = config.default_language
    return [
        code
        for code in config.languages
        if page.translated_into(code, default) and not page.is_draft_in(code, default)
    ]


def _lastmod(page: Page, lang: str, zone: dt.tzinfo) -> str:
    """A page's last change; a time needs its offset in a sitemap (a rumour's time checked is
    often written without one: it is in the site's time zone)."""
    doc = page.variants.get(lang)
    if doc is None:
        return ""
    changed = doc.date("updated") or doc.date("date")
    if isinstance(changed, dt.datetime) and changed.tzinfo is None:
        changed = changed.replace(tzinfo=zone)
    return changed.isoformat() if changed else ""


def robots_txt(config: SiteConfig) -> bytes:
    """Allow every crawler and point it at the sitemap."""
    sitemap = absolute_url(config.base_url, SITEMAP_PATH)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
