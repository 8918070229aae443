"""Atom feeds per language: translated entries, fallbacks marked, stable bytes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.sitefixture import build, page, write_site

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/statements/first/index.md": """\
        ---
        title: First statement
        summary: We stand together.
        date: 2026-11-01
        updated: 2026-11-05
        author: Amina Khan
        ---
        Read [the second](../second/index.md).
        """,
    "content/statements/first/index.ur.md": """\
        ---
        title: پہلا بیان
        summary: ہم ساتھ ہیں۔
        date: 2026-11-01
        updated: 2026-11-05
        ---
        ہم ساتھ ہیں۔
        """,
    "content/statements/second/index.md": (
        "---\ntitle: Second statement\ndate: 2026-11-10\n---\nText.\n"
    ),
    "content/statements/undated/index.md": "---\ntitle: Undated\n---\nNo date here.\n",
    "content/alerts/patrols.md": (
        "---\ntitle: Patrols\nstarts: 2026-11-20\nlevel: info\n---\nOut.\n"
    ),
    "content/alerts/later.md": "---\ntitle: Later\nstarts: 2026-12-25\nlevel: info\n---\nSoon.\n",
    "content/about.md": "---\ntitle: About\ndate: 2026-11-30\n---\nNot in feeds.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    site = write_site(tmp_path_factory.mktemp("feeds") / "site", FILES)
    return build(site)


def feed(out: Path, lang: str) -> ET.Element:
    return ET.fromstring((out / lang / "feed.xml").read_bytes())


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def test_every_language_has_a_feed_with_its_own_title_and_language(built) -> None:
    out, _ = built
    for lang in ("en", "ur", "pl"):
        root = feed(out, lang)
        assert root.tag == f"{ATOM}feed"
        assert root.get(XML_LANG) == lang
        self_link = root.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None
        assert self_link.get("href") == f"https://example.test/group/{lang}/feed.xml"
    assert feed(out, "ur").findtext(f"{ATOM}title") == "ٹیسٹ گروپ"


def test_entries_are_newest_first_and_leave_out_future_alerts_and_plain_pages(built) -> None:
    out, _ = built
    titles = [e.findtext(f"{ATOM}title") for e in entries(feed(out, "en"))]
    assert titles == ["Patrols", "Second statement", "First statement"]


def test_feed_updated_is_the_newest_entry_not_the_build_time(built) -> None:
    out, _ = built
    assert feed(out, "en").findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"


def test_translated_entry_and_fallback_entries_say_their_language(built) -> None:
    out, _ = built
    by_id = {e.findtext(f"{ATOM}id"): e for e in entries(feed(out, "ur"))}
    first = by_id["https://example.test/group/ur/statements/first/"]
    assert first.get(XML_LANG) == "ur"
    assert first.findtext(f"{ATOM}title") == "پہلا بیان"
    assert first.findtext(f"{ATOM}updated") == "2026-11-05T00:00:00Z"
    assert first.findtext(f"{ATOM}published") == "2026-11-01T00:00:00Z"
    second = by_id["https://example.test/group/ur/statements/second/"]
    assert second.get(XML_LANG) == "en"
    assert second.findtext(f"{ATOM}title") == "Second statement"


def test_entry_content_links_resolve_against_the_page_address(built) -> None:
    out, _ = built
    first = next(
        e for e in entries(feed(out, "en")) if e.findtext(f"{ATOM}title") == "First statement"
    )
    content = first.find(f"{ATOM}content")
    assert content is not None
    assert content.get("type") == "html"
    assert content.get(XML_BASE) == "https://example.test/group/en/statements/first/"
    assert 'href="../second/index.html"' in (content.text or "")
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Amina Khan"
    assert first.findtext(f"{ATOM}summary") == "We stand together."


def test_undated_statement_is_left_out_with_a_located_warning(built) -> None:
    _, result = built
    warnings = [w.format() for w in result.warnings]
    assert (
        "content/statements/undated/index.md:2: warning: this statement is left out of the "
        "feeds: give it a date (date: 2026-03-01)"
    ) in warnings


def test_every_page_links_its_languages_feed(built) -> None:
    out, _ = built
    for rel, href in [
        ("en/index.html", "feed.xml"),
        ("ur/statements/first/index.html", "../../feed.xml"),
        ("pl/about/index.html", "../feed.xml"),
    ]:
        link = page(out, rel).find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, rel
        assert link["href"] == href


def test_feeds_are_byte_identical_across_builds_and_clocks(tmp_path: Path, built) -> None:
    out, _ = built
    site = write_site(tmp_path / "again", FILES)
    later = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)
    again, _ = build(site, tmp_path / "again-out", now=later)
    for lang in ("en", "ur", "pl"):
        assert (again / lang / "feed.xml").read_bytes() == (out / lang / "feed.xml").read_bytes()


def test_a_site_without_statements_has_valid_empty_feeds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "empty", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"})
    out, _ = build(site)
    root = feed(out, "en")
    assert entries(root) == []
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_a_rebuild_keeps_feeds_until_an_entry_or_its_date_changes(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    out, _ = build(site)
    en_feed = out / "en" / "feed.xml"
    before = en_feed.stat()
    build(site, out)
    assert en_feed.stat().st_ino == before.st_ino  # nothing changed: the same file
    second = site / "content/statements/second/index.md"
    second.write_text("---\ntitle: Second statement\ndate: 2026-11-10\n---\nNew words.\n")
    build(site, out)
    contents = [e.findtext(f"{ATOM}content") or "" for e in entries(feed(out, "en"))]
    assert any("New words." in text for text in contents)
    assert not any(text.strip() == "<p>Text.</p>" for text in contents)
    later = dt.datetime(2026, 12, 26, tzinfo=dt.UTC)  # the scheduled alert has started
    build(site, out, now=later)
    titles = [e.findtext(f"{ATOM}title") for e in entries(feed(out, "pl"))]
    assert "Later" in titles
    cold, _ = build(site, tmp_path / "cold", now=later)
    assert en_feed.read_bytes() == (cold / "en" / "feed.xml").read_bytes()
