"""Files, paths and output: nothing escapes, nothing collides, nothing outside is followed."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from tests.sitefixture import build, build_fails, page, write_site

HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}


ADVICE = "---\ntitle: Staying safe tonight\n---\nLock the doors.\n"
RULE = "(use lower-case letters a-z, digits and hyphens, no spaces or accents)"


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        (
            "content/advice/Staying Safe Tonight.md",
            "content/advice/Staying Safe Tonight.md: error: the file name "
            f"'Staying Safe Tonight.md' cannot be part of a web address as it is {RULE}: "
            "rename it 'staying-safe-tonight.md'",
        ),
        (
            "content/café.md",
            f"content/café.md: error: the file name 'café.md' cannot be part of a web address "
            f"as it is {RULE}: rename it 'cafe.md'",
        ),
        (
            "content/Safe.md",
            f"content/Safe.md: error: the file name 'Safe.md' cannot be part of a web address "
            f"as it is {RULE}: rename it 'safe.md'",
        ),
        (
            "content/Advice Pages/bins.md",
            f"content/Advice Pages: error: the folder name 'Advice Pages' cannot be part of a "
            f"web address as it is {RULE}: rename it 'advice-pages'",
        ),
        (
            "content/advice/Leaflet Map.PNG",
            "content/advice/Leaflet Map.PNG: error: the file name 'Leaflet Map.PNG' cannot be "
            f"part of a web address as it is {RULE}: rename it 'leaflet-map.png'",
        ),
    ],
)
def test_names_that_are_not_clean_addresses_are_located_errors_with_the_name_to_use(
    tmp_path: Path, rel: str, message: str
) -> None:
    site = write_site(tmp_path / "s", {**HOME, rel: ADVICE})
    assert [p.format() for p in build_fails(site).errors] == [message]


def test_a_decomposed_accent_is_reported_as_the_composed_name(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "café")
    site = write_site(tmp_path / "s", HOME)
    (site / "content" / f"{nfd}.md").write_text("---\ntitle: Cafe\n---\nx\n")
    assert [p.format() for p in build_fails(site).errors] == [
        f"content/café.md: error: the file name 'café.md' cannot be part of a web address "
        f"as it is {RULE}: rename it 'cafe.md'"
    ]


def test_clean_names_build_with_the_address_of_the_file(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {**HOME, "content/advice/staying-safe_2.md": ADVICE, "content/_drafts/Notes x.md": "x"},
    )
    out, _ = build(site)
    assert page(out, "en/advice/staying-safe_2/index.html").h1 is not None
    assert not (out / "en" / "_drafts").exists()


def test_symlink_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nprivate words\n")
    site = write_site(tmp_path / "s", HOME)
    os.symlink(secret, site / "content" / "leak.md")
    out, result = build(site)
    assert not (out / "en/leak").exists()
    assert [p.format() for p in result.warnings] == [
        "content/leak.md: warning: symbolic link to a place outside the site folder: not followed"
    ]


def test_symlinked_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text("---\ntitle: X\n---\nx\n")
    site = write_site(tmp_path / "s", HOME)
    os.symlink(outside, site / "content" / "more")
    out, _ = build(site)
    assert not (out / "en/more/x").exists()


def test_symlink_inside_the_site_is_followed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {**HOME, "shared/note.md": "---\ntitle: Note\n---\nshared\n"})
    os.symlink(site / "shared/note.md", site / "content/note.md")
    out, _ = build(site)
    assert "shared" in page(out, "en/note/index.html").get_text()


@pytest.mark.parametrize("name", ["..", "%2e%2e", "a%2fb"])
def test_names_that_look_like_traversal_stay_inside(tmp_path: Path, name: str) -> None:
    site = write_site(tmp_path / "s", HOME)
    folder = site / "content" / "x"
    folder.mkdir()
    target = folder / f"{name}.md"  # '..' gives a file literally named '...md'
    target.write_text("---\ntitle: T\n---\nx\n")
    out = tmp_path / "out"
    try:
        build(site, out)
    except Exception as exc:  # a located refusal is fine; escaping is not
        assert "output path" in str(exc) or "content/" in str(exc)
    for path in tmp_path.rglob("*"):
        lock = tmp_path / ".out.sitegen-lock"  # the build lock stays beside the output
        assert path.is_relative_to(site) or path.is_relative_to(out) or path in (tmp_path, lock)
