"""The schemas of the files an editor writes: page and letter front matter, and site.yaml.

Each field's `doc` is the one place a key is explained (a test keeps every field documented).
A contact directory's schema is in `content`, with the code that reads directories.
"""

from __future__ import annotations

from dataclasses import replace

from sitegen.read.schema import NAME_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT, Field, Kind, Schema

_TRANSLATION_OF = Field(
    "translation_of",
    Kind.TEXT,
    doc="Reserved for the translation workflow: a fingerprint of the source this translation "
    "was made from, so an outdated translation can be spotted.",
)
_UNTRANSLATED = Field(
    "untranslated",
    Kind.BOOL,
    doc="Reserved for the translation workflow: true on the copy `translations new` makes, "
    "until `translations done` removes it; readers see the original meanwhile.",
)
_TRANSLATED_FROM = Field(
    "translated_from",
    Kind.TEXT,
    doc="Reserved for the translation workflow: written by `translations import`, one line per "
    "segment with the hash of the original it was translated from, so that a changed paragraph "
    "alone falls back to the original.",
    max_length=200_000,  # a line per segment of a body of up to 300,000 characters
)
_PAGE_TYPES = ("page", "advice", "statement", "alert")
_ALERT_LEVELS = ("info", "warning", "danger")
# Where a site is published: each gets its headers, redirects and cache rules in its own format.
HOSTS = ("netlify", "cloudflare", "github", "gitlab", "apache", "nginx", "usb")
PREVIEW_HOST = "preview"  # not a setting: what `sitegen serve` builds for (`sitegen.server`)

PAGE_SCHEMA = Schema(
    "page front matter",
    (
        Field(
            "title",
            Kind.TEXT,
            required=True,
            doc="The page title, shown as its heading.",
            max_length=TITLE_LIMIT,
        ),
        Field(
            "summary",
            Kind.TEXT,
            doc="One or two sentences shown in lists and link previews.",
            max_length=SUMMARY_LIMIT,
        ),
        Field("date", Kind.DATE, doc="When the page was published: 2024-03-01 or a date-time."),
        Field("updated", Kind.DATE, doc="When the page was last changed in a way readers need."),
        Field("author", Kind.TEXT, doc="Who wrote or issued the page.", max_length=NAME_LIMIT),
        Field("type", Kind.TEXT, doc="The kind of page; picks its template.", choices=_PAGE_TYPES),
        Field(
            "audience",
            Kind.TEXT_LIST,
            doc="Who the page is for, e.g. parents: ids from site.yaml's 'audiences' when it "
            "declares them. Each gets a page listing what is written for it.",
        ),
        Field(
            "tags",
            Kind.TEXT_LIST,
            doc="Topics the page is listed under: ids from site.yaml's 'tags' when it declares "
            "them. Each gets a page listing what is on it.",
        ),
        Field(
            "contacts",
            Kind.TEXT_LIST,
            doc="Ids of contact directories (content/contacts/<id>.yaml) to show on the page.",
        ),
        Field("draft", Kind.BOOL, doc="true to leave the page out of the built site."),
        Field(
            "aliases",
            Kind.TEXT_LIST,
            doc="Old addresses of a moved page, from the site's root (en/advice/old-name/): "
            "each one redirects here.",
        ),
        Field(
            "pasted",
            Kind.BOOL,
            doc="true if the text was pasted from an e-mail, a PDF or Word: it is read as its "
            "writer meant it (lists, signatures, reply headers), as letters always are.",
        ),
        Field("weight", Kind.INT, doc="Order in lists: lower numbers come first."),
        Field("starts", Kind.DATE, doc="Alerts: when the alert starts to apply."),
        Field("ends", Kind.DATE, doc="Alerts: when the alert stops applying."),
        Field("level", Kind.TEXT, doc="Alerts: how serious it is.", choices=_ALERT_LEVELS),
        Field(
            "reviewed",
            Kind.DATE,
            doc="When the page was last checked to be still right: shown as 'Page last "
            "reviewed' (statements and alerts are dated records and need none).",
        ),
        Field(
            "review_by",
            Kind.DATE,
            doc="When the page is next due a check; without it, 'reviewed' plus the site's "
            "review_every.",
        ),
        _TRANSLATION_OF,
        _TRANSLATED_FROM,
        _UNTRANSLATED,
        Field(
            "translated_by",
            Kind.TEXT,
            doc="Translations: who translated the page (a name or a group), shown on it.",
            max_length=NAME_LIMIT,
        ),
        Field(
            "translation_reviewed",
            Kind.BOOL,
            doc="Translations: true once a second fluent reader has checked the translation "
            "against the original (not 'reviewed', which is the date the content was checked).",
        ),
        Field(
            "machine_translated",
            Kind.BOOL,
            doc="Translations: true if a machine made the translation; the page then says so, "
            "clearly, and points to the original.",
        ),
        Field(
            "source_updated",
            Kind.DATE,
            doc="Reserved for the translation workflow: the source's 'updated' date when this "
            "translation was made.",
        ),
    ),
)

