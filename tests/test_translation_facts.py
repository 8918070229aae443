"""A translation keeps its original's phone numbers, web and e-mail addresses: one it adds or
leaves out is an error at the translation's line, quoting both. Numbers compare by their digits,
in any script and with the hyphens right-to-left text writes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sitegen.i18n.facts import facts
from tests.sitefixture import build, build_fails, messages, write_site

SITE_YAML = """\
title: Test Group
base_url: https://example.test/
default_language: en
languages: [en, ur, ar, bn]
region: GB
"""

ORIGINAL = """\
---
title: Staying safe
---

Call the helpline on 0800 555 0123.

Or write to help@example.org.
"""

RULE = (
    "a translation must keep every phone number, web and e-mail address exactly as its "
    "original has it"
)


def errors(site: Path) -> list[str]:
    return [line for line in messages(build_fails(site)) if ": error: " in line]


def site_with(tmp_path: Path, files: dict[str, str]) -> Path:
    base = {"content/index.md": "---\ntitle: Home\n---\nWelcome.\n"}
    base["content/advice/safe.md"] = ORIGINAL
    return write_site(tmp_path / "site", {**base, **files}, SITE_YAML)


def test_a_changed_number_in_a_page_is_located_with_both_numbers(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/advice/safe.ur.md": (
                "---\ntitle: محفوظ رہیں\n---\n\nہیلپ لائن پر 0800 555 0199 پر کال کریں۔\n\n"
                "یا help@example.org پر لکھیں۔\n"
            )
        },
    )
    assert errors(site) == [
        "content/advice/safe.ur.md:5: error: the translation has '0800 555 0199' where the "
        f"original has '0800 555 0123' (content/advice/safe.md:5): {RULE}"
    ]


def test_an_added_address_and_a_missing_one(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/advice/safe.ar.md": (
                "---\ntitle: ابق آمنا\n---\n\nاتصل بالرقم 0800 555 0123.\n\n"
                "أو زر https://example.net/help.\n"
            )
        },
    )
    assert errors(site) == [
        "content/advice/safe.ar.md:7: error: the translation has 'https://example.net/help' "
        f"where the original has 'help@example.org' (content/advice/safe.md:7): {RULE}"
    ]
    (site / "content/advice/safe.ar.md").write_text(
        "---\ntitle: ابق آمنا\n---\n\nاتصل بالرقم 0800 555 0123.\n", encoding="utf-8"
    )
    assert errors(site) == [
        "content/advice/safe.ar.md:1: error: the translation leaves out 'help@example.org', "
        f"which the original has (content/advice/safe.md:7): {RULE}"
    ]


def test_numbers_in_other_digits_and_rtl_hyphens_are_the_same_number(tmp_path: Path) -> None:
    rlm = "\u200f"
    site = site_with(
        tmp_path,
        {
            # Extended Arabic-Indic digits with hyphens (Urdu), direction marks around them.
            "content/advice/safe.ur.md": (
                f"---\ntitle: محفوظ رہیں\n---\n\nہیلپ لائن ۰۸۰۰{rlm}-{rlm}۵۵۵{rlm}-{rlm}۰۱۲۳ پر "
                "کال کریں۔\n\nیا help@example.org پر لکھیں۔\n"
            ),
            # Arabic-Indic digits, hyphenated.
            "content/advice/safe.ar.md": (
                "---\ntitle: ابق آمنا\n---\n\nاتصل بالرقم ٠٨٠٠-٥٥٥-٠١٢٣.\n\n"
                "أو اكتب إلى help@example.org.\n"
            ),
            # Bengali digits.
            "content/advice/safe.bn.md": (
                "---\ntitle: নিরাপদ থাকুন\n---\n\n০৮০০ ৫৫৫ ০১২৩ নম্বরে ফোন করুন।\n\n"
                "অথবা help@example.org ঠিকানায় লিখুন।\n"
            ),
        },
    )
    _, result = build(site)
    assert [p.format() for p in result.warnings if "translation" in p.message] == []
    (site / "content/advice/safe.ur.md").write_text(
        "---\ntitle: محفوظ رہیں\n---\n\nہیلپ لائن ۰۸۰۰-۵۵۵-۰۱۲۴ پر کال کریں۔\n\n"
        "یا help@example.org پر لکھیں۔\n",
        encoding="utf-8",
    )
    assert errors(site) == [
        "content/advice/safe.ur.md:5: error: the translation has '0800-555-0124' where the "
        f"original has '0800 555 0123' (content/advice/safe.md:5): {RULE}"
    ]


def test_a_number_in_a_directory_translations_words(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/contacts/help.yaml": (
                "title: Who to call\nentries:\n  - id: helpline\n    name: Helpline\n"
                '    phone: "0800 555 0123"\n    when: Any time, or text 07700 900123.\n'
            ),
            "content/contacts/help.ur.yaml": (
                "title: کس کو کال کریں\nentries:\n  helpline:\n    name: ہیلپ لائن\n"
                "    when: کسی بھی وقت، یا 07700 900999 پر پیغام بھیجیں۔\n"
            ),
        },
    )
    changed = [
        "content/contacts/help.ur.yaml:5: error: the translation has '07700 900999' where the "
        f"original has '07700 900123' (content/contacts/help.yaml:6): {RULE}"
    ]
    assert errors(site) == changed
    assert errors(site) == changed  # the same from what the cache kept of the first build
    (site / "content/contacts/help.ur.yaml").write_text(
        "title: کس کو کال کریں\nentries:\n  helpline:\n    name: ہیلپ لائن 0800 555 0123\n",
        encoding="utf-8",
    )
    assert errors(site) == [
        "content/contacts/help.ur.yaml:4: error: the translation has '0800 555 0123', which "
        f"the original (content/contacts/help.yaml) does not have: {RULE}"
    ]


def test_heading_ids_and_internal_link_targets_are_not_facts(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/advice/area-0010.md": "---\ntitle: Area 10\n---\n## Part {#part-2024}\n",
            "content/advice/safe.ur.md": (
                "---\ntitle: محفوظ رہیں\n---\n\n## حصہ {#part-2025}\n\n"
                "ہیلپ لائن 0800 555 0123، [علاقہ](area-0010.md#part-2024)۔\n\n"
                "یا help@example.org پر لکھیں۔\n"
            ),
        },
    )
    _, result = build(site)
    assert [p.format() for p in result.warnings if "translation" in p.message] == []


def test_the_facts_kept_in_the_parse_index_follow_every_edit(tmp_path: Path) -> None:
    translation = (
        "---\ntitle: محفوظ رہیں\n---\n\nہیلپ لائن پر 0800 555 0123 پر کال کریں۔\n\n"
        "یا help@example.org پر لکھیں۔\n"
    )
    site = site_with(tmp_path, {"content/advice/safe.ur.md": translation})
    build(site)  # the facts of both files found, and kept in the parse index
    original = site / "content/advice/safe.md"
    original.write_text(ORIGINAL + "\nIn an emergency call 999.\n", encoding="utf-8")
    expected = [
        "content/advice/safe.ur.md:1: error: the translation leaves out '999', which the "
        f"original has (content/advice/safe.md:9): {RULE}"
    ]
    assert errors(site) == expected
    assert errors(site) == expected  # the same from the facts kept by the failed build
    (site / "content/advice/safe.ur.md").write_text(
        translation + "\nہنگامی حالت میں ۹۹۹ پر کال کریں۔\n", encoding="utf-8"
    )
    build(site)


def test_addresses_are_found_written_in_any_case() -> None:
    text = "See WWW.Example.org/a, Https://Help.example/x; mail Help@Example.org or tel 0800 1111."
    assert facts(text) == {
        "address:WWW.Example.org/a": "WWW.Example.org/a",
        "address:Https://Help.example/x": "Https://Help.example/x",
        "address:Help@Example.org": "Help@Example.org",
        "number:08001111": "0800 1111",
    }
    assert facts("No address: a.b, x:y, 2 @ 3.") == {}


def test_a_number_is_found_in_every_script_that_has_digits() -> None:
    """Three of any decimal digit make a number, the others nothing (nor any other character)."""
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or char in "@:/.wW":
            continue
        found = facts(f"{char * 3} x {char}")
        if unicodedata.category(char) == "Nd":
            digit = str(unicodedata.decimal(char))
            assert found == {f"number:{digit * 3}": digit * 3}, hex(code)
        else:
            assert found == {}, hex(code)
