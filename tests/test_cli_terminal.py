"""The command line on a terminal: colour (unless NO_COLOR), the progress line, completion."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.console import (
    CLEAR_LINE,
    NORMAL,
    QUIET,
    SHOW_PROGRESS_AFTER,
    VERBOSE,
    Console,
    StageDisplay,
)
from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
SGR = re.compile(r"\x1b\[[0-9;]*m")  # a colour or weight, not the progress line's cursor moves
ONE_LANGUAGE = """\
title: Test Group
base_url: https://example.test/
default_language: en
languages: [en]
region: GB
"""
FILES = {
    "content/index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/odd.fr.md": "---\ntitle: Odd\n---\nx\n",
}
WARNING_TEXT = (
    "this looks like a translation into 'fr', a language site.yaml does not list: "
    "add it to languages or rename the file"
)


def env_for(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARGCOMPLETE")}
    return {**env, "PYTHONPATH": str(REPO), "TERM": "xterm-256color", **extra}


def on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `python3 -m sitegen ARGS` with its standard streams on a pseudo-terminal."""
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(timeout=120), b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", FILES, ONE_LANGUAGE)


def test_warnings_and_errors_are_coloured_on_a_terminal(site: Path, tmp_path: Path) -> None:
    args = ["build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2026-11-22"]
    code, shown = on_terminal(args, env_for())
    assert code == 0
    assert f"content/odd.fr.md: \x1b[1m\x1b[33mwarning\x1b[0m: {WARNING_TEXT}\n" in shown

    (site / "content/index.md").write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    code, shown = on_terminal(args, env_for())
    assert code == 1
    assert "content/index.md:2: \x1b[1m\x1b[31merror\x1b[0m: YAML syntax error" in shown
    out = tmp_path / "out"
    failed = f"Build failed: 1 error. The previous output in {out} is untouched."
    assert f"\x1b[1m\x1b[31m{failed}\x1b[0m\n" in shown


@pytest.mark.parametrize("no_colour", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_colour_when_no_color_is_set(
    site: Path, tmp_path: Path, no_colour: dict[str, str]
) -> None:
    args = ["build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2026-11-22"]
    code, shown = on_terminal(args, env_for(**no_colour))
    assert code == 0
    assert f"content/odd.fr.md: warning: {WARNING_TEXT}\n" in shown
    assert not SGR.search(shown), repr(shown)


def test_no_colour_and_no_progress_line_in_a_pipe(site: Path, tmp_path: Path) -> None:
    args = ["build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2026-11-22"]
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        env=env_for(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == f"content/odd.fr.md: warning: {WARNING_TEXT}\n"
    assert "\x1b" not in result.stdout + result.stderr and "\r" not in result.stderr


# -- the progress line, on a clock of the test's own ------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_progress_line_shows_pages_done_out_of_the_total_after_a_moment() -> None:
    stream, clock = FakeTerminal(), Clock()
    display = StageDisplay(stream, verbose=False, live=True, clock=clock)
    display.stage("read")
    clock.now = 0.2
    display.stage("pages")
    display.total(300)
    display.advance(100)  # too soon after the start to show anything
    assert stream.getvalue() == ""
    clock.now = SHOW_PROGRESS_AFTER + 1
    display.advance(100)  # shown: the build has run long enough
    clock.now += 0.01
    display.advance(50)  # less than REDRAW_EVERY after the last drawing: not drawn
    display.advance(50)  # the last count is always drawn
    display.done()
    assert stream.getvalue() == (f"{CLEAR_LINE}pages 200/300{CLEAR_LINE}pages 300/300{CLEAR_LINE}")


def test_verbose_prints_each_stage_as_it_ends() -> None:
    stream, clock = io.StringIO(), Clock()
    display = StageDisplay(stream, verbose=True, live=False, clock=clock)
    display.stage("read")
    clock.now = 0.25
    display.stage("pages")
    display.total(12)
    clock.now = 1.5
    display.stage("write")
    clock.now = 2.0
    display.done()
    assert stream.getvalue() == "read: 0.25 s\npages: 1.25 s (12)\nwrite: 0.50 s\n"


@pytest.mark.parametrize(
    ("verbosity", "env", "live", "colour"),
    [
        (NORMAL, {}, True, True),
        (VERBOSE, {}, True, True),
        (QUIET, {}, False, True),  # quiet: no progress line, errors still coloured
        (NORMAL, {"NO_COLOR": "1"}, True, False),
        (NORMAL, {"NO_COLOR": ""}, True, True),  # set but empty: no-color.org says ignore it
        (NORMAL, {"TERM": "dumb"}, False, False),
    ],
)
def test_the_console_draws_and_colours_only_where_it_should(
    verbosity: int, env: dict[str, str], live: bool, colour: bool
) -> None:
    console = Console.for_streams(io.StringIO(), FakeTerminal(), verbosity, env)
    assert (console.live, console.colour) == (live, colour)
    piped = Console.for_streams(io.StringIO(), io.StringIO(), verbosity, env)
    assert (piped.live, piped.colour) == (False, False)


# -- shell completion -------------------------------------------------------------------------


def complete(line: str, cwd: Path, tmp_path: Path) -> list[str]:
    """Ask for completions as bash's argcomplete hook does; return what it offers."""
    answer = tmp_path / "completions"
    env = env_for(
        _ARGCOMPLETE="1",
        COMP_LINE=line,
        COMP_POINT=str(len(line)),
        _ARGCOMPLETE_IFS="\n",
        _ARGCOMPLETE_STDOUT_FILENAME=str(answer),
    )
    result = subprocess.run(
        [sys.executable, "-m", "sitegen"], cwd=cwd, env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [word.strip() for word in answer.read_text(encoding="utf-8").split("\n")]


def test_completion_of_commands_options_and_page_paths(site: Path, tmp_path: Path) -> None:
    (site / "content/contacts").mkdir()
    (site / "content/contacts/police.yaml").write_text("title: Police\n", encoding="utf-8")
    (site / "content/photo.jpg").write_bytes(b"\xff\xd8")
    assert complete("sitegen tr", site, tmp_path) == ["translations"]
    assert complete("sitegen build --st", site, tmp_path) == ["--strict"]
    assert complete("sitegen translations n", site, tmp_path) == ["new"]
    assert complete("sitegen translations new content/", site, tmp_path) == [
        "content/index.md",
        "content/odd.fr.md",
        "content/contacts/police.yaml",
    ]
    elsewhere = f"sitegen translations done --site {site} content/o"
    assert complete(elsewhere, tmp_path, tmp_path) == ["content/odd.fr.md"]
