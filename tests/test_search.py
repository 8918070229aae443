"""Search pages per language and the Pagefind index (when the `search` extra is installed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import sitegen.render.search
from sitegen.render.search import pagefind_executable, stable_entry
from tests.sitefixture import build, page, write_site

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome neighbours.\n",
    "content/index.ur.md": "---\ntitle: گھر\n---\nخوش آمدید پڑوسیو۔\n",
    "content/advice/safe.md": "---\ntitle: Staying safe\n---\nLock the door at night.\n",
    "content/advice/safe.ur.md": "---\ntitle: محفوظ رہنا\n---\nرات کو دروازہ بند کریں۔\n",
    "content/alerts/road.md": (
        "---\ntitle: Road closed\nstarts: 2026-11-01\nlevel: info\n---\nDetour via Elm Street.\n"
    ),
}

needs_pagefind = pytest.mark.skipif(
    pagefind_executable() is None, reason="Pagefind is not installed (pip install 'pagefind[bin]')"
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("search") / "site", FILES)
    built, _ = build(site)
    return built


def fragments(out: Path) -> list[dict]:
    found = []
    for path in sorted((out / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


def test_every_language_has_a_search_page_in_its_language(out: Path) -> None:
    for lang, direction in (("en", "ltr"), ("ur", "rtl"), ("pl", "ltr")):
        soup = page(out, f"{lang}/search/index.html")
        assert soup.html["lang"] == lang
        assert soup.html["dir"] == direction


def test_every_page_links_to_its_languages_search_page(out: Path) -> None:
    for rel, href in (
        ("en/index.html", "search/index.html"),
        ("ur/advice/safe/index.html", "../../search/index.html"),
    ):
        link = page(out, rel).select_one(".site-search a")
        assert link is not None
        assert link["href"] == href


def test_only_the_page_content_is_marked_for_indexing(out: Path) -> None:
    soup = page(out, "en/advice/safe/index.html")
    marked = soup.select("[data-pagefind-body]")
    assert len(marked) == 1
    assert marked[0].find_parent("main") is not None
    assert marked[0].find("h1").get_text() == "Staying safe"
    assert "Road closed" in soup.find("main").get_text()  # the live alert's banner
    assert "Road closed" not in marked[0].get_text()


@needs_pagefind
def test_pagefind_indexes_each_language_separately(out: Path) -> None:
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_bytes())
    assert list(entry["languages"]) == ["en", "pl", "ur"]
    # home, advice, safe, alerts, road, and the theme's page about the quick exit
    assert entry["languages"]["ur"]["page_count"] == 6


@needs_pagefind
def test_pagefind_indexes_urdu_page_text_and_not_the_alert_banner(out: Path) -> None:
    by_url = {f["url"]: f for f in fragments(out)}
    assert "/ur/advice/safe/index.html" in by_url
    assert "رات کو دروازہ بند کریں" in by_url["/ur/advice/safe/index.html"]["content"]
    assert all(
        "Elm Street" not in f["content"] for f in by_url.values() if "alerts" not in f["url"]
    )
    assert not any(url.endswith("/search/index.html") for url in by_url)


@needs_pagefind
def test_search_page_loads_pagefind_from_the_site_with_no_inline_script(out: Path) -> None:
    soup = page(out, "ur/search/index.html")
    sources = [
        s.get("src") for s in soup.find_all("script") if s.get("type") != "application/ld+json"
    ]
    assert sources == [
        "../../pagefind/pagefind-ui.js",
        "../../assets/search.js",
        "../../assets/quick-exit.js",
        "../../assets/alerts.js",
    ]
    assert all(s.string is None or not s.string.strip() for s in soup.find_all("script"))
    assert soup.find("link", rel="stylesheet", href="../../pagefind/pagefind-ui.css") is not None
    box = soup.select_one("[data-search]")
    assert box["data-bundle"] == "../../pagefind/"
    assert box["data-root"] == "../../"
    assert box.find("noscript") is not None
    assert (out / "assets" / "search.js").is_file()
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (out / "pagefind" / name).is_file()


@needs_pagefind
def test_search_page_policy_allows_only_what_pagefind_needs(out: Path) -> None:
    soup = page(out, "en/search/index.html")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    other = page(out, "en/index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "wasm-unsafe-eval" not in other["content"]


def bundle(out: Path) -> dict[str, bytes]:
    folder = out / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@needs_pagefind
def test_the_index_is_byte_identical_across_builds(out: Path, tmp_path: Path) -> None:
    again, _ = build(write_site(tmp_path / "again", FILES))
    assert bundle(out) == bundle(again)
    assert len(bundle(out)) > 10


def test_without_pagefind_the_build_succeeds_and_says_search_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.render.search, "pagefind_executable", lambda: None)
    built, result = build(write_site(tmp_path / "s", FILES))
    assert not (built / "pagefind").exists()
    soup = page(built, "ur/search/index.html")
    assert soup.select_one("[data-search]") is None
    assert soup.find("p", class_="notice").get_text().startswith("اس سائٹ پر تلاش")
    english = page(built, "en/search/index.html").find("p", class_="notice")
    assert english.get_text().startswith("Search is not available")
    assert "pagefind" not in str(soup.find("head"))
    assert result.warnings == ()


def test_a_failing_pagefind_is_a_warning_and_search_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.render.search, "pagefind_executable", lambda: Path("/bin/false"))
    built, result = build(write_site(tmp_path / "s", FILES))
    assert [w.format() for w in result.warnings] == [
        "pagefind/: warning: search index not built, search is unavailable: "
        "Pagefind failed (exit 1): no message"
    ]
    assert not (built / "pagefind").exists()
    assert page(built, "en/search/index.html").select_one("[data-search]") is None


def test_stable_entry_sorts_languages_and_keeps_everything_else() -> None:
    raw = '{"version":"1","languages":{"ur":{"n":1},"en":{"n":2}},"x":["\u00a0"]}'
    assert stable_entry(raw.encode()) == (
        '{"version":"1","languages":{"en":{"n":2},"ur":{"n":1}},"x":["\u00a0"]}'.encode()
    )
