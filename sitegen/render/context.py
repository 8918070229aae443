"""The typed values templates see: everything a theme may use, and nothing else.

All text here is plain `str` (Jinja escapes it); only the `html` fields are `Markup`, and they
hold sanitised output of the Markdown stage. URLs are relative to the page being rendered, so the
site works from any sub-path and from disk; `absolute_*` fields use `base_url` for feeds,
canonical links and `hreflang`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from sitegen.i18n.languages import LanguageView
from sitegen.i18n.phones import Phone


@dataclass(frozen=True)
class AlternateView:
    """One entry of the language switcher: this page in another language."""

    language: LanguageView
    url: str
    translated: bool  # False: this language shows the default-language text (fallback)
    current: bool


@dataclass(frozen=True)
class HreflangView:
    """A `<link rel="alternate" hreflang>` of a real translation (or x-default)."""

    hreflang: str
    absolute_url: str


@dataclass(frozen=True)
class NavItem:
    """A link in the site menu or in a section's list."""

    title: str
    url: str
    lang: str  # language of the title text
    dir: str
    current: bool = False


@dataclass(frozen=True)
class PhoneView:
    """A phone number: what is shown and what is dialled come from one parsed value."""

    display: str  # national format, e.g. "0800 789 321"; short codes as written, e.g. "999"
    tel: str  # e.g. "tel:+44800789321" or "tel:999": ASCII digits and '+' only


def phone_view(phone: Phone | None) -> PhoneView | None:
    """Return what a template shows of a checked number (None stays None)."""
    return PhoneView(phone.display, phone.tel) if phone else None


@dataclass(frozen=True)
class ContactEntryView:
    """One service in a contact directory."""

    id: str
    anchor: str  # element id for a permalink
    name: str
    when: str
    hours: str
    address: str
    phone: PhoneView | None
    url: str  # "" when absent
    url_display: str
    email: str
    lang: str  # language of the words (differs from the page when they fell back)
    dir: str


@dataclass(frozen=True)
class DirectoryView:
    """A contact directory, on its own page or shown inside another page."""

    id: str
    title: str
    intro: str
    entries: tuple[ContactEntryView, ...]
    url: str  # relative link to the directory's own page
    lang: str
    dir: str
    checked: str = ""  # `reviewed:`, formatted: "Numbers checked on ..."; "" when not given
    checked_iso: str = ""


@dataclass(frozen=True)
class LetterView:
    """One letter of a statement's correspondence."""

    anchor: str  # element id, e.g. "01-chief-constable"
    number: int  # its place in the statement, from 1
    sender: str  # front matter `from`; "" when the letter does not say
    title: str  # front matter `title`; "" when absent
    role: str
    organisation: str
    address: str
    to: str
    date: str  # formatted by Babel in the page's language; "" when absent
    date_iso: str
    html: Markup
    lang: str
    dir: str
    is_fallback: bool
    is_outdated: bool  # a translation made from an older version of the original letter
    blocks_behind: int = 0  # blocks shown in the original's words (site.segmentfresh)
    blocks_total: int = 0


@dataclass(frozen=True)
class AlertView:
    """A live alert, shown as a banner on every page."""

    title: str
    summary: str
    level: str  # "info", "warning" or "danger"
    url: str
    lang: str
    dir: str
    fill_html: Callable[[], Markup] = field(repr=False, compare=False)
    starts: str = ""  # formatted in the reader's language, in the site's time zone; "" if none
    starts_iso: str = ""
    ends: str = ""
    ends_iso: str = ""
    ends_at: str = ""  # the end as a UTC instant: the browser hides the banner once it passes

    @cached_property
    def html(self) -> Markup:
        """The alert's text, its links relative to this page (filled in only if shown)."""
        return self.fill_html()


@dataclass(frozen=True)
class ChildView:
    """A page listed by a section."""

    title: str
    summary: str
    url: str
    type: str
    date: str
    date_iso: str
    lang: str
    dir: str
    ended: str = ""  # an alert whose end has passed: the end date, formatted; "" otherwise
    ended_iso: str = ""
    verdict: str = ""  # a rumour's verdict ("false", ...); "" for other pages


@dataclass(frozen=True)
class RumourSourceView:
    """Who confirmed a rumour's verdict, with a link to what they said when there is one."""

    organisation: str
    url: str  # relative for a page of this site, the public address as written, or ""
    lang: str
    dir: str


@dataclass(frozen=True)
class RumourView:
    """A checked rumour: what people share, the verdict, who confirmed it, and when."""

    claim: str
    verdict: str  # "false", "true", "misleading" or "unconfirmed": the theme says it in words
    checked: str  # when it was checked, written by Babel in the reader's language
    checked_iso: str
    answer: str  # the answer in one line: the summary, else the text's first paragraph
    sources: tuple[RumourSourceView, ...]
    lang: str  # language of the words (the original's on a fallback)
    dir: str
    make_json_ld: Callable[[str], str] = field(repr=False, compare=False)

    def json_ld(self, verdict_words: str) -> str:
        """The ClaimReview as JSON-LD, safe inside `<script>`, its rating named in the
        theme's words for the verdict (only the theme's catalog knows them)."""
        return self.make_json_ld(Markup(verdict_words).striptags())


