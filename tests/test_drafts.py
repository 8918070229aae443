"""Drafts previewed with --drafts carry a visible "Draft" banner and never reach the sitemap,
the feeds or the search index; an empty contact directory is a warning (issue 16, point 18)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitegen.render.search
from sitegen.build import build_site, check_site
from sitegen.errors import Problems
from sitegen.incremental.cache import Cache
from sitegen.output.files import OutputFile
from tests.sitefixture import NOW, build, page, write_site
from tests.test_serve_site import DEADLINE, get

REPO = Path(__file__).resolve().parent.parent
BANNER = (
    "Draft: this page is not published. It is left out of the site until draft: true is "
    "removed from it."
)
BANNER_UR = (
    "مسودہ: یہ صفحہ شائع نہیں ہوا۔ جب تک اس سے draft: true ہٹایا نہ جائے، یہ سائٹ میں شامل "
    "نہیں ہوگا۔"
)

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/locks.md": "---\ntitle: Better locks\ndate: 2026-11-01\n---\nLock up.\n",
    "content/advice/plans.md": (
        "---\ntitle: Evacuation plans\ndraft: true\ndate: 2026-11-10\n---\nNot ready.\n"
    ),
    "content/statements/march/index.md": (
        "---\ntitle: After the march\ndate: 2026-11-15\ndraft: true\n---\nStill being agreed.\n"
    ),
    "content/statements/march/index.ur.md": (
        "---\ntitle: مارچ کے بعد\ndate: 2026-11-15\n---\nابھی طے ہو رہا ہے۔\n"
    ),
    "content/statements/vigil/index.md": (
        "---\ntitle: The vigil\ndate: 2026-11-12\n---\nThank you.\n"
    ),
    "content/statements/vigil/index.ur.md": (
        "---\ntitle: چوکسی\ndate: 2026-11-12\ndraft: true\n---\nشکریہ۔\n"
    ),
}
DRAFT_PAGES = ["en/advice/plans/", "en/statements/march/", "ur/statements/march/"]
DRAFT_PAGES += ["ur/statements/vigil/"]


def banner(out: Path, rel: str) -> str | None:
    notice = page(out, rel).select_one(".notice--draft")
    return None if notice is None else notice.get_text(" ", strip=True)


def test_a_build_with_drafts_marks_each_draft_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(write_site(tmp_path / "site", FILES), out, now=NOW, drafts=True)
    for rel in DRAFT_PAGES:
        expected = BANNER if rel.startswith("en/") else BANNER_UR
        assert banner(out, rel + "index.html") == expected, rel
    # A translation of a draft is a draft; a draft translation does not make its original one.
    for rel in ("en/advice/locks/", "en/statements/vigil/", "en/index.html"):
        assert banner(out, rel if rel.endswith(".html") else rel + "index.html") is None, rel
    assert page(out, "ur/advice/plans/index.html").select_one(".notice--draft") is not None


def test_drafts_are_never_in_the_sitemap_or_feeds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    for drafts in (False, True):
        out = tmp_path / f"out-{drafts}"
        build_site(site, out, now=NOW, drafts=drafts)
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        for rel in DRAFT_PAGES:
            assert f"https://example.test/group/{rel}" not in sitemap, (drafts, rel)
        assert "https://example.test/group/en/statements/vigil/" in sitemap
        assert "https://example.test/group/en/advice/locks/" in sitemap
        feeds = {
            lang: BeautifulSoup((out / lang / "feed.xml").read_text(encoding="utf-8"), "xml")
            for lang in ("en", "ur")
        }
        titles = {
            lang: [t.get_text() for t in f.select("entry > title")] for lang, f in feeds.items()
        }
        # Urdu readers get the English original of the vigil until its translation is ready.
        assert titles == {"en": ["The vigil"], "ur": ["The vigil"]}, drafts


def test_drafts_are_never_given_to_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed: list[str] = []

    def record(files: list[OutputFile], problems: Problems, cache: Cache) -> None:
        indexed.extend(f.path for f in files)

    monkeypatch.setattr(sitegen.render.search, "build_search_index", record)
    build_site(write_site(tmp_path / "site", FILES), tmp_path / "out", now=NOW, drafts=True)
    assert "en/advice/locks/index.html" in indexed
    assert "en/statements/vigil/index.html" in indexed
    for rel in DRAFT_PAGES:
        assert rel + "index.html" not in indexed


def test_without_drafts_the_draft_pages_are_not_built(tmp_path: Path) -> None:
    out, _ = build(write_site(tmp_path / "site", FILES))
    for rel in ("en/advice/plans/", "en/statements/march/", "ur/statements/march/"):
        assert not (out / rel / "index.html").exists()
    assert banner(out, "ur/statements/vigil/index.html") is None  # the English original instead


def test_the_dev_server_shows_a_draft_with_its_banner(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    command = [sys.executable, str(REPO / "build.py"), "serve", "--site", str(site)]
    command += ["--port", "0", "--now", "2026-11-22", "--drafts"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = ""
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline and not url:
            found = re.search(r"Serving (http://\S+/)", process.stdout.readline())
            url = found.group(1) if found else ""
        assert url.startswith("http://127.0.0.1:")
        status, body = get(url, "/en/advice/plans/index.html")
        assert status == 200
        notice = BeautifulSoup(body, "html.parser").select_one(".notice--draft")
        assert notice is not None and notice.get_text(" ", strip=True) == BANNER
        status, sitemap = get(url, "/sitemap.xml")
        assert status == 200 and "advice/plans" not in sitemap
    finally:
        process.terminate()
        process.communicate(timeout=20)


EMPTY_DIRECTORIES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/contacts/help.yaml": "title: Who to call\nintro: Services near you.\nentries: []\n",
    "content/contacts/later.yaml": "title: Coming soon\n",
}


def test_an_empty_contact_directory_is_a_warning_in_check_and_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", EMPTY_DIRECTORIES)
    message = (
        'warning: this directory lists no services: readers would see an empty list ("0 '
        'services"); add its entries, or delete the file'
    )
    expected = [
        f"content/contacts/help.yaml:3: {message}",
        f"content/contacts/later.yaml:1: {message}",
    ]
    assert [p.format() for p in check_site(site, now=NOW).problems] == expected
    _, result = build(site)
    assert sorted(p.format() for p in result.warnings) == expected
