"""The translators' commands run as a translator runs them: a real process, started from some
other folder, with the site given as a relative or an absolute --site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/staying-safe.md": """
        ---
        title: Staying safe
        ---

        Keep your phone charged.
        """,
}


def sitegen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python3 -m sitegen ARGS` in `cwd`, loading this checkout's sitegen."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A site folder and, beside it, another folder the commands are run from."""
    site = write_site(tmp_path / "site", dict(FILES))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return site, elsewhere


@pytest.mark.parametrize("relative_site", [True, False])
@pytest.mark.parametrize("given", ["advice/staying-safe.md", "content/advice/staying-safe.md"])
def test_new_takes_paths_inside_content_from_any_folder(
    layout: tuple[Path, Path], relative_site: bool, given: str
) -> None:
    site, elsewhere = layout
    site_arg = "../site" if relative_site else str(site)
    first = sitegen(elsewhere, "translations", "new", given, "--lang", "ur", "--site", site_arg)
    assert first.returncode == 0, first.stderr
    translation = site / "content/advice/staying-safe.ur.md"
    assert translation.is_file()
    assert not (elsewhere / "content").exists()

    translation.write_text("---\ntitle: محفوظ رہنا\n---\nمیرا ترجمہ\n", encoding="utf-8")
    again = sitegen(elsewhere, "translations", "new", given, "--lang", "ur", "--site", site_arg)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "content/advice/staying-safe.ur.md: error: this translation already exists; use "
        "--force to start again from the original (that replaces what is there), or edit it "
        "and, when it matches the original, run `python build.py translations done "
        "content/advice/staying-safe.ur.md`",
        "translations new: nothing was changed.",
    ]
    assert "میرا ترجمہ" in translation.read_text(encoding="utf-8")

    forced = sitegen(
        elsewhere, "translations", "new", given, "--lang", "ur", "--site", site_arg, "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert "Keep your phone charged." in translation.read_text(encoding="utf-8")


def test_new_done_from_inside_the_site_and_a_missing_file(layout: tuple[Path, Path]) -> None:
    site, elsewhere = layout
    inside = sitegen(site, "translations", "new", "advice/staying-safe.md", "--lang", "pl")
    assert inside.returncode == 0, inside.stderr
    done = sitegen(
        elsewhere, "translations", "done", "advice/staying-safe.pl.md", "--site", "../site"
    )
    assert done.returncode == 0, done.stderr

    missing = sitegen(
        elsewhere, "translations", "new", "advice/nothing.md", "--lang", "ur", "--site", "../site"
    )
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[0] == (
        "content/advice/nothing.md: error: there is no such file (paths are inside the site's "
        f"content folder, {site.resolve() / 'content'})"
    )
    assert "internal error" not in missing.stderr


def test_extract_outside_a_site_is_an_error(layout: tuple[Path, Path]) -> None:
    site, elsewhere = layout
    here = sitegen(elsewhere, "translations", "extract")
    assert here.returncode == 1
    assert here.stderr.splitlines() == [
        "site.yaml: error: no site.yaml in .: is this the site folder? (use --site DIR)",
        "translations extract: nothing was changed.",
    ]
    assert list(elsewhere.iterdir()) == []

    nowhere = sitegen(elsewhere, "translations", "extract", "--site", "../no-such-site")
    assert nowhere.returncode == 1
    assert nowhere.stderr.splitlines()[0] == (
        "site.yaml: error: there is no folder ../no-such-site: give the site folder, the one "
        "holding site.yaml (--site DIR)"
    )
    assert not (elsewhere.parent / "no-such-site").exists()

    for site_arg in ("../site", str(site)):
        made = sitegen(elsewhere, "translations", "extract", "--site", site_arg)
        assert made.returncode == 0, made.stderr
        assert (site / "translations/messages.pot").is_file()
    assert list(elsewhere.iterdir()) == []
