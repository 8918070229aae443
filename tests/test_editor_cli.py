"""`sitegen serve --edit` as a user runs it: refused off loopback, else prints one address."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.server.serve import EditorNotLocal, ServeOptions, make_server
from tests.sitefixture import write_site
from tests.test_serve_cli import REPO, Served, small_site, start

__all__ = ["start"]  # the fixture, used by name


@pytest.mark.parametrize("bind", ["0.0.0.0", "192.168.1.20", "::"])
def test_edit_with_a_non_loopback_bind_is_refused(tmp_path: Path, bind: str) -> None:
    site = small_site(tmp_path / "site")
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "serve", "--edit", "--site", str(site), "--bind", bind],
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "--edit writes files: it listens on this computer only (127.0.0.1). "
        "Leave out --bind, or bind to 127.0.0.1."
    )
    assert "Serving" not in done.stdout + done.stderr


def test_make_server_refuses_the_editor_off_loopback(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "Hello.\n"})
    with pytest.raises(EditorNotLocal):
        make_server(ServeOptions(site, host="0.0.0.0", port=0, edit=True), lambda out: None)


def test_edit_prints_the_address_whose_token_opens_the_editor(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    site = small_site(tmp_path / "site")
    served: Served = start("--edit", "--site", str(site), "--port", "0")
    found = served.wait_for(r"Edit the site: open (http://127\.0\.0\.1:(\d+)(/_edit/\?token=\S+))")
    connection = http.client.HTTPConnection("127.0.0.1", int(found.group(2)), timeout=30)
    connection.request("GET", found.group(3))
    response = connection.getresponse()
    assert response.status == 303
    assert re.fullmatch(
        r"sitegen_edit=[\w-]+; Path=/_edit/; HttpOnly; SameSite=Strict",
        response.getheader("Set-Cookie") or "",
    )
    connection.close()
    assert served.stop(signal.SIGTERM) == 0


def test_serve_without_edit_has_no_editor(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    site = small_site(tmp_path / "site")
    served: Served = start("--site", str(site), "--port", "0")
    url = served.url()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/_edit/")
    assert connection.getresponse().status == 404
    connection.close()
    assert "Edit the site" not in "\n".join(served.lines)
    assert served.stop(signal.SIGTERM) == 0


def test_open_with_edit_opens_the_editors_address(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(opened)!r}, 'a', encoding='utf-8').write(sys.argv[1] + '\\n')\n"
    )
    site = small_site(tmp_path / "site")
    served: Served = start(
        "--edit",
        "--open",
        "--site",
        str(site),
        "--port",
        "0",
        env={"BROWSER": f"{sys.executable} {browser} %s"},
    )
    address = served.wait_for(r"Edit the site: open (\S+)").group(1)
    deadline = time.monotonic() + 60
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served.stop() == 0
    assert opened.read_text(encoding="utf-8") == address + "\n"
