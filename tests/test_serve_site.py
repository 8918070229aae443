"""`python build.py serve` end to end: the real build, a real process, real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
DEADLINE = 60.0


def get(url: str, path: str) -> tuple[int, str]:
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()  # type: ignore[union-attr]
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\nFirst words.\n",
            "content/about.md": "---\ntitle: About\n---\nAbout us.\n",
        },
    )
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--site",
            str(site),
            "--port",
            "0",
            "--now",
            "2026-11-22",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = ""
    assert process.stdout is not None
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline and not url:
        line = process.stdout.readline()
        found = re.search(r"Serving (http://\S+/)", line)
        url = found.group(1) if found else ""
    try:
        assert url.startswith("http://127.0.0.1:"), "the server did not start on 127.0.0.1"
        yield site, url
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_serves_rebuilds_and_survives_a_broken_edit(served: tuple[Path, str]) -> None:
    site, url = served
    status, body = get(url, "/en/index.html")
    assert status == 200 and "First words." in body

    (site / "content/index.md").write_text("---\ntitle: Home\n---\nSecond words.\n")
    wait_for(lambda: "Second words." in get(url, "/en/index.html")[1], "the rebuilt page")

    (site / "content/about.md").write_text("---\ntitle: About\n---\n[broken](nowhere.md)\n")
    wait_for(lambda: "nowhere.md" in get(url, "/en/index.html")[1], "the error overlay")
    status, body = get(url, "/en/about/index.html")
    assert status == 200
    assert "About us." in body  # the last good page is still served
    assert "content/about.md:4" in body  # under an overlay naming file and line

    (site / "content/about.md").write_text("---\ntitle: About\n---\nFixed.\n")
    wait_for(lambda: "Fixed." in get(url, "/en/about/index.html")[1], "the fixed page")
    assert "content/about.md:4" not in get(url, "/en/about/index.html")[1]
