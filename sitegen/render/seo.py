"""Being found: `sitemap.xml` with each page's real translations, `robots.txt`, and the
organisation as schema.org JSON-LD.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sitegen.content.contacts import Directory
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.incremental.cache import fingerprint
from sitegen.output.files import OutputFile, PreviousOutput
from sitegen.read.config import CONFIG_NAME, SiteConfig
from sitegen.site.model import Page, Site
from sitegen.site.routing import ROBOTS_PATH, SITEMAP_PATH, absolute_page_url, absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Characters that could end a <script> element or start markup, as JSON escapes.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


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


# A verdict as a number on a scale of 1 (false) to 5 (true), as fact-checkers' ClaimReviews have
# it; the words (`alternateName`) are what readers are told.
VERDICT_RATINGS = {"false": 1, "misleading": 2, "unconfirmed": 3, "true": 5}
WORST_RATING, BEST_RATING = 1, 5


def claim_review_json_ld(
    config: SiteConfig,
    verdict_words: str,
    *,
    url: str,
    lang: str,
    claim: str,
    verdict: str,
    checked: str,
) -> str:
    """Return a rumour's schema.org ClaimReview as JSON-LD, safe inside `<script>`."""
    name, site_url = organisation_identity(config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "inLanguage": lang,
        "claimReviewed": claim,
        "datePublished": checked,
        "author": {"@type": "Organization", "name": name, "url": site_url},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATINGS[verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict_words,
        },
        "itemReviewed": {"@type": "Claim", "name": claim},
    }
    return script_safe_json(data)


def organisation_identity(config: SiteConfig) -> tuple[str, str]:
    """Return who publishes the site: its organisation's name and address (else the site's)."""
    organisation = config.organisation
    name = organisation.get("name") if organisation is not None else None
    url = organisation.get("url") if organisation is not None else None
    return str(name or config.title_for(config.default_language)), str(url or config.base_url)


def organisation_json_ld(
    config: SiteConfig, directories: dict[str, Directory], problems: Problems
) -> str:
    """Return the organisation and its contact points as JSON-LD, safe inside `<script>`."""
    organisation = config.organisation
    if organisation is None:
        return ""
    name, url = organisation_identity(config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": name,
        "url": url,
    }
    if organisation.get("email"):
        data["email"] = str(organisation.get("email"))
    if organisation.get("phone"):
        ref = SourceRef(CONFIG_NAME, organisation.lines.get("phone", organisation.line))
        try:
            phone = parse_phone(str(organisation.get("phone")), config.region, ref)
        except SiteError as exc:
            problems.extend(exc.problems)
        else:
            data["telephone"] = dialled(phone)
    points = contact_points(directories)
    if points:
        data["contactPoint"] = points
    return script_safe_json(data)


def contact_points(directories: dict[str, Directory]) -> list[dict[str, str]]:
    """Return a schema.org ContactPoint for every directory entry with a phone number."""
    points = []
    for directory_id in sorted(directories):
        for entry in directories[directory_id].entries:
            if entry.phone is None:
                continue
            point = {"@type": "ContactPoint", "name": entry.name, "telephone": dialled(entry.phone)}
            if entry.when:
                point["contactType"] = entry.when
            points.append(point)
    return points


def dialled(phone: Phone) -> str:
    """Return what is dialled: E.164 (`+44800789321`), or a short code as is (`999`)."""
    return phone.tel.removeprefix("tel:")


def script_safe_json(data: object) -> str:
    """Serialise JSON so that it cannot close or open markup inside an HTML `<script>`."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return "".join(_SCRIPT_SAFE.get(char, char) for char in text)
