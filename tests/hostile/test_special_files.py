"""FIFOs, sockets and devices in a site folder: skipped with a located warning, never opened.

Opening a FIFO for reading waits for a writer for ever, so each build here runs in a
subprocess with a timeout: a regression fails the test instead of hanging the run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.errors import SiteError
from sitegen.server.watch import snapshot_sources
from sitegen.textfile import read_regular, read_text
from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parents[2]
HOME: dict[str, str | bytes] = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}
SITE_YAML = """\
title: Test Group
base_url: https://example.test/group/
default_language: en
languages: [en]
region: GB
quick_exit_url: https://www.bbc.co.uk/weather
"""
TIMEOUT = 120  # seconds: a hang, not a slow machine (a build of this site takes about one)


@pytest.fixture
def unix_socket() -> Iterator[Callable[[Path], None]]:
    opened: list[socket.socket] = []

    def bind(path: Path) -> None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        opened.append(server)
        server.bind(str(path))

    yield bind
    for server in opened:
        server.close()


def _build(site: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def test_fifos_and_sockets_in_every_read_folder_are_skipped_with_located_warnings(
    tmp_path: Path, unix_socket: Callable[[Path], None]
) -> None:
    site = write_site(
        tmp_path / "s",
        {**HOME, "static/map.txt": "the map\n", "templates/.keep": "", "translations/.keep": ""},
        SITE_YAML,
    )
    os.mkfifo(site / "content/advice.md")
    unix_socket(site / "content/socket.md")
    os.mkfifo(site / "static/leaflet.pdf")
    os.mkfifo(site / "templates/page.html")  # the theme's page.html would be overridden by it
    (site / "translations/en/LC_MESSAGES").mkdir(parents=True)
    os.mkfifo(site / "translations/en/LC_MESSAGES/messages.po")
    out = tmp_path / "out"

    done = _build(site, out)

    assert done.returncode == 0, done.stderr
    assert _warnings(done.stderr) == [
        "content/advice.md: warning: not a regular file (a FIFO); skipped",
        "content/socket.md: warning: not a regular file (a socket); skipped",
        "static/leaflet.pdf: warning: not a regular file (a FIFO); skipped",
        "templates/page.html: warning: not a regular file (a FIFO); skipped",
        "translations/en/LC_MESSAGES/messages.po: warning: not a regular file (a FIFO); skipped",
    ]
    home = BeautifulSoup((out / "en/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1 is not None and home.h1.get_text(strip=True) == "Home"
    assert (out / "map.txt").read_text(encoding="utf-8") == "the map\n"
    assert not (out / "leaflet.pdf").exists()
    assert not (out / "en/advice").exists()


def test_the_next_build_and_its_up_to_date_check_do_not_open_a_fifo_either(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "s", HOME, SITE_YAML)
    os.mkfifo(site / "content/advice.md")
    out = tmp_path / "out"
    first = _build(site, out)
    second = _build(site, out)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert _warnings(second.stderr) == [
        "content/advice.md: warning: not a regular file (a FIFO); skipped"
    ]


def test_links_to_devices_and_out_of_the_site_are_skipped_in_content_and_static(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("private\n", encoding="utf-8")
    site = write_site(tmp_path / "s", {**HOME, "shared/note.txt": "shared\n"}, SITE_YAML)
    (site / "static").mkdir()
    os.mkfifo(site / "shared/pipe")
    (site / "content/zero.pdf").symlink_to("/dev/zero")
    (site / "static/private.txt").symlink_to(outside)
    (site / "static/pipe.txt").symlink_to(site / "shared/pipe")
    (site / "static/note.txt").symlink_to(site / "shared/note.txt")
    (site / "static/gone.txt").symlink_to(site / "shared/nothing.txt")
    out = tmp_path / "out"

    done = _build(site, out)

    assert done.returncode == 0, done.stderr
    assert _warnings(done.stderr) == [
        "content/zero.pdf: warning: symbolic link to a place outside the site folder: not followed",
        "static/gone.txt: warning: broken symbolic link: skipped",
        "static/pipe.txt: warning: not a regular file (a symbolic link to a FIFO); skipped",
        "static/private.txt: warning: symbolic link to a place outside the site folder: "
        "not followed",
    ]
    assert (out / "note.txt").read_text(encoding="utf-8") == "shared\n"
    assert not (out / "private.txt").exists()
    assert not (out / "zero.pdf").exists()


def test_a_link_inside_the_site_to_a_fifo_is_skipped_in_content(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME, SITE_YAML)
    os.mkfifo(site / "pipe")
    (site / "content/advice.md").symlink_to(site / "pipe")
    done = _build(site, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert _warnings(done.stderr) == [
        "content/advice.md: warning: not a regular file (a symbolic link to a FIFO); skipped"
    ]


def test_strict_builds_fail_on_a_skipped_special_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME, SITE_YAML)
    os.mkfifo(site / "content/advice.md")
    done = _build(site, tmp_path / "out", "--strict")
    assert done.returncode == 1
    assert "content/advice.md: warning: not a regular file (a FIFO); skipped" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(30)
def test_the_reader_refuses_a_fifo_swapped_in_after_the_listing(tmp_path: Path) -> None:
    pipe = tmp_path / "page.md"
    os.mkfifo(pipe)
    with pytest.raises(SiteError) as caught:
        read_text(pipe, "content/page.md")
    assert [p.format() for p in caught.value.problems] == [
        "content/page.md: error: not a regular file (a FIFO): it cannot be read"
    ]


@pytest.mark.timeout(30)
def test_the_reader_refuses_a_device_and_a_socket(
    tmp_path: Path, unix_socket: Callable[[Path], None]
) -> None:
    unix_socket(tmp_path / "sock")
    found = []
    for path, ref in ((Path("/dev/zero"), "static/zero"), (tmp_path / "sock", "static/sock")):
        with pytest.raises(SiteError) as caught:
            read_regular(path, ref)
        found += [p.format() for p in caught.value.problems]
    assert found == [
        "static/zero: error: not a regular file (a character device): it cannot be read",
        "static/sock: error: not a regular file (a socket): it cannot be read",
    ]


@pytest.mark.timeout(30)
def test_the_dev_servers_watcher_stats_a_fifo_without_opening_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME, SITE_YAML)
    os.mkfifo(site / "content/advice.md")
    found = snapshot_sources(site, tmp_path / "out")
    assert sorted(Path(path).relative_to(site).as_posix() for path in found) == [
        "content/advice.md",
        "content/index.md",
        "site.yaml",
    ]
