"""Structured data for search engines and link previews: schema.org JSON-LD, per language.

The home page of each language describes the organisation that publishes the site (the
`organisation:` setting, see `sitegen.read.organisation`): its name and description in that
language, its website, and only its own e-mail and phone. A statement is a `NewsArticle` in the
language it is shown in: headline, description, dates, the organisation as author and
publisher, and each letter as a `Message` from its sender. What it says comes from the page's
own documents and the settings, so a page's cache key already covers it.
"""

from __future__ import annotations

import json
from typing import Any

from sitegen.content.doc import Doc
from sitegen.i18n.languages import iso_date
from sitegen.read.config import SiteConfig
from sitegen.site.model import Letter, Page, Site
from sitegen.site.routing import absolute_page_url

SCHEMA_ORG = "https://schema.org"

# Characters that could end a <script> element or start markup, as JSON escapes.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def page_json_ld(site: Site, page: Page, lang: str) -> str:
    """Return the JSON-LD a page carries for `lang` readers ("" for none), safe in `<script>`."""
    if page.type == "home":
        data = organisation_data(site.config, lang)
    elif page.type == "statement" and page.variants:
        data = news_article(site.config, page, lang)
    else:
        return ""
    return script_safe_json({"@context": SCHEMA_ORG, **data})


def organisation_data(config: SiteConfig, lang: str) -> dict[str, Any]:
    """Describe the publishing organisation in a language, by its own details only."""
    organisation = config.organisation
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": config.publisher_name(lang),
        "url": organisation.url or absolute_page_url(config.base_url, "", lang),
    }
    description = config.publisher_description(lang)
    if description:
        data["description"] = description
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone is not None:
        data["telephone"] = organisation.phone.tel.removeprefix("tel:")
    return data


def news_article(config: SiteConfig, page: Page, lang: str) -> dict[str, Any]:
    """Describe a statement as a NewsArticle in the language it is shown in to `lang` readers."""
    default = config.default_language
    doc = page.variants.get(lang) or page.variants[default]
    original = page.variants[default]
    url = absolute_page_url(config.base_url, page.key, doc.lang)
    publisher = organisation_data(config, doc.lang)
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": doc.text("title"),
        "inLanguage": doc.lang,
        "url": url,
    }
    if doc.text("summary"):
        data["description"] = doc.text("summary")
    published = doc.date("date") or original.date("date")
    if published is not None:
        data["datePublished"] = iso_date(published)
    if doc.date("updated") is not None:
        data["dateModified"] = iso_date(doc.date("updated"))
    data["author"] = publisher
    data["publisher"] = publisher
    letters = [letter_message(letter, lang, default, url) for letter in page.letters]
    if letters:
        data["hasPart"] = letters
    return data


def letter_message(letter: Letter, lang: str, default: str, page_url: str) -> dict[str, Any]:
    """Describe one letter as a schema.org Message: who sent it, to whom, when, in what language."""
    doc = letter.variants.get(lang) or letter.variants[default]
    data: dict[str, Any] = {
        "@type": "Message",
        "url": f"{page_url}#{letter.anchor}",
        "inLanguage": doc.lang,
    }
    sender = _sender(doc)
    if sender:
        data["sender"] = sender
    if doc.text("to"):
        data["recipient"] = {"@type": "Audience", "audienceType": doc.text("to")}
    if doc.date("date") is not None:
        data["dateSent"] = iso_date(doc.date("date"))
    return data


def _sender(doc: Doc) -> dict[str, Any]:
    """The person who signed a letter (with their role and organisation), or their organisation."""
    organisation = {"@type": "Organization", "name": doc.text("organisation")}
    if not doc.text("from"):
        return organisation if doc.text("organisation") else {}
    person: dict[str, Any] = {"@type": "Person", "name": doc.text("from")}
    if doc.text("role"):
        person["jobTitle"] = doc.text("role")
    if doc.text("organisation"):
        person["worksFor"] = organisation
    return person


def script_safe_json(data: object) -> str:
    """Serialise JSON so that it cannot close or open markup inside an HTML `<script>`."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return "".join(_SCRIPT_SAFE.get(char, char) for char in text)


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
    publisher = organisation_data(config, lang)
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "inLanguage": lang,
        "claimReviewed": claim,
        "datePublished": checked,
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
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
