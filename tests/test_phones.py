"""Phone numbers: real UK numbers, short codes, pasted Unicode, and refused numbers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.errors import SiteError, SourceRef
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.i18n.phonetext import normalise_phone_text

REF = SourceRef("content/contacts/help.yaml", 7)
EXAMPLE = "write it like '0121 234 5678'"


def _error_message(text: str, region: str = "GB") -> str:
    with pytest.raises(SiteError) as caught:
        parse_phone(text, region, REF)
    (problem,) = caught.value.problems
    assert problem.ref == REF
    return problem.message


@pytest.mark.parametrize(
    ("written", "display", "tel"),
    [
        ("0800 789 321", "0800 789 321", "tel:+44800789321"),
        ("020 7123 4567", "020 7123 4567", "tel:+442071234567"),
        ("02071234567", "020 7123 4567", "tel:+442071234567"),
        ("+44 20 7123 4567", "+44 20 7123 4567", "tel:+442071234567"),
        ("+44 800 789 321", "+44 800 789 321", "tel:+44800789321"),
        ("+44 (0)20 7123 4567", "+44 20 7123 4567", "tel:+442071234567"),
        ("(020) 7123 4567", "020 7123 4567", "tel:+442071234567"),
        ("0800-789-321", "0800 789 321", "tel:+44800789321"),
        ("0121 496 0000", "0121 496 0000", "tel:+441214960000"),
    ],
)
def test_uk_numbers_show_as_published_and_link_e164(
    written: str, display: str, tel: str
) -> None:
    assert parse_phone(written, "GB", REF) == Phone(written, display, tel, short=False)


def test_number_from_another_country_shows_international_format() -> None:
    phone = parse_phone("+33 1 42 68 53 00", "GB", REF)
    assert phone.display == "+33 1 42 68 53 00"
    assert phone.tel == "tel:+33142685300"


@pytest.mark.parametrize(
    ("written", "display", "tel"),
    [
        ("999", "999", "tel:999"),
        ("101", "101", "tel:101"),
        ("111", "111", "tel:111"),
        ("112", "112", "tel:112"),
        ("116 123", "116 123", "tel:116123"),
        ("116123", "116123", "tel:116123"),
    ],
)
def test_short_codes_stay_digits_without_country_code(written: str, display: str, tel: str) -> None:
    assert parse_phone(written, "GB", REF) == Phone(written, display, tel, short=True)


@pytest.mark.parametrize(
    "written",
    [
        "۰۸۰۰ ۷۸۹ ۳۲۱",  # Urdu (Extended Arabic-Indic) digits
        "٠٨٠٠ ٧٨٩ ٣٢١",  # Arabic-Indic digits
        "০৮০০ ৭৮৯ ৩২১",  # Bengali digits
        "０８００ ７８９ ３２１",  # full-width digits
        "0800\u200b 789\u200d 321",  # zero-width characters inside
        "\u202a0800 789 321\u202c",  # bidi embedding around it
        "\u20660800\u00a0789\u2009321\u2069",  # isolate, no-break and thin spaces
        "0800\u2013789\u2013321",  # en dashes
    ],
)
def test_pasted_unicode_digits_and_invisible_characters_are_understood(written: str) -> None:
    phone = parse_phone(written, "GB", REF)
    assert (phone.display, phone.tel, phone.written) == (
        "0800 789 321",
        "tel:+44800789321",
        written,
    )


def test_zero_width_without_spaces_gets_library_grouping() -> None:
    phone = parse_phone("0800\u200b789\u200d321", "GB", REF)
    assert (phone.display, phone.tel) == ("0800 789321", "tel:+44800789321")


def test_full_width_plus_is_an_international_prefix() -> None:
    assert parse_phone("＋44 20 7123 4567", "GB", REF).tel == "tel:+442071234567"


def test_normalise_phone_text_maps_digits_and_drops_invisible_characters() -> None:
    assert normalise_phone_text("\ufeff＋۴۴\u200e 20\u2060 7123") == "+44 20 7123"


def test_normalise_phone_text_keeps_letters() -> None:
    assert normalise_phone_text("0800 789 32l") == "0800 789 32l"


def one_by_one(char: str) -> str:
    """What a character becomes, decided for it alone (as the table caches it)."""
    if char.isascii():
        return char  # a tab too: only other scripts' spaces become " "
    if char in "\u200b\u200c\u200d\u2060\ufeff\u061c\u200e\u200f\u202a\u202b\u202c\u202d":
        return ""
    if char in "\u202e\u2066\u2067\u2068\u2069":
        return ""
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    if char in "+\uff0b":
        return "+"
    if char in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d":
        return "-"
    return " " if char.isspace() else char


def test_normalise_phone_text_treats_every_character_alone() -> None:
    """Every character of the Basic Multilingual Plane, met first alone then among others."""
    chars = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]
    for char in chars:
        assert normalise_phone_text(f"1{char}2") == f"1{one_by_one(char)}2", hex(ord(char))
    text = "".join(chars)
    assert normalise_phone_text(text) == "".join(map(one_by_one, text)).strip()
    assert normalise_phone_text(" \u0663\u200f ") == "3" and normalise_phone_text(" 1 ") == "1"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("0800 789 32l", "contains the letter 'l' (write numbers with digits only)"),
        ("0800 789 32O", "contains the letter 'O' (write numbers with digits only)"),
        ("020 7123 4567 ext 3", "contains the letter 'e' (write numbers with digits only)"),
        ("999#", "contains the character '#' (write numbers with digits only)"),
        ("44+20 7123 4567", "has a '+' that is not at the start"),
        ("", "has no digits"),
        ("\u200b", "has no digits"),
        ("12", "is too short"),
        ("+44101", "is a short code: write it without the country code, as '101'"),
        ("+44 999", "is a short code: write it without the country code, as '999'"),
        ("020 7123 4567 8901", "is too long"),
        ("+999 123 456", "starts with an unknown country code"),
        ("020 7123 45", "is not a valid number or short code for region GB"),
    ],
)
def test_invalid_numbers_say_what_is_wrong_with_an_example(written: str, reason: str) -> None:
    assert _error_message(written) == f"phone number {written!r} {reason}; {EXAMPLE}"


def test_example_follows_the_region() -> None:
    message = _error_message("12", region="FR")
    assert message == "phone number '12' is too short; write it like '01 23 45 67 89'"


def test_error_is_located_at_the_given_reference() -> None:
    with pytest.raises(SiteError) as caught:
        parse_phone("0800 789 32l", "GB", REF)
    assert str(caught.value).startswith("content/contacts/help.yaml:7: error: phone number")


@given(st.text(max_size=30))
def test_any_accepted_number_links_with_ascii_digits_only(text: str) -> None:
    try:
        phone = parse_phone(text, "GB", REF)
    except SiteError:
        return
    target = phone.tel.removeprefix("tel:")
    assert target.lstrip("+").isascii() and target.lstrip("+").isdigit()
    assert phone.short == (not target.startswith("+"))


@pytest.mark.parametrize(
    ("written", "region", "display", "tel", "short"),
    [
        ("18001 101", "GB", "18001 101", "tel:18001101", True),
        ("18001101", "GB", "18001 101", "tel:18001101", True),
        ("18001 0800 789 321", "GB", "18001 0800 789 321", "tel:180010800789321", True),
        ("01 666 0000", "IE", "01 666 0000", "tel:+35316660000", False),
        ("+353 1 666 0000", "IE", "+353 1 666 0000", "tel:+35316660000", False),
        ("1800 666 111", "IE", "1800 666 111", "tel:+3531800666111", False),
        ("112", "IE", "112", "tel:112", True),
        ("051 111 222 333", "PK", "051 111 222 333", "tel:+9251111222333", False),
        ("1122", "PK", "1122", "tel:1122", True),
        ("+44 800 789 321", "IE", "+44 800 789 321", "tel:+44800789321", False),
    ],
)
def test_published_forms_of_the_sites_region_are_kept(
    written: str, region: str, display: str, tel: str, short: bool
) -> None:
    assert parse_phone(written, region, REF) == Phone(written, display, tel, short)


@pytest.mark.parametrize("written", ["999 101", "101 101", "18001 12"])
def test_a_short_code_before_a_number_is_not_always_a_prefix(written: str) -> None:
    reason = "is not a valid number or short code for region GB"
    assert _error_message(written) == f"phone number {written!r} {reason}; {EXAMPLE}"


def test_a_number_of_another_region_is_refused_with_that_regions_example() -> None:
    message = _error_message("0800 789 321", region="IE")
    assert message == (
        "phone number '0800 789 321' is not a valid number or short code for region IE; "
        "write it like '(022) 12345'"
    )
