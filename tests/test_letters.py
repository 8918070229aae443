"""Letters of a statement: which letters each language gets, their order, a letter without a
sender (issue 16, points 7 to 9)."""

from __future__ import annotations

from pathlib import Path

from sitegen.build import check_site
from tests.sitefixture import build, build_fails, messages, page, write_site

FOUR_LANGUAGES = """\
title: Residents' Association
base_url: https://example.test/
default_language: en
languages: [en, ar, ur, pl]
region: GB
"""

STATEMENT = "content/statements/fire"

LETTERS = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    f"{STATEMENT}/index.md": "---\ntitle: After the fire\ndate: 2026-11-20\n---\nOur letters.\n",
    f"{STATEMENT}/index.ar.md": "---\ntitle: بعد الحريق\ndate: 2026-11-20\n---\nرسائلنا.\n",
    f"{STATEMENT}/index.ur.md": "---\ntitle: آگ کے بعد\ndate: 2026-11-20\n---\nہمارے خط۔\n",
    f"{STATEMENT}/letters/01-police.md": (
        "---\nfrom: Ch Supt Amira Khan\norganisation: Police\n---\nWe are patrolling.\n"
    ),
    f"{STATEMENT}/letters/01-police.ur.md": (
        "---\nfrom: چیف سپرنٹنڈنٹ امیرہ خان\norganisation: پولیس\n---\nہم گشت کر رہے ہیں۔\n"
    ),
    f"{STATEMENT}/letters/02-council.md": (
        "---\nfrom: Cllr Tom Price\norganisation: Council\n---\nThe hall is open.\n"
    ),
}


def letters_of(out: Path, rel: str) -> list[tuple[str, str, str, bool]]:
    """Each letter of a built page: (id, lang, dir, shown with the not-translated notice)."""
    return [
        (
            article["id"],
            article["lang"],
            article["dir"],
            article.select_one(".notice--fallback") is not None,
        )
        for article in page(out, rel).select("article.letter")
    ]


def test_removing_a_letters_arabic_translation_shows_the_original_to_arabic_readers(
    tmp_path: Path,
) -> None:
    # The Arabic page's file name sorts before the English one's (index.ar.md < index.md):
    # the letters' original language is the site's default, not whichever file came first.
    site = write_site(tmp_path / "site", LETTERS, FOUR_LANGUAGES)
    out, result = build(site)
    assert result.warnings == ()
    assert letters_of(out, "ar/statements/fire/index.html") == [
        ("01-police", "en", "ltr", True),
        ("02-council", "en", "ltr", True),
    ]
    assert letters_of(out, "ur/statements/fire/index.html") == [
        ("01-police", "ur", "rtl", False),
        ("02-council", "en", "ltr", True),
    ]
    # Polish has no translation of the statement either: the whole page is the original.
    assert letters_of(out, "pl/statements/fire/index.html") == [
        ("01-police", "en", "ltr", False),
        ("02-council", "en", "ltr", False),
    ]
    notice = page(out, "ar/statements/fire/index.html").select_one(".notice--fallback")
    assert notice is not None and (notice["lang"], notice["dir"]) == ("ar", "rtl")


def test_deleting_a_translated_letter_then_building_again_shows_the_original(
    tmp_path: Path,
) -> None:
    arabic = f"{STATEMENT}/letters/01-police.ar.md"
    files = {**LETTERS, arabic: "---\nfrom: رئيسة الشرطة أميرة خان\n---\nنحن نقوم بدوريات.\n"}
    site = write_site(tmp_path / "site", files, FOUR_LANGUAGES)
    out, _ = build(site)
    assert letters_of(out, "ar/statements/fire/index.html")[0] == ("01-police", "ar", "rtl", False)
    (site / arabic).unlink()
    out, result = build(site)  # the same output folder and cache, as an editor would
    assert result.warnings == ()
    assert letters_of(out, "ar/statements/fire/index.html") == [
        ("01-police", "en", "ltr", True),
        ("02-council", "en", "ltr", True),
    ]


def test_a_translated_letter_without_an_original_names_the_translation(tmp_path: Path) -> None:
    files = {**LETTERS, f"{STATEMENT}/letters/03-imam.ar.md": "---\nfrom: الإمام\n---\nنصلي.\n"}
    error = build_fails(write_site(tmp_path / "site", files, FOUR_LANGUAGES))
    assert messages(error) == [
        f"{STATEMENT}/letters/03-imam.ar.md:1: error: a translated letter needs its original "
        f"in the default language (en): there is no {STATEMENT}/letters/03-imam.md"
    ]


