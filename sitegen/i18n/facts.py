"""The facts a translation must keep exactly: phone numbers (and other numbers of three or more
digits), web and e-mail addresses, found in any script.

A number is compared by its digits alone: `0800-555-0123`, `0800 555 0123` and the same number in
Arabic-Indic, Extended Arabic-Indic (Urdu) or Bengali digits, with or without the direction marks
right-to-left text puts around its hyphens, are one number. The `.po` checks and the checks of
translated pages and directories both use these, so they agree on what a number is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitegen.i18n.phonetext import normalise_phone_text

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NUMBER = re.compile(r"\+?[0-9]+(?:[ -]?[0-9]+)*")
MIN_NUMBER_DIGITS = 3  # shorter runs are counts and list numbers, not facts
_ANY_DIGIT = re.compile(r"\d")  # a digit of any script (Unicode category Nd), as normalised


def numbers(text: str) -> set[str]:
    """Return the digit strings of 3 or more digits in `text`, in any script, spaces dropped.

    >>> numbers("اتصل على ٠٨٠٠-٥٥٥-٠١٢٣") == numbers("Call 0800 555 0123")
    True
    """
    return {key for key, _ in number_matches(text)}


def number_matches(text: str) -> Iterator[tuple[str, str]]:
    """Yield each number of `text` as (its digits, how it reads in ASCII digits)."""
    if _ANY_DIGIT.search(text) is None:  # most lines of a page: no need to normalise them
        return
    for match in _NUMBER.finditer(normalise_phone_text(text)):
        written = match.group().strip()
        key = re.sub(r"[^0-9+]", "", written)
        if len(key.lstrip("+")) >= MIN_NUMBER_DIGITS:
            yield key, written


def addresses(text: str) -> set[str]:
    """Return the web and e-mail addresses in `text`.

    Most lines have none: a line without "://", "www." or "@" is not searched (each search
    tries every letter of the line as the start of an address).
    """
    found: set[str] = set()
    if "://" in text or "www." in text.lower():
        found.update(url.rstrip(".,;:!?") for url in _URL.findall(text))
    if "@" in text:
        found.update(_EMAIL.findall(text))
    return found


# What every fact holds: a digit of any script (`\d` is Unicode's decimal digits, the ones
# `normalise_phone_text` turns into ASCII), an e-mail's "@", a web address's "://" or "www.".
_MAY_HOLD_A_FACT = re.compile(r"\d|@|://|www\.", re.IGNORECASE)


def may_hold_a_fact(text: str) -> bool:
    """Tell whether `text` may hold a fact (if not, `facts` finds none, whatever is cut out).

    Each line of every page is looked at on every build; most have no digit and no address,
    and are passed over at the cost of one search.
    """
    return _MAY_HOLD_A_FACT.search(text) is not None


def facts(text: str) -> dict[str, str]:
    """Return every fact of `text`: its comparison key mapped to how it is written."""
    found = {f"number:{key}": written for key, written in number_matches(text)}
    found.update({f"address:{address}": address for address in addresses(text)})
    return found
