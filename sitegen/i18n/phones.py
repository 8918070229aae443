"""Phone number text -> what readers see and a `tel:` link, both from one parsed number."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult, shortnumberinfo

from sitegen.errors import SiteError, SourceRef
from sitegen.i18n.phonetext import normalise_phone_text

# Part of every cache key of what this module decides: new metadata can change a number's
# region, validity or shape, and a cached directory must not outlive it.
LIBRARY = f"phonenumbers {phonenumbers.__version__}"

# What an editor may put between digits; anything else (letters, '#', '*') is refused.
_SEPARATORS = frozenset(" -().")
_ASCII_DIGITS = frozenset("0123456789")
# Digit groups as a service publishes them ("0800 789 321", "+44 800 789 321", "18001 101").
# A service prefix has at least this many digits: "18001" (text relay) does, and "101 101",
# two short codes written together by mistake, is not read as a prefix and a number.
_PREFIX_DIGITS = 4
_GROUPED_DIGITS = re.compile(r"\+?[0-9]{2,}(?:[ -][0-9]{2,})+")


@dataclass(frozen=True)
class Phone:
    """A checked phone number: as written, as shown to readers, and as a `tel:` link."""

    written: str
    display: str
    tel: str
    short: bool


def parse_phone(text: str, region: str, ref: SourceRef) -> Phone:
    """Check a phone number written for `region`; raise SiteError at `ref` if it is not valid."""
    cleaned = normalise_phone_text(text)
    _check_characters(text, cleaned, region, ref)
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as exc:
        raise _error(ref, text, _parse_failure(exc), region) from None
    if phonenumbers.is_valid_number(number):
        return _full_number(text, cleaned, number, region)
    if not cleaned.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(
        number, region
    ):
        return _short_number(text, cleaned, number)
    prefixed = _prefixed_number(text, cleaned, region)
    if prefixed is not None:
        return prefixed
    raise _error(ref, text, _invalid_reason(number, cleaned, region), region)


def _check_characters(text: str, cleaned: str, region: str, ref: SourceRef) -> None:
    """Refuse empty text, letters and symbols, and a '+' anywhere but at the start."""
    if not any(char in _ASCII_DIGITS for char in cleaned):
        raise _error(ref, text, "has no digits", region)
    body = cleaned[1:] if cleaned.startswith("+") else cleaned
    for char in body:
        if char in _ASCII_DIGITS or char in _SEPARATORS:
            continue
        if char == "+":
            raise _error(ref, text, "has a '+' that is not at the start", region)
        what = f"the letter {char!r}" if char.isalpha() else f"the character {char!r}"
        raise _error(ref, text, f"contains {what} (write numbers with digits only)", region)


def _full_number(text: str, cleaned: str, number: phonenumbers.PhoneNumber, region: str) -> Phone:
    # Shown as the service publishes it: written with its country code, it keeps it.
    in_region = number.country_code == phonenumbers.country_code_for_region(region)
    national = in_region and not cleaned.startswith("+")
    style = PhoneNumberFormat.NATIONAL if national else PhoneNumberFormat.INTERNATIONAL
    formatted = phonenumbers.format_number(number, style)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(
        written=text,
        display=_editor_grouping(cleaned, formatted),
        tel=f"tel:{e164}",
        short=False,
    )


def _short_number(text: str, cleaned: str, number: phonenumbers.PhoneNumber) -> Phone:
    digits = phonenumbers.national_significant_number(number)
    return Phone(
        written=text, display=_editor_grouping(cleaned, digits), tel=f"tel:{digits}", short=True
    )


def _prefixed_number(text: str, cleaned: str, region: str) -> Phone | None:
    """Read a service prefix dialled before a number, such as text relay's `18001 101`.

    The prefix is a short code of the region of at least four digits (phonenumbers' metadata,
    not a list of ours) that is not an emergency number, and what follows it is a valid number
    or short code of the same region. Both are dialled as written, without a country code.
    """
    if cleaned.startswith("+"):
        return None
    digits = _digits(cleaned)
    for cut in range(_PREFIX_DIGITS, len(digits) - 1):
        prefix, rest = digits[:cut], digits[cut:]
        if _is_service_prefix(prefix, region) and _is_local_number(rest, region):
            display = (
                " ".join(re.split(r"[ -]", cleaned))
                if _GROUPED_DIGITS.fullmatch(cleaned)
                else f"{prefix} {rest}"
            )
            return Phone(written=text, display=display, tel=f"tel:{digits}", short=True)
    return None


def _is_service_prefix(digits: str, region: str) -> bool:
    number = phonenumbers.parse(digits, region)
    return shortnumberinfo.is_valid_short_number_for_region(
        number, region
    ) and not shortnumberinfo.is_emergency_number(digits, region)


def _is_local_number(digits: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number_for_region(
        number, region
    ) or shortnumberinfo.is_valid_short_number_for_region(number, region)


def _editor_grouping(cleaned: str, formatted: str) -> str:
    """Keep the editor's digit grouping when it holds exactly the digits of the formatted number.

    Readers know numbers by the grouping the service publishes ("0800 789 321", "116 123");
    the digits shown are still those of the parsed number.
    """
    if _GROUPED_DIGITS.fullmatch(cleaned) and _digits(cleaned) == _digits(formatted):
        return " ".join(re.split(r"[ -]", cleaned))
    return formatted


def _digits(text: str) -> str:
    return "".join(char for char in text if char in _ASCII_DIGITS)


def _invalid_reason(number: phonenumbers.PhoneNumber, cleaned: str, region: str) -> str:
    if cleaned.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, region):
        short = phonenumbers.national_significant_number(number)
        return f"is a short code: write it without the country code, as {short!r}"
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return "starts with an unknown country code"
    if reason == ValidationResult.TOO_SHORT:
        return "is too short"
    if reason == ValidationResult.TOO_LONG:
        return "is too long"
    if cleaned.startswith("+"):
        return "is not a valid international number"
    return f"is not a valid number or short code for region {region}"


def _parse_failure(exc: phonenumbers.NumberParseException) -> str:
    if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return "starts with an unknown country code"
    if exc.error_type == phonenumbers.NumberParseException.TOO_LONG:
        return "is too long"
    return "is too short"


def _error(ref: SourceRef, text: str, reason: str, region: str) -> SiteError:
    return SiteError.at(ref, f"phone number {text!r} {reason}; write it like {_example(region)!r}")


def _example(region: str) -> str:
    """Return a well-written example number for the region, from phonenumbers' metadata."""
    example = phonenumbers.example_number_for_type(region, PhoneNumberType.FIXED_LINE)
    if example is None:
        return "+<country code> <number>"
    return phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)


def dialling_key(text: str, region: str) -> str:
    """Return what a number dials, comparable however it is written (`+44 800`, `0800`, `(0)`).

    A number phonenumbers can read for `region` is its E.164 form; anything else, its digits.
    """
    cleaned = normalise_phone_text(text).replace("(0)", "")
    digits = _digits(cleaned)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    try:
        number = phonenumbers.parse(cleaned, region or None)
    except phonenumbers.NumberParseException:
        return ("+" if cleaned.startswith("+") else "") + digits
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def find_numbers(text: str, region: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every phone number written in running text."""
    return [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region)]
