"""Files, paths and output: nothing escapes, nothing collides, nothing outside is followed."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from tests.sitefixture import build, build_fails, page, write_site

HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}


def test_two_sources_differing_only_in_case_collide(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/Safe.md": "---\ntitle: A\n---\nx\n",
            "content/safe.md": "---\ntitle: B\n---\ny\n",
        },
    )
    if not (site / "content/Safe.md").exists() or len(list((site / "content").iterdir())) < 3:
        pytest.skip("case-insensitive file system: two such files cannot exist")
    lines = [p.format() for p in build_fails(site).errors]
    assert any(
        "content/Safe.md" in line and "content/safe.md" in line and "would both write" in line
        for line in lines
    ), lines


def test_nfc_and_nfd_names_collide(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "café")
    nfd = unicodedata.normalize("NFD", "café")
    site = write_site(tmp_path / "s", HOME)
    (site / "content" / f"{nfc}.md").write_text("---\ntitle: A\n---\nx\n")
    (site / "content" / f"{nfd}.md").write_text("---\ntitle: B\n---\ny\n")
    if len(list((site / "content").iterdir())) < 3:
        pytest.skip("the file system normalises names itself")
    assert [p.format() for p in build_fails(site).errors] == [
        "content/café.md:1: error: content/café.md is there twice, its name written in two "
        "Unicode forms (composed and decomposed accents): both would be the page 'café' in 'en'; "
        "keep one"
    ]


def test_file_names_are_normalised_to_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "café")
    site = write_site(tmp_path / "s", HOME)
    (site / "content" / f"{nfd}.md").write_text("---\ntitle: Cafe\n---\nx\n")
    out, _ = build(site)
    assert (out / "en" / unicodedata.normalize("NFC", "café") / "index.html").is_file()
    names = {unicodedata.is_normalized("NFC", p.name) for p in (out / "en").iterdir()}
    assert names == {True}


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
        assert path.is_relative_to(site) or path.is_relative_to(out) or path == tmp_path
