"""Phone number text as any script writes it -> ASCII digits, plus signs, hyphens and spaces.

Apart from `phones` so that what only compares numbers by their digits (`facts`, the checks of
translations) needs no phonenumbers: importing it is a start-up's worth of a small rebuild.
"""

from __future__ import annotations

import unicodedata

# Invisible characters that editors paste in from word processors and right-to-left text.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROPPED = frozenset(_ZERO_WIDTH + _BIDI_CONTROLS)
_PLUS_SIGNS = frozenset("+\uff0b")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def normalise_phone_text(text: str) -> str:
    """Drop invisible characters and turn any Unicode digit, plus, dash or space into ASCII.

    Every line of every page goes through here on each build (`site.translationfacts`), so
    ASCII text, which has nothing to change, is returned at once, and other text is translated
    in one pass with a table of the characters met so far.

    >>> normalise_phone_text("\\u200e\\u06f0\\u06f8\\u06f0\\u06f0\\u2011\\u06f1\\u06f0\\u06f1 ")
    '0800-101'
    """
    if text.isascii():
        return text.strip()
    return text.translate(_TABLE).strip()


class _Table(dict[int, str | None]):
    """`str.translate`'s table of what each character becomes, filled in as characters are met
    (a pure function of the character: the same in every process and thread)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if char in _DROPPED else _normalise_char(char)
        self[code] = value
        return value


_TABLE = _Table()


def _normalise_char(char: str) -> str:
    if char.isascii():
        return char
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    if char in _PLUS_SIGNS:
        return "+"
    if char in _DASHES:
        return "-"
    if char.isspace():
        return " "
    return char