LETTER_SCHEMA = Schema(
    "letter front matter",
    (
        Field(
            "title", Kind.TEXT, doc="The letter's heading, if it has one.", max_length=TITLE_LIMIT
        ),
        Field(
            "from",
            Kind.TEXT,
            doc="The name of the person who signed the letter.",
            max_length=NAME_LIMIT,
        ),
        Field(
            "role", Kind.TEXT, doc="Their role, e.g. Chief Superintendent.", max_length=NAME_LIMIT
        ),
        Field(
            "organisation",
            Kind.TEXT,
            doc="Their organisation, e.g. the police or council.",
            max_length=NAME_LIMIT,
        ),
        Field("address", Kind.TEXT, doc="The sender's postal address, as it should be shown."),
        Field("to", Kind.TEXT, doc="Who the letter is addressed to.", max_length=NAME_LIMIT),
        Field("date", Kind.DATE, doc="The date on the letter."),
        _TRANSLATION_OF,
        _TRANSLATED_FROM,
        _UNTRANSLATED,
    ),
)

VERDICTS = ("false", "true", "misleading", "unconfirmed")
# What a rumour's translation must say as its original does (it may leave them out): only the
# words are translated, never the verdict, when it was checked or who confirmed it.
RUMOUR_FACTS = ("verdict", "checked", "sources")

_RUMOUR_SOURCE = (
    Field(
        "organisation",
        Kind.TEXT,
        True,
        "Who confirmed it, e.g. West Yorkshire Police.",
        max_length=NAME_LIMIT,
    ),
    Field(
        "link",
        Kind.TEXT,
        doc="Their statement or letter: a file on this site (/statements/fire/index.md) or a "
        "public address (https://...).",
    ),
)

RUMOUR_SCHEMA = Schema(
    "rumour front matter",
    (
        Field(
            "claim",
            Kind.TEXT,
            True,
            "The rumour as people are sharing it, in their words.",
            max_length=SUMMARY_LIMIT,
        ),
        Field("verdict", Kind.TEXT, True, "What the checking found.", choices=VERDICTS),
        Field(
            "checked",
            Kind.DATE,
            True,
            "When it was checked: 2026-11-20 or 2026-11-20 18:30, in the site's time zone.",
        ),
        Field(
            "sources",
            Kind.LIST_OF_MAPPINGS,
            True,
            "Who confirmed it: each with its organisation and, optionally, a link.",
            fields=_RUMOUR_SOURCE,
        ),
        Field(
            "title",
            Kind.TEXT,
            doc="The page title; the claim when absent.",
            max_length=TITLE_LIMIT,
        ),
        Field(
            "summary",
            Kind.TEXT,
            doc="The answer in one line, for lists and sharing.",
            max_length=SUMMARY_LIMIT,
        ),
        Field(
            "contacts",
            Kind.TEXT_LIST,
            doc="Ids of contact directories (content/contacts/<id>.yaml) to show on the page.",
        ),
        Field("tags", Kind.TEXT_LIST, doc="Topics the rumour is listed under."),
        Field("draft", Kind.BOOL, doc="true to leave the rumour out of the built site."),
        _TRANSLATION_OF,
        _UNTRANSLATED,
    ),
)

# A translation may leave out the facts it must not change: it takes them from the original.
RUMOUR_TRANSLATION_SCHEMA = Schema(
    "rumour translation front matter",
    tuple(
        replace(spec, required=False) if spec.name in RUMOUR_FACTS else spec
        for spec in RUMOUR_SCHEMA.fields
    ),
)

