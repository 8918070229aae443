"""Front matter and YAML text: each field has a length limit, directional controls must be
closed in the same value, and editors' names are isolated in lists and links (issue 24, 6-7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitefixture import build, build_fails, messages, page, write_site

HOME: dict[str, str | bytes] = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}
STATEMENT = "content/statements/fire"
STATEMENT_INDEX = "---\ntitle: After the fire\ndate: 2026-11-20\n---\nOur letters.\n"
RLO, LRE, PDF, RLI, PDI = "\u202e", "\u202a", "\u202c", "\u2067", "\u2069"


def _fails(
    tmp_path: Path, files: dict[str, str | bytes], site_yaml: str | None = None
) -> list[str]:
    site = write_site(
        tmp_path / "s", {**HOME, **files}, *(() if site_yaml is None else (site_yaml,))
    )
    return [p.format() for p in build_fails(site).errors]


# -- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "front", "message"),
    [
        (
            "content/advice/safe.md",
            "title: " + "T" * 301,
            "content/advice/safe.md:2: error: 'title' is 301 characters long; the limit is 300",
        ),
        (
            "content/advice/safe.md",
            "title: Safe\nsummary: " + "s" * 1_001,
            "content/advice/safe.md:3: error: 'summary' is 1,001 characters long; "
            "the limit is 1,000",
        ),
        (
            "content/advice/safe.md",
            "title: Safe\nauthor: " + "a" * 201,
            "content/advice/safe.md:3: error: 'author' is 201 characters long; the limit is 200",
        ),
        (
            "content/advice/safe.md",
            "title: Safe\ntranslated_by: " + "a" * 201,
            "content/advice/safe.md:3: error: 'translated_by' is 201 characters long; "
            "the limit is 200",
        ),
        (
            "content/advice/safe.md",
            "title: Safe\ntags:\n  - ok\n  - " + "t" * 2_001,
            "content/advice/safe.md:5: error: 'tags[2]' is 2,001 characters long; "
            "the limit is 2,000",
        ),
        (
            f"{STATEMENT}/letters/01-police.md",
            "from: " + "F" * 201,
            f"{STATEMENT}/letters/01-police.md:2: error: 'from' is 201 characters long; "
            "the limit is 200",
        ),
        (
            f"{STATEMENT}/letters/01-police.md",
            "from: Amira Khan\nrole: " + "R" * 201,
            f"{STATEMENT}/letters/01-police.md:3: error: 'role' is 201 characters long; "
            "the limit is 200",
        ),
        (
            f"{STATEMENT}/letters/01-police.md",
            "from: Amira Khan\norganisation: " + "O" * 201,
            f"{STATEMENT}/letters/01-police.md:3: error: 'organisation' is 201 characters long; "
            "the limit is 200",
        ),
        (
            f"{STATEMENT}/letters/01-police.md",
            "from: Amira Khan\naddress: " + "A" * 2_001,
            f"{STATEMENT}/letters/01-police.md:3: error: 'address' is 2,001 characters long; "
            "the limit is 2,000",
        ),
        (
            "content/rumours/curfew.md",
            "claim: " + "c" * 1_001 + "\nverdict: false\nchecked: 2026-11-20\n"
            "sources:\n  - organisation: Riverside Police",
            "content/rumours/curfew.md:2: error: 'claim' is 1,001 characters long; "
            "the limit is 1,000",
        ),
        (
            "content/rumours/curfew.md",
            "claim: There is a curfew\nverdict: false\nchecked: 2026-11-20\n"
            "sources:\n  - organisation: " + "P" * 201,
            "content/rumours/curfew.md:6: error: 'sources[1].organisation' is 201 characters "
            "long; the limit is 200",
        ),
    ],
)
def test_each_front_matter_field_has_a_limit_reported_at_its_line(
    tmp_path: Path, rel: str, front: str, message: str
) -> None:
    files: dict[str, str | bytes] = {f"{STATEMENT}/index.md": STATEMENT_INDEX}
    assert _fails(tmp_path, {**files, rel: f"---\n{front}\n---\nText.\n"}) == [message]


def test_a_ten_megabyte_summary_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/advice/safe.md": "---\ntitle: Safe\nsummary: "
        + "x" * 10_000_000
        + "\n---\nText.\n"
    }
    site = write_site(tmp_path / "s", {**HOME, **files})
    assert messages(build_fails(site)) == [
        "content/advice/safe.md:3: error: 'summary' is 10,000,000 characters long; "
        "the limit is 1,000"
    ]
    assert not (tmp_path / "s-out").exists()


def test_texts_at_their_limits_build(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/advice/safe.md": (
            f"---\ntitle: {'T' * 300}\nsummary: {'s' * 1_000}\nauthor: {'a' * 200}\n---\nText.\n"
        )
    }
    out, _ = build(write_site(tmp_path / "s", {**HOME, **files}))
    h1 = page(out, "en/advice/safe/index.html").h1
    assert h1 is not None and h1.get_text(strip=True) == "T" * 300


def test_a_contact_directory_and_site_yaml_have_limits_too(tmp_path: Path) -> None:
    site_yaml = (
        "title:\n  en: Test Group\n  ur: " + "ٹ" * 301 + "\nbase_url: https://example.test/\n"
        "default_language: en\nlanguages: [en, ur]\nregion: GB\n"
    )
    site = write_site(tmp_path / "s", HOME, site_yaml)
    assert messages(build_fails(site)) == [
        "site.yaml:3: error: 'title.ur' is 301 characters long; the limit is 300"
    ]
    directory = (
        "title: Who to call\nintro: " + "i" * 1_001 + "\nentries:\n  - id: police\n"
        "    name: " + "N" * 201 + "\n    phone: '101'\n"
    )
    assert _fails(tmp_path / "d", {"content/contacts/help.yaml": directory}) == [
        "content/contacts/help.yaml:2: error: 'intro' is 1,001 characters long; the limit is 1,000",
        "content/contacts/help.yaml:5: error: 'entries[1].name' is 201 characters long; "
        "the limit is 200",
    ]


# -- directional controls --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            f"title: Help {RLO}enil",
            "content/advice/safe.md:2: error: 'title' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at "
            "character 6 that is not closed: close it with POP DIRECTIONAL FORMATTING (U+202C) "
            "in the same value, or remove it",
        ),
        (
            f"title: Safe\nsummary: Ring {RLI}101 today",
            "content/advice/safe.md:3: error: 'summary' has a RIGHT-TO-LEFT ISOLATE (U+2067) at "
            "character 6 that is not closed: close it with POP DIRECTIONAL ISOLATE (U+2069) in "
            "the same value, or remove it",
        ),
        (
            f"title: Safe {PDF}now",
            "content/advice/safe.md:2: error: 'title' has a POP DIRECTIONAL FORMATTING (U+202C) "
            "at character 6 that closes nothing: remove it",
        ),
        (
            f"title: {RLI}a{LRE}b{PDI}c{PDF}",
            "content/advice/safe.md:2: error: 'title' has a POP DIRECTIONAL ISOLATE (U+2069) at "
            "character 5 while the LEFT-TO-RIGHT EMBEDDING (U+202A) at character 3 is still "
            "open: close that first with POP DIRECTIONAL FORMATTING (U+202C)",
        ),
        (
            f"title: Safe\nauthor: Sam{RLO}",
            "content/advice/safe.md:3: error: 'author' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at "
            "character 4 that is not closed: close it with POP DIRECTIONAL FORMATTING (U+202C) "
            "in the same value, or remove it",
        ),
        (
            f"title: Safe\ntags: [ok, a{RLO}b]",
            "content/advice/safe.md:3: error: 'tags[2]' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at "
            "character 2 that is not closed: close it with POP DIRECTIONAL FORMATTING (U+202C) "
            "in the same value, or remove it",
        ),
    ],
)
def test_unclosed_or_stray_directional_controls_are_located_errors(
    tmp_path: Path, front: str, message: str
) -> None:
    assert _fails(tmp_path, {"content/advice/safe.md": f"---\n{front}\n---\nText.\n"}) == [message]


def test_an_override_opened_in_one_field_cannot_be_closed_in_the_next(tmp_path: Path) -> None:
    front = f"from: Sam {RLO}Patel\norganisation: {PDF}Police"
    files: dict[str, str | bytes] = {
        f"{STATEMENT}/index.md": STATEMENT_INDEX,
        f"{STATEMENT}/letters/01-police.md": f"---\n{front}\n---\nText.\n",
    }
    where = f"{STATEMENT}/letters/01-police.md"
    assert _fails(tmp_path, files) == [
        f"{where}:2: error: 'from' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at character 5 that is "
        "not closed: close it with POP DIRECTIONAL FORMATTING (U+202C) in the same value, or "
        "remove it",
        f"{where}:3: error: 'organisation' has a POP DIRECTIONAL FORMATTING (U+202C) at "
        "character 1 that closes nothing: remove it",
    ]


def test_directional_controls_in_a_directory_and_site_yaml_are_located(tmp_path: Path) -> None:
    site_yaml = (
        f"title:\n  en: Test Group\n  ur: ٹیسٹ{RLO}\nbase_url: https://example.test/\n"
        "default_language: en\nlanguages: [en, ur]\nregion: GB\n"
    )
    assert messages(build_fails(write_site(tmp_path / "s", HOME, site_yaml))) == [
        "site.yaml:3: error: 'title.ur' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at character 5 "
        "that is not closed: close it with POP DIRECTIONAL FORMATTING (U+202C) in the same "
        "value, or remove it"
    ]
    directory = (
        f"title: Who to call\nentries:\n  - id: police\n    name: Po{RLI}lice\n    phone: '101'\n"
    )
    assert _fails(tmp_path / "d", {"content/contacts/help.yaml": directory}) == [
        "content/contacts/help.yaml:4: error: 'entries[1].name' has a RIGHT-TO-LEFT ISOLATE "
        "(U+2067) at character 3 that is not closed: close it with POP DIRECTIONAL ISOLATE "
        "(U+2069) in the same value, or remove it"
    ]


def test_closed_controls_and_joiners_are_kept_as_written(tmp_path: Path) -> None:
    # A closed isolate is the editor's own fix for mixed text; ZWNJ shapes Persian and Urdu
    # words ("می‌خواهم"), ZWJ Bengali conjuncts: neither reorders anything.
    title = f"Call {RLI}مرکز{PDI} now"
    summary = "می\u200cخواهم \u0995\u09cd\u200d\u09b7"
    files: dict[str, str | bytes] = {
        "content/advice/safe.md": f"---\ntitle: {title}\nsummary: {summary}\n---\nText.\n"
    }
    out, _ = build(write_site(tmp_path / "s", {**HOME, **files}))
    built = page(out, "en/advice/safe/index.html")
    assert built.h1 is not None and built.h1.get_text() == title
    assert built.title is not None and built.title.get_text().startswith(title + " – ")
    lead = built.select_one("p.lead")
    assert lead is not None and lead.get_text() == summary


# -- isolation in lists and links ------------------------------------------------------------


ISOLATION_SITE = """\
title: Test Group
base_url: https://example.test/
default_language: en
languages: [en, ur]
region: GB
"""


def test_titles_in_lists_and_names_in_links_are_isolated(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/advice/index.md": "---\ntitle: Advice\n---\nAll our advice.\n",
        "content/advice/safe.md": "---\ntitle: Staying safe\ncontacts: [help]\n---\nLock up.\n",
        "content/advice/safe.ur.md": (
            "---\ntitle: محفوظ رہنا\ntranslated_by: مسجد کمیٹی\n---\nدروازے بند کریں۔\n"
        ),
        f"{STATEMENT}/index.md": STATEMENT_INDEX,
        f"{STATEMENT}/letters/01-imam.md": (
            "---\nfrom: Imam Yusuf\norganisation: مسجد النور\n---\nThe mosque is open.\n"
        ),
        f"{STATEMENT}/letters/02-council.md": (
            "---\nfrom: Cllr Tom Price\norganisation: Council\n---\nThe hall is open.\n"
        ),
        "content/contacts/help.yaml": (
            "title: Who to call\nentries:\n  - id: mosque\n    name: مسجد النور\n"
            "    phone: '02071234567'\n"
        ),
        "content/rumours/curfew.md": (
            "---\nclaim: There is a curfew\nverdict: false\nchecked: 2026-11-20\nsources:\n"
            "  - organisation: شرطة ريفرسايد\n    link: https://police.example/\n---\nNo.\n"
        ),
    }
    out, _ = build(write_site(tmp_path / "s", {**HOME, **files}, ISOLATION_SITE))

    section = page(out, "en/advice/index.html")
    links = section.select(".child__title a")
    assert [(a.get_text(), a.get("dir")) for a in links] == [("Staying safe", "ltr")]

    safe = page(out, "en/advice/safe/index.html")
    names = safe.select(".entry__name bdi")
    assert [bdi.get_text() for bdi in names] == ["مسجد النور"]
    directory_link = safe.select_one(".directory h2 a")
    assert directory_link is not None and directory_link.get("dir") == "ltr"

    statement = page(out, "en/statements/fire/index.html")
    assert [b.get_text() for b in statement.select(".toc a bdi")] == [
        "Imam Yusuf",
        "مسجد النور",
        "Cllr Tom Price",
        "Council",
    ]

    urdu = page(out, "ur/advice/safe/index.html")
    assert [b.get_text() for b in urdu.select(".notice--provenance p bdi")] == ["مسجد کمیٹی"]

    rumour = page(out, "en/rumours/curfew/index.html")
    assert [b.get_text() for b in rumour.select(".rumour__sources li a bdi")] == ["شرطة ريفرسايد"]
