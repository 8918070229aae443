"""The development server over real HTTP on 127.0.0.1, with a fake build function."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sitegen.server.handler as handler_module
from sitegen.errors import SiteError, SourceRef
from sitegen.server.handler import content_type
from sitegen.server.overlay import inject_dev_markup
from sitegen.server.requestchecks import BadRequestPath, host_allowed, parse_target
from sitegen.server.serve import DevServer, ServeOptions, make_server, network_warning
from sitegen.server.watch import is_editor_temp_file, snapshot_sources

PAGE = "content/page.txt"
SECRET = "TOP-SECRET-OUTSIDE-THE-OUTPUT"


def fake_build(site_dir: Path) -> Callable[[Path], None]:
    """Build a tiny site from content/page.txt; text starting with BROKEN is a located error."""

    def build(out_dir: Path) -> None:
        text = (site_dir / PAGE).read_text(encoding="utf-8")
        if text.startswith("BROKEN"):
            raise SiteError.at(SourceRef(PAGE, 3), "unknown key <script>alert(1)</script>")
        if text.startswith("CRASH"):
            raise KeyError("oops")
        (out_dir / "ur" / "advice").mkdir(parents=True, exist_ok=True)
        (out_dir / "index.html").write_text(
            f"<!DOCTYPE html><html><body><p>{text}</p></body></html>", encoding="utf-8"
        )
        (out_dir / "ur" / "advice" / "index.html").write_text(
            '<html dir="rtl"><body>مشورہ</body></html>', encoding="utf-8"
        )
        (out_dir / "style.css").write_text("body{}", encoding="utf-8")
        (out_dir / "app.js").write_text("1;", encoding="utf-8")
        (out_dir / "feed.xml").write_text("<feed/>", encoding="utf-8")
        (out_dir / "logo.svg").write_text("<svg/>", encoding="utf-8")
        (out_dir / "letter.pdf").write_bytes(b"%PDF-1.4")
        (out_dir / "404.html").write_text("<html><body>Site 404</body></html>", encoding="utf-8")

    return build


def make_site(root: Path) -> Path:
    site_dir = root / "site"
    (site_dir / "content").mkdir(parents=True)
    (site_dir / PAGE).write_text("Hello", encoding="utf-8")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    return site_dir


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture
def logs() -> list[str]:
    return []


@pytest.fixture
def server(site: Path, tmp_path: Path, logs: list[str]) -> Iterator[DevServer]:
    options = ServeOptions(site, port=0, out_dir=tmp_path / "out")
    dev = make_server(options, fake_build(site), log=logs.append)
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A server for tests that only read; it must not be changed."""
    root = tmp_path_factory.mktemp("shared")
    site_dir = make_site(root)
    options = ServeOptions(site_dir, port=0, out_dir=root / "out")
    dev = make_server(options, fake_build(site_dir), log=lambda _: None)
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def port_of(dev: DevServer) -> int:
    return int(dev.url.rstrip("/").rsplit(":", 1)[1])


def get(
    dev: DevServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(dev), timeout=5)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_request(dev: DevServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port_of(dev)), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def raw_get(dev: DevServer, target: bytes) -> tuple[int, bytes]:
    host = f"127.0.0.1:{port_of(dev)}".encode()
    answer = raw_request(dev, b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
    return int(answer.split(b" ", 2)[1]), answer


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def edit_page(site: Path, text: str) -> None:
    (site / PAGE).write_text(text, encoding="utf-8")


# --- serving ---------------------------------------------------------------------------------


def test_serves_page_with_reload_script_and_leaves_built_file_unchanged(
    server: DevServer, tmp_path: Path
) -> None:
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.endswith(
        b'<p>Hello</p><script src="/__sitegen__/reload.js"></script></body></html>'
    )
    assert int(headers["Content-Length"]) == len(body)
    on_disk = (tmp_path / "out" / "index.html").read_bytes()
    assert b"__sitegen__" not in on_disk


def test_folder_without_slash_redirects_and_keeps_the_query(shared: DevServer) -> None:
    status, headers, _ = get(shared, "/ur/advice?x=1")
    assert status == 301
    assert headers["Location"] == "/ur/advice/?x=1"
    status, _, body = get(shared, "/ur/advice/")
    assert status == 200
    assert "مشورہ".encode() in body


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/letter.pdf", "application/pdf"),
        ("/index.html", "text/html; charset=utf-8"),
    ],
)
def test_content_types(shared: DevServer, path: str, expected: str) -> None:
    status, headers, _ = get(shared, path)
    assert (status, headers["Content-Type"]) == (200, expected)
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_content_type_falls_back_to_octet_stream() -> None:
    assert content_type("data.unknownext") == "application/octet-stream"
    assert content_type("README.TXT") == "text/plain; charset=utf-8"


