"""Characters that pasting leaves behind: invisible ones, odd spaces, and mojibake.

Text copied from Word, a PDF or a web mail holds soft hyphens, zero-width spaces, byte-order
marks and non-breaking spaces that readers cannot see but search, wrapping and screen readers
trip over; text that went through the wrong encoding on the way reads "Itâ€™s". ftfy repairs
the latter (keeping curly quotes, which are what the writer typed).

Joiners are kept: U+200C and U+200D shape Urdu, Arabic and Bengali words (and emoji).
"""

from __future__ import annotations

import re

import ftfy

LIBRARY = f"ftfy {ftfy.__version__}"

# Soft hyphen, zero-width space, word joiner, invisible times/separator/plus, byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060-\u2064\ufeff]")
# No-break, narrow no-break, figure, and the fixed-width spaces Word and PDFs use.
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")

_FIXER = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # curly quotes are what the writer typed
    fix_line_breaks=False,  # lines stay where they are: problems are reported by line
    fix_character_width=False,  # full-width forms can be meant
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)


def clean_characters(text: str) -> str:
    """Drop invisible characters, make odd spaces plain ones and repair mojibake."""
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    if not text.isascii():
        text = ftfy.fix_text(text, _FIXER)
    return text
