"""`python -m sitegen serve` as a user runs it: a real process, real signals, real sockets.

Every test gives the server a private TMPDIR (so the temp folders it leaves, or not, are its
own), stops the server itself and waits a bounded time for each line it expects.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Queue

import pytest

from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
WAIT = 60.0


class Served:
    """A running `sitegen serve`: its lines (stdout and stderr merged), its TMPDIR."""

    def __init__(self, args: list[str], cwd: Path, tmpdir: Path, env: dict[str, str]) -> None:
        self.tmpdir = tmpdir
        self.lines: list[str] = []
        self._queue: Queue[str | None] = Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self.process.stdout.close()
        self._queue.put(None)

    def wait_for(self, pattern: str) -> re.Match[str]:
        """Return the first line (from now on) matching `pattern`; fail after WAIT seconds."""
        while True:
            try:
                line = self._queue.get(timeout=WAIT)
            except Empty:
                raise AssertionError(f"no line matching {pattern!r} in {self.lines}") from None
            if line is None:
                raise AssertionError(f"the server ended without {pattern!r}: {self.lines}")
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def url(self) -> str:
        return self.wait_for(r"Serving (http://\S+/)").group(1)

    def stop(self, sig: int | None = signal.SIGTERM) -> int:
        """Send `sig` (None: none), wait for the end, and return the exit code."""
        if sig is not None and self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=WAIT)
        while (line := self._queue.get(timeout=WAIT)) is not None:
            self.lines.append(line)
        return code

    def temp_folders(self) -> list[str]:
        return sorted(path.name for path in self.tmpdir.glob("sitegen-serve-*"))


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    started: list[Served] = []
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()

    def run(*args: str, cwd: Path = tmp_path, env: dict[str, str] | None = None) -> Served:
        environment = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "TMPDIR": str(tmpdir),
            "SITEGEN_WORKERS": "1",
            **(env or {}),
        }
        served = Served(list(args), cwd, tmpdir, environment)
        started.append(served)
        return served

    yield run
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait(timeout=WAIT)


def small_site(root: Path) -> Path:
    return write_site(root, {"content/index.md": "---\ntitle: Home\n---\nHello.\n"})


# --- 10: the wrong folder ------------------------------------------------------------------


def test_serve_without_site_yaml_stops_and_names_the_site_below(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    small_site(tmp_path / "projects" / "community-site")
    (tmp_path / "node_modules" / "a").mkdir(parents=True)
    (tmp_path / "node_modules" / "a" / "site.yaml").write_text("title: not this\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "site.yaml").write_text("title: nor this\n")
    served = start("--port", "0")
    code = served.stop(None)
    assert code == 1
    assert served.lines == [
        f"site.yaml: error: no site.yaml in .: is this the site folder? (use --site DIR); "
        f"there is one in projects/community-site: use --site projects/community-site",
        "Build failed: 1 error. The previous output is untouched.",
    ]
    assert served.temp_folders() == []


def test_serve_without_any_site_below_says_only_that(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty" / "a" / "b" / "c" / "d").mkdir(parents=True)
    small_site(tmp_path / "empty" / "a" / "b" / "c" / "d")  # too deep to be suggested
    served = start("--site", "empty", "--port", "0")
    assert served.stop(None) == 1
    assert served.lines[0] == (
        "site.yaml: error: no site.yaml in empty: is this the site folder? (use --site DIR)"
    )


def test_build_gives_the_same_hint(tmp_path: Path) -> None:
    small_site(tmp_path / "mysite")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"site.yaml: error: no site.yaml in {tmp_path}: is this the site folder? (use --site DIR); "
        "there is one in mysite: use --site mysite"
    )
