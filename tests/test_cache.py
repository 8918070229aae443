"""The cache and the worker processes change how fast a build is, never what it makes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.cache import default_cache_dir
from tests.sitefixture import NOW, write_site


def many_pages(count: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"content/index.md": "---\ntitle: Home\n---\n[first](p0.md)\n"}
    for n in range(count):
        files[f"content/p{n}.md"] = (
            f"---\ntitle: Page {n}\n---\n## Part {n}\n\nText with a [link](p{(n + 1) % count}.md)."
            "\n\n<script>alert(1)</script>\n"
        )
        if n % 3 == 0:
            files[f"content/p{n}.ur.md"] = f"---\ntitle: صفحہ {n}\n---\nمتن 0800 789 321\n"
    return files


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", many_pages(80))


def test_cached_build_gives_the_same_bytes_as_a_cold_build(site: Path, tmp_path: Path) -> None:
    cold = tmp_path / "cold"
    build_site(site, cold, now=NOW, use_cache=False)
    warm = tmp_path / "warm"
    first = build_site(site, warm, now=NOW)
    second = build_site(site, warm, now=NOW)
    assert tree(warm) == tree(cold)
    assert first.warnings == second.warnings  # problems found while parsing are kept too
    assert first.warnings  # the <script> removals
    assert default_cache_dir(site, warm).is_dir()
    assert not default_cache_dir(site, cold).exists()


def test_corrupt_cache_is_ignored(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    expected = tree(out)
    entries = [p for p in default_cache_dir(site, out).rglob("*") if p.is_file()]
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes(b"" if number % 2 else b"\x80\x04garbage")
    build_site(site, out, now=NOW)
    assert tree(out) == expected


def test_an_edit_is_never_hidden_by_the_cache(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    (site / "content/p5.md").write_text("---\ntitle: Page five, edited\n---\nNew words.\n")
    build_site(site, out, now=NOW)
    html = (out / "en/p5/index.html").read_text()
    assert "New words." in html and "Page five, edited" in html


def test_worker_processes_give_the_same_bytes_as_one(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    build_site(site, tmp_path / "one", now=NOW, use_cache=False)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    build_site(site, tmp_path / "two", now=NOW, use_cache=False)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert os.environ["SITEGEN_WORKERS"] == "2"
