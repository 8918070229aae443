"""The notices readers get about translations: the original's language named in the reader's
language (CLDR, through Babel), and no "not translated" notice on pages made only of the
catalogs' words (listings, search)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.cli import main
from tests.sitefixture import build, page, write_site
from tests.test_catalogs import PL_HEADER

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About us\n---\nWe are neighbours.\n",
    "content/alerts/patrols.md": """
        ---
        title: Extra patrols
        starts: 2026-11-01
        ends: 2026-12-31
        ---

        More officers on the streets.
        """,
    "content/guides/one.md": "---\ntitle: One guide\n---\nRead this.\n",
    # The site's own catalog names its own folder (the theme's names alerts and contacts).
    "translations/pl/LC_MESSAGES/messages.po": PL_HEADER
    + 'msgctxt "folder name"\nmsgid "Guides"\nmsgstr "Poradniki"\n',
    "content/contacts/help.yaml": """
        title: Who to call
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
        """,
}

SITE_YAML = """\
title: Test Group
base_url: https://example.test/
default_language: en
languages: [en, ur, pl]
region: GB
search: true
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("notices") / "site", dict(FILES), SITE_YAML)
    built, _ = build(site)
    return built


def fallback_text(html: BeautifulSoup) -> str:
    notice = html.select_one(".notice--fallback")
    assert notice is not None
    return notice.get_text()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ur", "اس صفحے کا ابھی اردو میں ترجمہ نہیں ہوا۔ یہ انگریزی میں دکھایا گیا ہے۔"),
        (
            "pl",
            "Ta strona nie została jeszcze przetłumaczona na język: Polski. Jest wyświetlana "
            "w języku: angielski.",
        ),
    ],
)
def test_fallback_names_the_original_language_in_the_readers_language(
    out: Path, lang: str, expected: str
) -> None:
    html = page(out, f"{lang}/about/index.html")
    assert fallback_text(html).strip() == expected
    assert "English" not in fallback_text(html)
    mark = html.select_one(".switcher__mark")
    assert mark is not None and "English" not in mark.text


@pytest.mark.parametrize("rel", ["alerts/index.html", "contacts/index.html", "search/index.html"])
def test_generated_pages_have_no_not_translated_notice(out: Path, rel: str) -> None:
    html = page(out, f"ur/{rel}")
    assert html.select_one(".notice--fallback") is None
    content = html.select_one(".content")
    if content is not None:
        assert (content["lang"], content["dir"]) == ("ur", "rtl")
    assert page(out, "ur/about/index.html").select_one(".notice--fallback") is not None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ur", {"alerts": "انتباہات", "contacts": "رابطے", "guides": "Guides"}),
        ("pl", {"alerts": "Komunikaty", "contacts": "Kontakty", "guides": "Poradniki"}),
    ],
)
def test_menus_name_folders_from_the_readers_catalog(
    out: Path, lang: str, expected: dict[str, str]
) -> None:
    html = page(out, f"{lang}/index.html")
    menu = {a["href"].split("/")[0]: a for a in html.select("nav a[lang]")}
    for folder, title in expected.items():
        link = menu[folder]
        assert link.text == title
        translated = title != "Guides"
        assert link["lang"] == (lang if translated else "en")
    listing = page(out, f"{lang}/alerts/index.html")
    assert listing.h1 is not None and listing.h1.text == expected["alerts"]


def test_extract_collects_the_sites_folder_names(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", dict(FILES), SITE_YAML)
    assert main(["translations", "extract", "--site", str(site)]) == 0
    pot = (site / "translations/messages.pot").read_text(encoding="utf-8")
    for folder, title in (("alerts", "Alerts"), ("contacts", "Contacts"), ("guides", "Guides")):
        assert f'#: content/{folder}/\nmsgctxt "folder name"\nmsgid "{title}"\n' in pot
