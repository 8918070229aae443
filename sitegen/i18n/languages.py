"""Languages as CLDR (through Babel) knows them: codes, names, text direction and dates.

Only this package talks to Babel. Everything here is a pure function of a language code (and a
region), cached for the process.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as babel_format_date
from babel.dates import format_time, get_datetime_format
from babel.dates import format_time as babel_format_time


@dataclass(frozen=True)
class LanguageView:
    """A language as readers see it: its code, its name in its own script, its direction."""

    code: str
    name: str  # autonym from CLDR, e.g. "اردو"
    english_name: str
    dir: str  # "ltr" or "rtl"


@functools.lru_cache(maxsize=256)
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


@functools.lru_cache(maxsize=256)
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


@functools.lru_cache(maxsize=1024)
def language_name_in(code: str, reader: str) -> str:
    """Return a language's name as readers of `reader` write it (CLDR).

    >>> language_name_in("en", "ur"), language_name_in("en", "pl")
    ('انگریزی', 'angielski')
    """
    name = parse_locale(code).get_display_name(parse_locale(reader))
    return name or language_view(code).name


@functools.lru_cache(maxsize=256)
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


def format_moment(value: dt.date, code: str, region: str = "") -> str:
    """Format a date, or a date and time of day, the way readers of this language write them.

    A time is shown as it is on the clock where it was written (convert it to the site's time
    zone first); CLDR's pattern says how a date and a time are joined in each language.
    """
    if not isinstance(value, dt.datetime):
        return format_date(value, code, region)
    locale = date_locale(code, region)
    date_text = babel_format_date(value.date(), format="long", locale=locale)
    time_text = format_time(value.time(), format="short", locale=locale)
    pattern = str(get_datetime_format("long", locale=locale)).replace("'", "")
    return pattern.replace("{1}", date_text).replace("{0}", time_text)


def iso_date(value: dt.date | None) -> str:
    """Return the value for a `<time datetime>` attribute; "" for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value.isoformat()


def plural_forms(code: str) -> str:
    """Return a language's gettext `Plural-Forms` header, from CLDR's plural rules.

    >>> plural_forms("ur")
    'nplurals=2; plural=(n != 1);'
    """
    from babel.messages.catalog import Catalog

    return Catalog(locale=parse_locale(code)).plural_forms


def format_date_time(value: dt.date | None, code: str, region: str = "") -> str:
    """Format a date, with its time of day when it has one, as readers of the language write
    them (the locale's own way of joining a long date and a short time); "" for none."""
    if not isinstance(value, dt.datetime):
        return format_date(value, code, region)
    locale = date_locale(code, region)
    day = babel_format_date(value.date(), format="long", locale=locale)
    time = babel_format_time(value.time(), format="short", locale=locale)
    pattern = str(locale.datetime_formats.get("long", "{1} {0}"))
    return pattern.replace("{1}", day).replace("{0}", time).replace("'", "")


def region_time_zones(region: str) -> tuple[str, ...]:
    """Return CLDR's IANA time zones for a region code such as GB (the main one first); () if
    CLDR knows none (an unknown region, or a typo)."""
    zones = get_global("territory_zones").get(region.upper(), ())
    return tuple(str(zone) for zone in zones)


def region_name(region: str, lang: str = "en") -> str:
    """Return a region's name in a language, e.g. "United Kingdom" for GB; "" if unknown."""
    return str(parse_locale(lang).territories.get(region.upper(), ""))
