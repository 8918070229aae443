"""The notices readers get about translations: the original's language named in the reader's
language (CLDR, through Babel), and no "not translated" notice on pages made only of the
catalogs' words (listings, search)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitefixture import build, page, write_site

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
