"""Left-to-right runs on right-to-left pages: which text the finishing pass wraps in <bdi>.

URLs, e-mail addresses, phone numbers and Latin-script words in right-to-left text are wrapped
so they read the right way round (never inside code, `bdi` or `bdo`); a link whose whole text is
such a run (`reads_ltr`) is given `dir="ltr"` instead.
"""

from __future__ import annotations

import html
import re

NOT_ISOLATED = frozenset({"code", "pre", "kbd", "samp", "bdi", "bdo"})
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LTR_RUN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’])"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    r"|(?P<phone>\+?\(?[0-9]+\)?(?:[ .\-\u00a0]\(?[0-9]+\)?)+|\+[0-9]{3,})"
    rf"|(?P<latin>[{_LATIN}][{_LATIN}0-9'’\-]*(?:[ ,.&/:\-]+[{_LATIN}0-9][{_LATIN}0-9'’\-]*)*)"
)
_MIN_PHONE_DIGITS = 5
# Every run `_LTR_RUN` finds has a digit, a Latin letter or (an e-mail address) an '@'.
_MAY_HOLD_LTR_RUN = re.compile(rf"[0-9@{_LATIN}]")


def reads_ltr(text: str) -> bool:
    """Tell whether link text is itself an address, e-mail or number (shown left to right)."""
    match = _LTR_RUN.fullmatch(text.strip())
    return match is not None and match.lastgroup != "latin"


def isolated(text: str) -> str:
    """Escape text, wrapping each left-to-right run (URL, e-mail, number, Latin words) in <bdi>."""
    if not _MAY_HOLD_LTR_RUN.search(text):
        return html.escape(text, quote=False)
    pieces: list[str] = []
    done = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group(0)
        if match.lastgroup == "phone" and sum(c.isdigit() for c in run) < _MIN_PHONE_DIGITS:
            continue
        pieces.append(html.escape(text[done : match.start()], quote=False))
        # A number is left to right whatever surrounds it: `dir="ltr"` keeps its digit groups
        # in order (a `<bdi>` without it takes the page's direction), the class keeps it whole.
        opening = '<bdi dir="ltr" class="tel">' if match.lastgroup == "phone" else "<bdi>"
        pieces.append(f"{opening}{html.escape(run, quote=False)}</bdi>")
        done = match.end()
    pieces.append(html.escape(text[done:], quote=False))
    return "".join(pieces)