def test_missing_page_gets_the_sites_404_page(shared: DevServer) -> None:
    status, _, body = get(shared, "/no/such/page/")
    assert status == 404
    assert b"Site 404" in body
    assert b"/__sitegen__/reload.js" in body


def test_missing_page_without_a_404_page(server: DevServer, tmp_path: Path) -> None:
    (tmp_path / "out" / "404.html").unlink()
    status, _, body = get(server, "/nothing.html")
    assert status == 404
    assert b"404 Not found" in body


def test_file_path_with_trailing_slash_is_not_found(shared: DevServer) -> None:
    status, _, _ = get(shared, "/style.css/")
    assert status == 404


def test_head_sends_headers_only(shared: DevServer) -> None:
    status, headers, body = get(shared, "/style.css", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == "6"


def test_dev_resources_are_served(shared: DevServer) -> None:
    status, headers, body = get(shared, "/__sitegen__/reload.js")
    assert status == 200
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert b'"/__sitegen__/wait.js?since=" + built' in body
    assert f"var built = {shared.build_state.generation};".encode() in body
    status, headers, _ = get(shared, "/__sitegen__/overlay.css")
    assert (status, headers["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert get(shared, "/__sitegen__/nope")[0] == 404


def test_inject_without_body_tag_appends() -> None:
    assert inject_dev_markup(b"<p>x", ()) == b'<p>x<script src="/__sitegen__/reload.js"></script>'


# --- live reload -----------------------------------------------------------------------------


def read_event(response: http.client.HTTPResponse) -> str:
    """Return the name of the next event, skipping comments and retry lines."""
    while True:
        line = response.readline().decode()
        assert line, "the event stream closed"
        if line.startswith("event: "):
            return line.removeprefix("event: ").strip()


def open_events(dev: DevServer, query: str = "") -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(dev), timeout=5)
    connection.request("GET", f"/__sitegen__/events{query}")
    return connection


def test_change_to_a_watched_file_rebuilds_and_sends_reload(server: DevServer, site: Path) -> None:
    first = server.build_state.generation
    connection = open_events(server, f"?since={first}")
    try:
        response = connection.getresponse()
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
        edit_page(site, "Hello again")
        assert read_event(response) == "reload"
    finally:
        connection.close()
    assert server.build_state.generation == first + 1
    assert b"<p>Hello again</p>" in get(server, "/")[2]


def test_burst_of_edits_gives_one_rebuild(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits closer together than the quiet time are one change.

    The quiet time is raised for this test: on a loaded machine a 20 ms sleep can last
    longer than the real 50 ms, and the test would then measure the scheduler.
    """
    import sitegen.server.watch as watch_module

    monkeypatch.setattr(watch_module, "QUIET_MS", 600)
    options = ServeOptions(site, port=0, out_dir=tmp_path / "out")
    server = make_server(options, fake_build(site), log=lambda _: None)
    server.start()
    try:
        first = server.build_state.generation
        for number in range(5):
            edit_page(site, f"Edit {number}" + "!" * number)
            time.sleep(0.02)
        wait_until(lambda: server.build_state.generation > first)
        time.sleep(1.0)
        assert server.build_state.generation == first + 1
        assert b"<p>Edit 4!!!!</p>" in get(server, "/")[2]
    finally:
        server.stop()


def test_long_poll_answers_with_a_reload_after_a_rebuild(server: DevServer, site: Path) -> None:
    since = server.build_state.generation
    editor = threading.Timer(0.1, edit_page, (site, "Changed"))
    editor.start()
    try:
        status, headers, body = get(server, f"/__sitegen__/wait.js?since={since}&n=1")
    finally:
        editor.join()
    assert (status, body) == (200, b"window.location.reload();\n")
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert server.build_state.generation == since + 1


def test_long_poll_without_a_new_build_answers_nothing_to_do(
    shared: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handler_module, "LONG_POLL_SECONDS", 0.1)
    since = shared.build_state.generation
    assert get(shared, f"/__sitegen__/wait.js?since={since}")[2] == b"/* no new build */\n"
    assert get(shared, "/__sitegen__/wait.js?since=999")[2] == b"window.location.reload();\n"


def test_stale_page_is_told_to_reload_at_once(server: DevServer) -> None:
    connection = open_events(server, "?since=999")
    try:
        assert read_event(connection.getresponse()) == "reload"
    finally:
        connection.close()


def test_failing_rebuild_keeps_last_good_page_and_shows_overlay(
    server: DevServer, site: Path, logs: list[str]
) -> None:
    first = server.build_state.generation
    edit_page(site, "BROKEN")
    wait_until(lambda: server.build_state.generation > first)
    status, _, body = get(server, "/")
    assert status == 200
    assert b"<p>Hello</p>" in body
    assert b'id="sitegen-overlay"' in body
    assert b"You are seeing the last good build." in body
    assert (
        b"<li>content/page.txt:3: error: unknown key &lt;script&gt;alert(1)&lt;/script&gt;</li>"
        in body
    )
    assert b"<script>alert(1)" not in body
    assert "  content/page.txt:3: error: unknown key <script>alert(1)</script>" in logs
    assert b"sitegen-overlay" in get(server, "/no-such-page")[2]

    edit_page(site, "Fixed")
    wait_until(lambda: server.build_state.generation > first + 1)
    body = get(server, "/")[2]
    assert b"<p>Fixed</p>" in body
    assert b"sitegen-overlay" not in body


def test_first_build_failure_serves_a_page_with_the_errors(site: Path, logs: list[str]) -> None:
    edit_page(site, "BROKEN")
    dev = make_server(ServeOptions(site, port=0), fake_build(site), log=logs.append)
    dev.start()
    try:
        status, headers, body = get(dev, "/any/path")
        assert status == 500
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"content/page.txt:3: error: unknown key &lt;script&gt;" in body
        assert b"There is nothing to show yet." in body
        assert b"/__sitegen__/reload.js" in body
        edit_page(site, "Now good")
        wait_until(lambda: dev.build_state.has_good_build)
        assert b"<p>Now good</p>" in get(dev, "/")[2]
    finally:
        dev.stop()


def test_crash_in_the_build_is_shown_and_the_server_keeps_running(
    server: DevServer, site: Path, logs: list[str]
) -> None:
    edit_page(site, "CRASH")
    server.rebuild()
    body = get(server, "/")[2]
    assert b"<li>error: internal error: KeyError: &#x27;oops&#x27;</li>" in body
    assert any("Traceback" in line for line in logs)


def test_default_out_dir_is_a_temp_folder_removed_on_stop(site: Path) -> None:
    dev = make_server(ServeOptions(site, port=0), fake_build(site), log=lambda _: None)
    dev.start()
    out_dir = dev.out_dir
    assert (out_dir / "index.html").is_file()
    assert site not in out_dir.parents
    dev.stop()
    assert not out_dir.parent.exists()
    dev.stop()  # a second stop is harmless


def test_sources_snapshot_ignores_output_folder_and_editor_files(site: Path) -> None:
    (site / "content" / "out").mkdir()
    (site / "content" / "out" / "index.html").write_text("x", encoding="utf-8")
    for name in (".page.txt.swp", "page.txt~", ".#page.txt", "#page.txt#", "4913"):
        (site / "content" / name).write_text("x", encoding="utf-8")
    (site / "site.yaml").write_text("title: x", encoding="utf-8")
    (site / "contacts.lock").write_text("# accepted\n", encoding="utf-8")  # contacts accept
    (site / "README.md").write_text("not watched", encoding="utf-8")
    found = snapshot_sources(site, ignore=site / "content" / "out")
    assert sorted(Path(p).relative_to(site).as_posix() for p in found) == [
        "contacts.lock",
        PAGE,
        "site.yaml",
    ]


def test_editor_temp_file_names() -> None:
    assert is_editor_temp_file("x.md.swp")
    assert not is_editor_temp_file(".htaccess")
    assert not is_editor_temp_file("page.md")


# --- security --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (b"/../secret.txt", 400),
        (b"/../../secret.txt", 400),
        (b"/out/../../secret.txt", 400),
        (b"/%2e%2e/secret.txt", 400),
        (b"/%2E%2E/secret.txt", 400),
        (b"/.%2e/secret.txt", 400),
        (b"/%2e%2e%2fsecret.txt", 400),
        (b"/..%2fsecret.txt", 400),
        (b"/%252e%252e/secret.txt", 400),
        (b"/%252e%252e%252fsecret.txt", 400),
        (b"/%25252e%25252e/secret.txt", 400),
        (b"/..\\secret.txt", 400),
        (b"/%5c..%5csecret.txt", 400),
        (b"/%255c..%255csecret.txt", 400),
        (b"/%c0%ae%c0%ae/secret.txt", 400),
        (b"/index.html%00.txt", 400),
        (b"/%00", 400),
        (b"/..%00/secret.txt", 400),
        (b"http://127.0.0.1/../secret.txt", 400),
        (b"secret.txt", 400),
        (b"//etc/passwd", 404),
        (b"/%2fetc%2fpasswd", 404),
    ],
)
def test_traversal_attempts_get_no_file(shared: DevServer, target: bytes, expected: int) -> None:
    status, answer = raw_get(shared, target)
    assert status == expected
    assert SECRET.encode() not in answer
    assert b"root:" not in answer


def test_absolute_path_of_a_secret_is_not_served(server: DevServer, tmp_path: Path) -> None:
    status, answer = raw_get(server, b"/" + str(tmp_path / "secret.txt").encode())
    assert status == 404
    assert SECRET.encode() not in answer


def test_symlinks_out_of_the_output_folder_are_not_served(
    server: DevServer, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    (out_dir / "link.txt").symlink_to(tmp_path / "secret.txt")
    (out_dir / "up").symlink_to(tmp_path, target_is_directory=True)
    (out_dir / "inside.css").symlink_to(out_dir / "style.css")
    for path in ("/link.txt", "/up/secret.txt", "/up/"):
        status, _, body = get(server, path)
        assert status == 404, path
        assert SECRET.encode() not in body
    assert get(server, "/inside.css")[0] == 200


def test_parse_target_explains_rejections() -> None:
    cases = {
        "/%2e%2e/x": "'.' and '..' are not allowed in paths",
        "/%252e%252e/x": "'.' and '..' are not allowed in paths",
        "/a%5cb": "backslashes are not allowed in paths",
        "/a%00": "control characters (such as NUL) are not allowed in paths",
        "/%c0%ae": "the path is not valid percent-encoded UTF-8",
        "/%2525252525": "the path is encoded too many times",
        "x": "the request target must be a path starting with '/'",
    }
    for target, message in cases.items():
        with pytest.raises(BadRequestPath) as caught:
            parse_target(target)
        assert str(caught.value) == message, target
    ok = parse_target("/ur/%D9%85%D8%B4%D9%88%D8%B1%DB%81/?q=1")
    assert (ok.parts, ok.wants_folder, ok.query) == (("ur", "مشورہ"), True, "q=1")


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "localhost", "10.0.0.1:{port}"]
)
def test_foreign_host_header_is_rejected(shared: DevServer, host: str) -> None:
    status, _, body = get(shared, "/", headers={"Host": host.format(port=port_of(shared))})
    assert status == 400
    assert b"Misdirected request: unexpected Host header" in body
    assert b"Hello" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_own_host_names_are_accepted(shared: DevServer, host: str) -> None:
    assert get(shared, "/", headers={"Host": host.format(port=port_of(shared))})[0] == 200


def test_request_without_host_header_is_rejected(shared: DevServer) -> None:
    answer = raw_request(shared, b"GET / HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 400 ")


def test_host_allowed_rules() -> None:
    assert host_allowed("[::1]:8000", "127.0.0.1", 8000)
    assert host_allowed("127.0.0.1", "127.0.0.1", 80)
    assert not host_allowed("127.0.0.1:8000x", "127.0.0.1", 8000)
    assert not host_allowed("[::1]x", "127.0.0.1", 8000)
    assert host_allowed("192.168.1.5:8000", "0.0.0.0", 8000)
    assert not host_allowed("192.168.1.5:8000", "127.0.0.1", 8000)
    assert not host_allowed("rebind.example:8000", "0.0.0.0", 8000)
    assert host_allowed("MyBox.local:8000", "mybox.local", 8000)
    assert not host_allowed(None, "127.0.0.1", 8000)


@pytest.mark.parametrize("path", ["/__sitegen__/events", "/__sitegen__/wait.js?since=999"])
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_site_reload_channel_is_refused(
    shared: DevServer, path: str, headers: dict[str, str]
) -> None:
    status, _, body = get(shared, path, headers=headers)
    assert status == 403
    assert b"Cross-site reload connections are refused" in body


def test_same_origin_reload_channel_is_accepted(shared: DevServer) -> None:
    origin = f"http://127.0.0.1:{port_of(shared)}"
    status, headers, _ = get(shared, "/__sitegen__/events", {"Origin": origin}, method="HEAD")
    assert (status, headers["Content-Type"]) == (200, "text/event-stream; charset=utf-8")


def test_server_answers_after_bad_requests(server: DevServer, tmp_path: Path) -> None:
    assert b"Error code: 400" in raw_request(server, b"GARBAGE\r\n\r\n")
    assert b" 400 " in raw_request(server, b"GET / HTTP/1.1.1 extra\r\n\r\n")
    assert b" 414 " in raw_request(server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    huge_header = b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n"
    assert b" 431 " in raw_request(server, huge_header)
    many = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n"
    assert b" 431 " in raw_request(server, many)
    assert raw_request(server, b"POST / HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.0 501 ")
    (tmp_path / "out" / "big.bin").write_bytes(b"x" * 8_000_000)
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port_of(server))
        sock.recv(100)  # then hang up mid-response
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5):
        pass  # connect and say nothing
    status, _, body = get(server, "/")
    assert status == 200
    assert b"<p>Hello</p>" in body


def test_default_host_is_loopback(site: Path) -> None:
    options = ServeOptions(site, port=0)
    assert options.host == "127.0.0.1"
    dev = make_server(options, fake_build(site), log=lambda _: None)
    try:
        assert dev.url.startswith("http://127.0.0.1:")
        assert port_of(dev) > 0
    finally:
        dev.stop()


def test_network_warning_only_for_non_loopback_hosts() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert network_warning(host) is None
    warning = network_warning("0.0.0.0")
    assert warning is not None
    assert warning.startswith("warning: listening on 0.0.0.0: anyone on your network can read")
    assert network_warning("192.168.1.5") is not None


def test_address_not_on_this_machine_raises_and_leaves_no_temp_folder(site: Path) -> None:
    options = ServeOptions(site, host="192.0.2.1", port=0)  # TEST-NET-1: never ours
    before = set(Path(tempfile.gettempdir()).glob("sitegen-serve-*"))
    with pytest.raises(OSError):
        make_server(options, fake_build(site), log=lambda _: None)
    assert set(Path(tempfile.gettempdir()).glob("sitegen-serve-*")) == before


def test_busy_port_moves_on_only_if_the_next_ones_are_free(site: Path, tmp_path: Path) -> None:
    logs: list[str] = []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        dev = make_server(
            ServeOptions(site, port=busy, out_dir=tmp_path / "o"), fake_build(site), log=logs.append
        )
        try:
            assert port_of(dev) > busy
            assert logs == [f"port {busy} is in use; serving on {port_of(dev)}"]
        finally:
            dev.stop()


def test_serve_runs_until_interrupted(site: Path, tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from sitegen.server.serve import ServeOptions, serve\n"
        "def build(out: Path) -> None:\n"
        "    out.mkdir(parents=True, exist_ok=True)\n"
        "    (out / 'index.html').write_text('<body>hi</body>')\n"
        "serve(ServeOptions(Path(sys.argv[1]), port=0, out_dir=Path(sys.argv[2])), build)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [sys.executable, str(script), str(site), str(tmp_path / "out")]
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        lines = [process.stderr.readline(), process.stderr.readline()]
        assert lines[0] == "Built the site.\n"
        assert lines[1].startswith("Serving http://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert process.stderr.read() == "Stopping.\n"


def test_watcher_falls_back_to_polling_when_the_system_gives_no_events(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.server.watch as watch_module

    def no_inotify(*args: object) -> None:
        raise OSError(28, "OS file watch limit reached")

    logs: list[str] = []
    watcher = watch_module.make_watcher(site, tmp_path / "out", lambda: None, logs.append)
    assert isinstance(watcher, watch_module.NativeWatcher)
    watcher.stop()
    monkeypatch.setattr(watch_module, "RustNotify", no_inotify)
    watcher = watch_module.make_watcher(site, tmp_path / "out", lambda: None, logs.append)
    assert isinstance(watcher, watch_module.PollingWatcher)
    assert logs == [
        "warning: the system gives no file events here ([Errno 28] OS file watch limit "
        "reached); watching for changes by polling instead."
    ]
