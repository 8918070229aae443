"""Hostile files, paths and output folders: nothing escapes, collides, or is lost when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.errors import SiteError
from tests.hostile.catalogue import HOME, Case, Fails, run_case
from tests.sitefixture import NOW, build, build_fails, write_site

REPO = Path(__file__).resolve().parents[2]
X = "content/x.md"
NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")

CASES = [
    Case(
        "invalid UTF-8 names the byte",
        {X: b"---\ntitle: X\n---\nHi \xff there\n"},
        Fails(f"{X}:4", "not valid UTF-8 at byte 20 (line 4)"),
    ),
    Case(
        "NUL byte names the byte",
        {X: b"---\ntitle: X\n---\nHi\x00\n"},
        Fails(f"{X}:4", "a NUL character (byte 0) at byte 19 (line 4)"),
    ),
    Case(
        "lone surrogate names the byte",
        {X: b"---\ntitle: X\n---\nHi \xed\xa0\x80\n"},
        Fails(f"{X}:4", "not valid UTF-8 at byte 20 (line 4)"),
    ),
    Case(
        "UTF-16 file", {X: "---\ntitle: X\n---\nHi\n".encode("utf-16")}, Fails(f"{X}:1", "UTF-16")
    ),
    Case(
        "link out of the content folder",
        {X: "---\ntitle: X\n---\nHi.\n\n[x](../../etc/passwd)\n"},
        Fails(f"{X}:6", "leads outside the content folder"),
    ),
    Case(
        "percent-encoded traversal in a link",
        {X: "---\ntitle: X\n---\nHi.\n\n[x](%2e%2e/%2e%2e/site.yaml)\n"},
        Fails(f"{X}:6", "%2e%2e"),
    ),
    Case(
        "absolute link path to a file",
        {X: "---\ntitle: X\n---\nHi.\n\n[x](/etc/passwd)\n"},
        Fails(f"{X}:6", "/etc/passwd"),
    ),
    Case(
        "file named with percent-encoded dots",
        {"content/%2e%2e.md": "---\ntitle: Dots\n---\nHi.\n"},
        Fails("content/%2e%2e.md", "cannot be part of a web address as it is"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_files(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_case_collision_names_both_sources(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/Help.md": "---\ntitle: A\n---\nx\n",
            "content/help.md": "---\ntitle: B\n---\ny\n",
        },
    )
    if len(list((site / "content").iterdir())) < 3:
        pytest.skip("case-insensitive file system")
    found = [p.format() for p in build_fails(site).errors]
    assert [m for m in found if m.startswith("content/Help.md: error:")] == [
        "content/Help.md: error: the file name 'Help.md' cannot be part of a web address as it "
        "is (use lower-case letters a-z, digits and hyphens, no spaces or accents): rename it "
        "'help.md'"
    ], found


def test_unicode_normalisation_collision_names_both_sources(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME)
    (site / f"content/{NFC}.md").write_text("---\ntitle: A\n---\nx\n", encoding="utf-8")
    (site / f"content/{NFD}.md").write_text("---\ntitle: B\n---\ny\n", encoding="utf-8")
    if len(list((site / "content").iterdir())) < 3:
        pytest.skip("the file system normalises names")
    found = [p.format() for p in build_fails(site).errors]
    assert found == [
        f"content/{NFC}.md: error: the file name '{NFC}.md' cannot be part of a web address as "
        "it is (use lower-case letters a-z, digits and hyphens, no spaces or accents): rename it "
        "'cafe.md'"
    ], found


def test_symlink_to_a_file_outside_the_site_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nTOP SECRET\n", encoding="utf-8")
    site = write_site(tmp_path / "s", HOME)
    (site / "content/leak.md").symlink_to(secret)
    (site / "content/leakdir").symlink_to(tmp_path, target_is_directory=True)
    try:
        out, _ = build(site)
    except SiteError as error:
        assert all(p.ref.path.startswith("content/leak") for p in error.errors), str(error)
        return
    for file in out.rglob("*"):
        if file.is_file():
            assert b"TOP SECRET" not in file.read_bytes(), file


@pytest.mark.parametrize("where", ["site", "parent", "home", "root"])
def test_output_folder_that_would_destroy_sources_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    home = tmp_path / "home"
    site = write_site(home / "s", HOME)
    monkeypatch.setenv("HOME", str(home))
    out = {"site": site, "parent": home, "home": home, "root": Path("/")}[where]
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    with pytest.raises(SiteError) as caught:
        build_site(site, out, now=NOW)
    assert "choose a new or empty folder" in str(caught.value)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_folder_not_made_by_sitegen_is_never_replaced(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME)
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"precious")
    with pytest.raises(SiteError) as caught:
        build_site(site, out, now=NOW)
    assert "was not made by sitegen" in str(caught.value)
    assert (out / "holiday.jpg").read_bytes() == b"precious"


# A build slowed down at each file it writes, so it can be killed while writing.
SLOW_BUILD = """
import sys, time
import sitegen.output.inplace as inplace
import sitegen.output.staging as staging
from sitegen.cli import main
real = staging._write_file
def slow(*args, **kwargs):
    time.sleep(0.02)
    return real(*args, **kwargs)
staging._write_file = slow
inplace.SMALL_CHANGE = 0  # every change builds a new folder and swaps it in
sys.exit(main(["build", "--site", sys.argv[1], "--out", sys.argv[2], "--now", "2026-11-22"]))
"""


def test_build_killed_while_writing_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    pages = {f"content/p{i}.md": f"---\ntitle: P{i}\n---\nNew text {i}.\n" for i in range(20)}
    old_site = write_site(tmp_path / "old", HOME)
    out = tmp_path / "out"
    build(old_site, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    new_site = write_site(tmp_path / "new", {**HOME, **pages})
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(new_site), str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = _wait_for_staging(tmp_path, child)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert staging.exists(), "the build was killed after it had finished writing"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    build(new_site, out)
    leftovers = [p.name for p in tmp_path.iterdir() if ".sitegen-" in p.name]
    assert leftovers == [".out.sitegen-lock"]  # the lock file stays; see output/lock.py
    assert (out / "en/p7/index.html").is_file()


def _wait_for_staging(folder: Path, child: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for entry in folder.iterdir():
            if ".sitegen-tmp-" in entry.name and len(list(entry.rglob("*"))) > 5:
                return entry
        if child.poll() is not None:
            break
        time.sleep(0.005)
    child.kill()
    raise AssertionError("the build never started writing")