_ORGANISATION = (
    Field(
        "name",
        Kind.TEXT_OR_LANG_MAP,
        doc="The group's name: one text, or per language (default: the site's title).",
        max_length=NAME_LIMIT,
    ),
    Field(
        "description",
        Kind.TEXT_OR_LANG_MAP,
        doc="What the group is, in a sentence: one text, or per language (default: the site's "
        "description).",
        max_length=SUMMARY_LIMIT,
    ),
    Field("url", Kind.TEXT, doc="The group's own website (default: the site's home page)."),
    Field("email", Kind.TEXT, doc="The group's own e-mail address, if readers may write to it."),
    Field(
        "phone",
        Kind.TEXT,
        doc="The group's own phone number, if readers may call it.",
        check_controls=False,
    ),
)

_EMERGENCY = (
    Field(
        "number",
        Kind.TEXT,
        required=True,
        doc="The number to call in immediate danger, e.g. 999: shown at the top of every page.",
        check_controls=False,
    ),
    Field(
        "non_emergency",
        Kind.TEXT,
        doc="The police's number for when it is not an emergency, e.g. 101, shown beside it.",
        check_controls=False,
    ),
)

_ACCESSIBILITY = (
    Field(
        "contact",
        Kind.TEXT,
        required=True,
        doc="Where readers report an accessibility problem: an e-mail address or a web address.",
    ),
    Field("reviewed", Kind.DATE, doc="When the accessibility statement was last reviewed."),
)

SITE_SCHEMA = Schema(
    "site.yaml",
    (
        Field(
            "title",
            Kind.TEXT_OR_LANG_MAP,
            True,
            "The site's name: one text, or per language.",
            max_length=TITLE_LIMIT,
        ),
        Field("base_url", Kind.TEXT, True, "Where the site is published: https://example.org/."),
        Field("default_language", Kind.LANG, True, "The language pages are first written in."),
        Field("languages", Kind.LANG_LIST, True, "Every language the site offers."),
        Field("region", Kind.TEXT, True, "The country phone numbers are local to, e.g. GB."),
        Field("quick_exit_url", Kind.TEXT, doc="Where 'leave this site quickly' takes the reader."),
        Field("raw_html", Kind.BOOL, doc="true to allow raw HTML in Markdown (still sanitised)."),
        Field(
            "search",
            Kind.BOOL,
            doc="false to publish no search pages and no search index.",
        ),
        Field(
            "leaflets",
            Kind.BOOL,
            doc="false to make no printable PDF leaflets (they need the optional pdf extra).",
        ),
        Field(
            "strict",
            Kind.BOOL,
            doc="true to fail every build that has a warning, as --strict does (for CI).",
        ),
        Field(
            "remote_media",
            Kind.TEXT,
            doc="Images from other sites: drop them, or stop with an error.",
            choices=("drop", "error"),
        ),
        Field(
            "timezone",
            Kind.TEXT,
            doc="The time zone of dates and times written without one (alerts' starts and ends, "
            "feeds): an IANA name such as Europe/London (the default) or Asia/Karachi.",
        ),
        Field(
            "review_every",
            Kind.TEXT,
            doc="How often reviewed pages and directories are due a check, e.g. '6 months' (the "
            "default), '1 year' or '8 weeks'.",
        ),
        Field(
            "description",
            Kind.TEXT_OR_LANG_MAP,
            doc="The site in a sentence, or per language.",
            max_length=SUMMARY_LIMIT,
        ),
        Field(
            "host",
            Kind.TEXT,
            doc="Where the site is published, so the build writes what that host needs "
            "(security headers, redirects, cache rules; see docs/publishing.md): "
            + ", ".join(HOSTS)
            + ".",
            choices=HOSTS,
        ),
        Field(
            "audiences",
            Kind.LABELS,
            doc="Who pages may be for (their 'audience:'): each id with its label, one text or "
            "per language. Without it, any words may be written there.",
        ),
        Field(
            "tags",
            Kind.LABELS,
            doc="The topics pages may be tagged with (their 'tags:'): each id with its label, "
            "one text or per language. Without it, any words may be written there.",
        ),
        Field(
            "organisation",
            Kind.MAPPING,
            doc="Who publishes the site, named as the author and publisher in its structured "
            "data (schema.org JSON-LD) and feeds: its own name, description, website, e-mail "
            "and phone only, never the services in the contact directories.",
            fields=_ORGANISATION,
        ),
        Field(
            "accessibility",
            Kind.MAPPING,
            doc="The accessibility statement every language gets: who to contact, and when it "
            "was last reviewed.",
            fields=_ACCESSIBILITY,
        ),
        Field(
            "emergency",
            Kind.MAPPING,
            doc="The emergency strip on every page: the numbers to call (checked against the "
            "contact directories).",
            fields=_EMERGENCY,
        ),
    ),
)
