"""Deceptive links: link text that shows a web address or phone number the link does not go to.

A reader trusts the address or number they see, so each link whose text shows one site or
number but goes to another (or is not a `tel:` link at all) is reported as an error.
"""

from __future__ import annotations

import html
import re

from sitegen.content.markdown_types import Link
from sitegen.content.sanitize import url_host, url_scheme
from sitegen.i18n.phones import dialling_key

_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_SHOWN_ADDRESS = re.compile(
    rf"(?P<prefix>https?://|www\.)?(?P<host>(?:{_LABEL}\.)+[a-z]{{2,63}})\.?(?::\d+)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
_ADDRESS_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])\+?(?:\(\d+\)|\d)[\d ().\-\u00a0]*\d(?!\w)")
_SHORT_NUMBER = re.compile(
    r"(?:call|phone|telephone|tel|ring|dial|text|sms)\b[\s:.]*(\+?\d[\d \-]{1,6}\d)\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}$")


def deceptions(link: Link, region: str) -> list[str]:
    """Return an error for each way a link's text misstates where the link goes.

    Numbers are compared as dialled in `region` (the site's, from site.yaml): `01 666 0000`
    and `+353 1 666 0000` are one number in Ireland, two different ones in Pakistan.
    """
    if link.kind != "link":
        return []
    return [*_address_deceptions(link), *_phone_deceptions(link, region)]


def _address_deceptions(link: Link) -> list[str]:
    text = link.text.strip()
    shown_addresses: list[tuple[str, bool]] = []  # (address as shown, explicitly a web address)
    whole = _SHOWN_ADDRESS.fullmatch(text.rstrip("/"))
    if whole:
        shown_addresses.append((whole.group(0), bool(whole.group("prefix"))))
    for match in _ADDRESS_IN_TEXT.finditer(text):
        if not whole:
            shown_addresses.append((match.group(0).rstrip(".,;:!?)"), True))
    actual = url_host(link.target)
    messages = []
    for address, explicit in shown_addresses:
        host_match = _SHOWN_ADDRESS.match(address)
        if host_match is None:
            continue
        shown_host = _bare_host(host_match.group("host"))
        if actual is None and not explicit:
            continue
        if actual is not None and (
            _bare_host(actual) == shown_host or actual.endswith("." + shown_host)
        ):
            continue
        messages.append(
            f"deceptive link: the text shows the web address '{address}' "
            f"but the link goes to '{actual or link.target}'"
        )
    return messages


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _phone_deceptions(link: Link, region: str) -> list[str]:
    numbers = _shown_phone_numbers(link.text)
    if not numbers:
        return []
    if url_scheme(link.target) != "tel":
        return [
            f"deceptive link: the text shows the phone number '{numbers[0]}' "
            f"but the link goes to '{link.target}', not a tel: link"
        ]
    dialled = link.target.strip()[len("tel:") :].split(";")[0]
    key = dialling_key(html.unescape(dialled), region)
    if any(dialling_key(number, region) == key for number in numbers):
        return []
    return [
        f"deceptive link: the text shows the phone number '{numbers[0]}' "
        f"but the link dials '{html.unescape(dialled)}'"
    ]


def _shown_phone_numbers(text: str) -> list[str]:
    """Return the phone numbers a reader would see in link text."""
    numbers = []
    for match in _PHONE_IN_TEXT.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"[^0-9]", "", number)
        if 7 <= len(digits) <= 15 and not _DATE.match(number):
            numbers.append(number)
    short = _SHORT_NUMBER.search(text.strip())
    if not numbers and short:
        numbers.append(short.group(1))
    return numbers