@dataclass(frozen=True)
class RumourItemView:
    """A rumour in a list (the home page's latest): its claim, verdict and date checked."""

    claim: str
    verdict: str
    checked: str
    checked_iso: str
    url: str
    lang: str
    dir: str


@dataclass(frozen=True)
class TopicLinkView:
    """A link from a page to the page of one of its audiences or tags."""

    label: str
    url: str
    lang: str  # language of the label (the default language where it is not translated)
    dir: str


@dataclass(frozen=True)
class PageView:
    """The page being rendered, in the reader's language (or its fallback)."""

    key: str  # "" for home, "advice/staying-safe", "contacts/reporting", ...
    kind: str  # "page", "section" or "directory"
    type: str  # "page", "advice", "statement", "alert", "section", "directory", "home"
    title: str
    summary: str
    html: Markup
    lang: str  # language of the content (the default language on a fallback)
    dir: str
    is_fallback: bool
    is_outdated: bool  # a translation made from an older version of the original
    is_draft: bool  # `draft: true`: built only with --drafts, marked as a draft on the page
    original_updated: str  # when the original changed (formatted), for the outdated notice
    original_updated_iso: str
    absolute_url: str  # this page's public address in the reader's language
    leaflet_url: str  # relative link to this page's printable PDF leaflet; "" when none
    date: str
    date_iso: str
    updated: str
    updated_iso: str
    author: str
    tags: tuple[TopicLinkView, ...]  # links to the pages of the topics it is tagged with
    audience: tuple[TopicLinkView, ...]  # links to the pages of who it is written for
    letters: tuple[LetterView, ...]
    directories: tuple[DirectoryView, ...]
    children: tuple[ChildView, ...]
    directory: DirectoryView | None  # set on a directory's own page
    blocks_behind: int = 0  # blocks of a translation shown in the original's words
    blocks_total: int = 0  # blocks of the page (for "2 of 14 paragraphs ...")
    rumour: RumourView | None = None  # set on a checked rumour's page
    rumours: tuple[RumourItemView, ...] = ()  # the home page: the latest checked rumours
    reviewed: str = ""  # "Page last reviewed", formatted in the reader's language; "" if none
    reviewed_iso: str = ""
    review_due: str = ""  # "Next review due"
    review_due_iso: str = ""
    provenance: Provenance | None = None  # a translation that says who made it and how


@dataclass(frozen=True)
class Provenance:
    """Where a translation comes from: shown on it, with a link to the authoritative original."""

    translated_by: str
    reviewed: bool  # `translation_reviewed: true`
    machine: bool  # `machine_translated: true`: a clear notice, never shown as reviewed
    original_url: str  # relative link to the original
    original_lang: LanguageView


@dataclass(frozen=True)
class PageContext:
    """Everything one template render sees (besides `_`, `ngettext`, `pgettext`)."""

    site_title: str
    lang: LanguageView  # the reader's language: `<html lang dir>`
    page: PageView
    alternates: tuple[AlternateView, ...]
    hreflangs: tuple[HreflangView, ...]
    canonical_url: str  # absolute; on a fallback, the original's URL
    nav: tuple[NavItem, ...]
    alerts: tuple[AlertView, ...]
    root: str  # relative path from this page to the output root, e.g. "../../"
    home_url: str  # relative link to this language's home page
    quick_exit_url: str  # absolute URL of the "leave this site quickly" destination
    languages: tuple[LanguageView, ...]  # all site languages, default first
    default_language: LanguageView
    default_language_name: str  # the default language's name in the reader's language (CLDR)
    description: str  # the site's description in the reader's language
    feed_url: str  # relative link to this language's Atom feed
    search_url: str  # relative link to this language's search page; "" when search is off
    json_ld: str  # schema.org JSON-LD (render.jsonld), safe inside <script>; "" for none
    emergency: PhoneView | None = None  # the strip's "Call 999", from site.yaml `emergency:`
    non_emergency: PhoneView | None = None  # the strip's "Not an emergency? Call 101"
    has_accessibility_statement: bool = False  # site.yaml `accessibility:`: the footer links it


@dataclass(frozen=True)
class ChooserEntry:
    """One language on the root language chooser (and on the 404 page)."""

    language: LanguageView
    url: str
    site_title: str


@dataclass(frozen=True)
class ChooserContext:
    """What `chooser.html` and `404.html` see."""

    entries: tuple[ChooserEntry, ...]
    root: str  # prefix for assets: "" on the chooser, the base URL's path on the 404 page
    lang: LanguageView  # the default language
    site_title: str
    quick_exit_url: str
    languages: tuple[LanguageView, ...]
    emergency: PhoneView | None = None
    non_emergency: PhoneView | None = None
    has_accessibility_statement: bool = False