def test_a_translation_of_a_letter_that_cannot_be_read_reports_only_the_original(
    tmp_path: Path,
) -> None:
    files = {
        **LETTERS,
        f"{STATEMENT}/letters/03-imam.md": "---\nfrom: The Imam\ndraft: true\n---\nWe pray.\n",
        f"{STATEMENT}/letters/03-imam.ar.md": "---\nfrom: الإمام\n---\nنصلي.\n",
    }
    error = build_fails(write_site(tmp_path / "site", files, FOUR_LANGUAGES))
    assert messages(error) == [
        f"{STATEMENT}/letters/03-imam.md:3: error: unknown key 'draft' (did you mean 'date'?)"
    ]


def test_letters_are_in_the_order_of_their_numbers(tmp_path: Path) -> None:
    files = {
        **LETTERS,
        **{
            f"{STATEMENT}/letters/{name}.md": f"---\nfrom: Sender {name}\n---\nText.\n"
            for name in ("9-school", "10-mosque", "11-church", "100-shops")
        },
    }
    out, _ = build(write_site(tmp_path / "site", files, FOUR_LANGUAGES))
    html = page(out, "en/statements/fire/index.html")
    expected = ["01-police", "02-council", "9-school", "10-mosque", "11-church", "100-shops"]
    assert [a["id"] for a in html.select("article.letter")] == expected
    assert [a["href"] for a in html.select("nav.toc a")] == [f"#{name}" for name in expected]


NO_SENDER = {
    **LETTERS,
    f"{STATEMENT}/letters/03-residents.md": "---\norganisation: Residents\n---\nThank you.\n",
    f"{STATEMENT}/letters/04-note.md": "Pasted without front matter.\n",
}


def test_a_letter_without_a_sender_has_no_empty_heading_or_link(tmp_path: Path) -> None:
    out, _ = build(write_site(tmp_path / "site", NO_SENDER, FOUR_LANGUAGES))
    html = page(out, "en/statements/fire/index.html")
    for anchor in ("03-residents", "04-note"):
        article = html.find("article", id=anchor)
        assert article is not None
        assert article.find("h2") is None
        assert not article.has_attr("aria-labelledby")
        permalink = article.select_one("a.permalink")
        assert permalink is not None and permalink.get_text(strip=True) == "Link to this letter"
        assert not permalink.has_attr("aria-describedby")
    toc = [(a["href"], " ".join(a.get_text().split())) for a in html.select("nav.toc a")]
    assert toc == [
        ("#01-police", "Ch Supt Amira Khan (Police)"),
        ("#02-council", "Cllr Tom Price (Council)"),
        ("#03-residents", "Letter 3"),
        ("#04-note", "Letter 4"),
    ]
    for link in html.find_all("a"):
        assert link.get_text(strip=True), link
    for heading in html.find_all(["h1", "h2", "h3"]):
        assert heading.get_text(strip=True), heading
    ar_toc = page(out, "ar/statements/fire/index.html").select("nav.toc a")
    assert [a.get_text(strip=True) for a in ar_toc][2:] == ["الرسالة 3", "الرسالة 4"]


def test_a_letter_with_a_title_but_no_sender_is_headed_by_its_title(tmp_path: Path) -> None:
    files = {**LETTERS, f"{STATEMENT}/letters/03-open.md": "---\ntitle: Open letter\n---\nHi.\n"}
    out, _ = build(write_site(tmp_path / "site", files, FOUR_LANGUAGES))
    article = page(out, "en/statements/fire/index.html").find("article", id="03-open")
    assert article is not None and article["aria-labelledby"] == "03-open-sender"
    heading = article.find("h2", id="03-open-sender")
    assert heading is not None and heading.get_text(strip=True) == "Open letter"


def test_check_and_build_warn_about_a_letter_without_a_sender(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", NO_SENDER, FOUR_LANGUAGES)
    expected = [
        f"{STATEMENT}/letters/{name}.md:1: warning: this letter does not say who sent it: add "
        "'from:' to its front matter, with the name of whoever signed it (until then it is "
        "shown without a sender)"
        for name in ("03-residents", "04-note")
    ]
    assert [p.format() for p in check_site(site).problems] == expected
    _, result = build(site)
    assert sorted(p.format() for p in result.warnings) == expected
