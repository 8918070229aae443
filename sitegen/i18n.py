"""Everything about languages, from Babel: names, direction, dates and the theme's catalogs.

This is the only module that talks to Babel. Catalogs are read from `.po` files at build time
(no compiled `.mo` to keep up to date); a site's own catalog overrides the theme's message by
message. Translations reach templates only as escaped text (see `gettext_callables`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations
from markupsafe import Markup, escape

from sitegen.context import LanguageView
from sitegen.errors import Problems, SiteError, SourceRef

CATALOG_NAME = "messages.po"


def parse_locale(code: str) -> Locale:
    """Return Babel's locale for a language code such as `ur` or `pt-BR`."""
    return Locale.parse(code.replace("-", "_"))


def is_known_language(code: str) -> bool:
    """Tell whether Babel's CLDR data knows this language code."""
    try:
        parse_locale(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def language_view(code: str) -> LanguageView:
    """Describe a language by its own name (autonym), English name and text direction."""
    locale = parse_locale(code)
    autonym = locale.get_display_name(locale) or code
    return LanguageView(
        code=code,
        name=autonym[:1].upper() + autonym[1:],
        english_name=locale.get_display_name("en") or code,
        dir=locale.text_direction,
    )


def date_locale(code: str, region: str) -> Locale:
    """Return the locale for dates: the language as used in the site's region when CLDR has it.

    English in Great Britain writes "2 October 2026", not the American "October 2, 2026".
    """
    if region:
        try:
            return Locale.parse(f"{code.replace('-', '_')}_{region}")
        except (UnknownLocaleError, ValueError):
            pass
    return parse_locale(code)


def format_date(value: dt.date | None, code: str, region: str = "") -> str:
    """Format a date the way readers of this language write it (long form); "" for none."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return babel_format_date(day, format="long", locale=date_locale(code, region))


def iso_date(value: dt.date | None) -> str:
    """Return the value for a `<time datetime>` attribute; "" for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value.isoformat()


@dataclass(frozen=True)
class CatalogSource:
    """A `.po` file on disk and how to name it in messages."""

    path: Path
    ref_path: str


def catalog_sources(lang: str, dirs: list[tuple[Path, str]]) -> list[CatalogSource]:
    """List the catalogs for a language, lowest priority first (theme, then site)."""
    found: list[CatalogSource] = []
    seen: set[Path] = set()
    for directory, label in dirs:
        path = directory / lang / "LC_MESSAGES" / CATALOG_NAME
        if path.is_file() and path.resolve() not in seen:
            seen.add(path.resolve())
            found.append(CatalogSource(path, f"{label}/{lang}/LC_MESSAGES/{CATALOG_NAME}"))
    return found


def read_catalog(source: CatalogSource, lang: str) -> Catalog:
    """Read one `.po` file whole, or stop with the file and line of its first fault."""
    data = source.path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SiteError.at(
            SourceRef(source.ref_path, line),
            f"not valid UTF-8 at byte {exc.start}: save the catalog as UTF-8",
        ) from None
    try:
        return read_po(io.BytesIO(data), locale=lang, abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        po_line: int | None = getattr(exc, "lineno", None)
        raise SiteError.at(
            SourceRef(source.ref_path, po_line), f"cannot read catalog: {exc}"
        ) from None


def check_catalog(catalog: Catalog, ref_path: str, problems: Problems) -> None:
    """Report translations whose placeholders differ from their source."""
    for message, errors in catalog.check():
        for error in errors:
            line = message.lineno if message.lineno else None
            problems.error(SourceRef(ref_path, line), f"translation of {message.id!r}: {error}")


def merged_translations(
    sources: list[CatalogSource], lang: str, problems: Problems
) -> Translations:
    """Merge catalogs (later ones win, message by message) into gettext translations."""
    merged: Catalog | None = None
    for source in sources:
        catalog = read_catalog(source, lang)
        check_catalog(catalog, source.ref_path, problems)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                _override(merged, message)
    if merged is None:
        return Translations()
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def _override(catalog: Catalog, message: Message) -> None:
    """Put a site's translation over the theme's (Catalog.__setitem__ keeps the old string)."""
    current = catalog.get(message.id, message.context)
    if current is None:
        catalog[message.id] = message
        return
    current.string = message.string
    current.flags.discard("fuzzy")


def gettext_callables(translations: Translations) -> dict[str, Callable[..., Any]]:
    """Wrap gettext so every translation reaches a template as escaped text, never markup.

    Jinja's newstyle gettext marks a translation safe under autoescape; returning it already
    escaped (as `Markup`) keeps a hostile `.po` file from injecting HTML.
    """

    def gettext(message: str) -> Markup:
        return escape(translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return escape(translations.ngettext(singular, plural, n))

    def pgettext(context: str, message: str) -> Markup:
        return escape(translations.pgettext(context, message))

    def npgettext(context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(translations.npgettext(context, singular, plural, n))

    return {
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }
