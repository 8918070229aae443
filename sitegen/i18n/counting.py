"""Counts in sitegen's own English messages ("1 warning", "2 warnings"), by CLDR's rules.

The theme's words are counted by gettext's `ngettext` with each catalog's plural rules; the
command line speaks English, and picks the form through Babel's English plural rules too.
"""

from __future__ import annotations

from sitegen.i18n.languages import parse_locale

MESSAGES_LANGUAGE = "en"


def count(number: int, one: str, other: str) -> str:
    """Return "1 page" or "3 pages": the form CLDR's English plural rules pick for `number`.

    >>> count(1, "page", "pages"), count(0, "page", "pages"), count(21, "page", "pages")
    ('1 page', '0 pages', '21 pages')
    """
    form = parse_locale(MESSAGES_LANGUAGE).plural_form(number)
    return f"{number} {one if form == 'one' else other}"
