"""Dates as British letters and mail clients write them: "17th March 2018", "17/03/2018".

Candidates are found by pattern and read by dateparser, day first: 03/04/2018 is 3 April.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_CANDIDATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def find_date(text: str, lang: str = "en") -> dt.date | None:
    """Return the first date written in a text, read day first, or None."""
    import dateparser  # only for `sitegen import`: it loads its language data

    languages = list(dict.fromkeys([lang.split("-")[0], "en"]))
    for match in _CANDIDATE.finditer(text):
        found = dateparser.parse(match.group(0), languages=languages, settings=_SETTINGS)
        if isinstance(found, dt.datetime):
            return found.date()
    return None
