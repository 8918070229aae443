"""Site settings that switch optional outputs off."""

from __future__ import annotations

from pathlib import Path

from tests.sitefixture import SITE_YAML, build, page, write_site

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/advice/a.md": "---\ntitle: Advice A\n---\nStay safe.\n",
}


def test_search_false_publishes_no_search(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, site_yaml=SITE_YAML + "search: false\n")
    out, _ = build(site)
    assert not (out / "en/search").exists()
    assert not (out / "pagefind").exists()
    assert page(out, "en/index.html").select_one(".site-search") is None


def test_search_on_by_default_links_the_search_page(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    out, _ = build(site)
    link = page(out, "en/advice/a/index.html").select_one(".site-search a")
    assert link is not None and link["href"] == "../../search/index.html"
    assert (out / "en/search/index.html").is_file()


def test_leaflets_false_makes_no_pdf_and_no_link(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, site_yaml=SITE_YAML + "leaflets: false\n")
    out, _ = build(site)
    assert not list(out.rglob("*.pdf"))
    assert page(out, "en/advice/a/index.html").select_one('a[type="application/pdf"]') is None
