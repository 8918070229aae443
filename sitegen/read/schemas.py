"""The schemas of the files an editor writes: page and letter front matter, and site.yaml.

Each field's `doc` is the one place a key is explained (a test keeps every field documented).
A contact directory's schema is in `content`, with the code that reads directories.
"""

from __future__ import annotations

from sitegen.read.schema import Field, Kind, Schema

_TRANSLATION_OF = Field(
    "translation_of",
    Kind.TEXT,
    doc="Reserved for the translation workflow: a fingerprint of the source this translation "
    "was made from, so an outdated translation can be spotted.",
)
_PAGE_TYPES = ("page", "advice", "statement", "alert")
_ALERT_LEVELS = ("info", "warning", "danger")

PAGE_SCHEMA = Schema(
    "page front matter",
    (
        Field("title", Kind.TEXT, required=True, doc="The page title, shown as its heading."),
        Field("summary", Kind.TEXT, doc="One or two sentences shown in lists and link previews."),
        Field("date", Kind.DATE, doc="When the page was published: 2024-03-01 or a date-time."),
        Field("updated", Kind.DATE, doc="When the page was last changed in a way readers need."),
        Field("author", Kind.TEXT, doc="Who wrote or issued the page."),
        Field("type", Kind.TEXT, doc="The kind of page; picks its template.", choices=_PAGE_TYPES),
        Field("audience", Kind.TEXT_LIST, doc="Who the page is for, e.g. parents, shopkeepers."),
        Field("tags", Kind.TEXT_LIST, doc="Topics the page is listed under."),
        Field(
            "contacts",
            Kind.TEXT_LIST,
            doc="Ids of contact directories (content/contacts/<id>.yaml) to show on the page.",
        ),
        Field("draft", Kind.BOOL, doc="true to leave the page out of the built site."),
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
        Field(
            "translated_by",
            Kind.TEXT,
            doc="Translations: who translated the page (a name or a group), shown on it.",
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
        Field("title", Kind.TEXT, doc="The letter's heading, if it has one."),
        Field("from", Kind.TEXT, doc="The name of the person who signed the letter."),
        Field("role", Kind.TEXT, doc="Their role, e.g. Chief Superintendent."),
        Field("organisation", Kind.TEXT, doc="Their organisation, e.g. the police or council."),
        Field("address", Kind.TEXT, doc="The sender's postal address, as it should be shown."),
        Field("to", Kind.TEXT, doc="Who the letter is addressed to."),
        Field("date", Kind.DATE, doc="The date on the letter."),
        _TRANSLATION_OF,
    ),
)

_ORGANISATION = (
    Field("name", Kind.TEXT, doc="The group's name."),
    Field("url", Kind.TEXT, doc="The group's own website."),
    Field("email", Kind.TEXT, doc="An email address readers may write to."),
    Field("phone", Kind.TEXT, doc="A phone number readers may call."),
)

_EMERGENCY = (
    Field(
        "number",
        Kind.TEXT,
        required=True,
        doc="The number to call in immediate danger, e.g. 999: shown at the top of every page.",
    ),
    Field(
        "non_emergency",
        Kind.TEXT,
        doc="The police's number for when it is not an emergency, e.g. 101, shown beside it.",
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
        Field("title", Kind.TEXT_OR_LANG_MAP, True, "The site's name: one text, or per language."),
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
        Field("description", Kind.TEXT_OR_LANG_MAP, doc="The site in a sentence, or per language."),
        Field("organisation", Kind.MAPPING, doc="Who publishes the site.", fields=_ORGANISATION),
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
