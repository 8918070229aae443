"""The command line, run as a user runs it: a real process."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _commands_described(help_text: str) -> dict[str, str]:
    """Read the command list of `--help`: each command with the words that describe it."""
    listing = help_text.split("COMMAND\n", 2)[-1].split("\n\n")[0]
    described: dict[str, str] = {}
    name = ""
    for line in listing.splitlines():
        words = line.split(maxsplit=1)
        if line.startswith("    ") and not line.startswith("     "):
            name = words[0]
            described[name] = words[1] if len(words) > 1 else ""
        elif name and words:
            described[name] = (described[name] + " " + " ".join(words)).strip()
    return described


def test_help_documents_every_command() -> None:
    from sitegen.arguments import make_parser

    result = run("--help")
    assert result.returncode == 0
    parser = make_parser()
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    described = _commands_described(result.stdout)
    assert set(described) == set(subparsers.choices)
    assert all(len(words.split()) >= 3 for words in described.values()), described
    build_help = run("build", "--help").stdout
    for option in ("--site", "--out", "--now", "--drafts"):
        assert option in build_help
    serve_help = run("serve", "--help").stdout
    for option in ("--host", "--port", "127.0.0.1"):
        assert option in serve_help


def test_build_prints_one_summary_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME)
    result = run(
        "build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2026-11-22"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Built 3 pages in 3 languages (en 1, ur 1, pl 1)")
    assert result.stderr == ""
    assert (tmp_path / "out/en/index.html").is_file()


def test_no_command_builds_current_folder_into_public(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME)
    result = run(cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "public/en/index.html").is_file()


def test_error_exit_status_and_located_message(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "---\ntitle: a: b\n---\nx\n"})
    result = run("build", "--site", str(site), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("content/index.md:2: error:")
    assert "Traceback" not in result.stderr
    # Nothing was there before: the message does not say a previous output was kept.
    assert result.stderr.endswith("\nBuild failed: 1 error.\n"), result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_now_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "--now", "yesterday")
    assert result.returncode == 2
    assert "not an ISO date" in result.stderr


def test_example_site_builds(tmp_path: Path) -> None:
    result = run("build", "--out", str(tmp_path / "out"), "--now", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/index.html").is_file()
