"""The dev server keeps its answers for one build and its threads between connections."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sitegen.server.handler as handler_module
from sitegen.server.answers import Answer, AnswerMemory
from sitegen.server.connections import THREAD_NAME
from sitegen.server.serve import DevServer, ServeOptions, make_server
from tests.test_serve import port_of

BIG = bytes(range(256)) * 64  # 16 KiB of every byte value


def page_build(site_dir: Path) -> Callable[[Path], None]:
    """Build an Urdu page from content/page.txt, a large file and a 404 page."""

    def build(out_dir: Path) -> None:
        text = (site_dir / "content" / "page.txt").read_text(encoding="utf-8")
        (out_dir / "ur").mkdir(parents=True, exist_ok=True)
        (out_dir / "ur" / "index.html").write_text(
            f'<!DOCTYPE html><html lang="ur" dir="rtl"><body><p>{text}</p></body></html>',
            encoding="utf-8",
        )
        (out_dir / "leaflet.pdf").write_bytes(b"%PDF-1.7\n" + BIG)
        (out_dir / "404.html").write_text(f"<html><body>{text} 404</body></html>", "utf-8")

    return build


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site" / "content").mkdir(parents=True)
    (tmp_path / "site" / "content" / "page.txt").write_text("مدد", encoding="utf-8")
    return tmp_path / "site"


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[DevServer]:
    dev = make_server(
        ServeOptions(site, port=0, out_dir=tmp_path / "out"), page_build(site), log=print
    )
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def get(dev: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(dev), timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def rebuild_with(dev: DevServer, site: Path, text: str) -> None:
    before = dev.build_state.generation
    (site / "content" / "page.txt").write_text(text, encoding="utf-8")
    deadline = time.monotonic() + 10
    while dev.build_state.generation == before:
        assert time.monotonic() < deadline, "no rebuild"
        time.sleep(0.02)


def test_an_answer_kept_from_one_build_is_not_given_after_the_next(
    server: DevServer, site: Path
) -> None:
    assert "<p>مدد</p>" in get(server, "/ur/")[2].decode()
    assert "<p>مدد</p>" in get(server, "/ur/")[2].decode()  # the kept answer
    assert get(server, "/missing")[0:1] == (404,)
    rebuild_with(server, site, "مدد چاہیے")
    status, headers, body = get(server, "/ur/")
    assert status == 200
    assert "<p>مدد چاہیے</p>" in body.decode()
    assert int(headers["Content-Length"]) == len(body)
    assert "مدد چاہیے 404" in get(server, "/missing")[2].decode()


def test_head_and_get_of_a_kept_answer(server: DevServer) -> None:
    _, got_headers, body = get(server, "/ur/")
    status, headers, head_body = get(server, "/ur/", method="HEAD")
    assert (status, head_body) == (200, b"")
    assert headers["Content-Length"] == got_headers["Content-Length"] == str(len(body))
    assert headers["Cache-Control"] == "no-store"


def test_a_file_too_large_to_keep_is_sent_from_the_disk(
    server: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handler_module, "LARGEST_KEPT", 1024)
    status, headers, body = get(server, "/leaflet.pdf")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert body == b"%PDF-1.7\n" + BIG
    (tmp_path / "out" / "leaflet.pdf").write_bytes(b"%PDF-1.7\nchanged")
    assert get(server, "/leaflet.pdf")[2] == b"%PDF-1.7\nchanged"  # read again, not kept


def test_answer_memory_keeps_one_build_and_refuses_older_ones() -> None:
    memory = AnswerMemory(limit=10)
    first = Answer(200, (), b"first")
    memory.put(1, "/", first)
    assert memory.get(1, "/") is first
    assert memory.get(2, "/") is None
    memory.put(2, "/a", Answer(200, (), b"second"))
    assert memory.get(1, "/") is None  # the newer build emptied it
    memory.put(1, "/", first)  # made from the older build by a slow request
    assert memory.get(2, "/") is None
    memory.put(2, "/big", Answer(200, (), b"x" * 5))  # 6 + 5 is over the limit of 10
    assert memory.get(2, "/big") is None
    memory.put(2, "/file", Answer(200, (), stream=Path("leaflet.pdf")))
    assert memory.get(2, "/file") is None


def connection_threads(dev: DevServer) -> list[threading.Thread]:
    """The threads this server started for its connections that are still alive."""
    prefix = f"{THREAD_NAME} {port_of(dev)} #"
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


def test_connections_one_after_another_reuse_one_thread(server: DevServer) -> None:
    for _ in range(20):
        assert get(server, "/ur/")[0] == 200
        time.sleep(0.05)  # the thread closes the connection, then goes back to wait
    numbers = [int(t.name.rsplit("#", 1)[1]) for t in connection_threads(server)]
    assert numbers and max(numbers) <= 3  # a thread per connection would have made 20


def test_a_long_poll_holding_its_thread_does_not_hold_up_a_page(server: DevServer) -> None:
    since = server.build_state.generation
    poll = threading.Thread(target=get, args=(server, f"/__sitegen__/wait.js?since={since}"))
    poll.start()
    time.sleep(0.2)
    assert get(server, "/ur/")[0] == 200
    server.stop()
    poll.join(timeout=30)
    assert not poll.is_alive()


def test_a_connection_open_when_the_server_stops_is_answered_and_its_thread_ends(
    server: DevServer,
) -> None:
    assert get(server, "/ur/")[0] == 200
    httpd = server._httpd  # the listening server, to see its thread wait and take a connection
    wait_for(lambda: httpd.idle_threads == 1)  # the request's thread waits for the next
    port = port_of(server)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /ur/ HTTP/1.0\r\n")  # accepted; its thread waits for the rest
        wait_for(lambda: httpd.idle_threads == 0)  # the waiting thread took it
        server.stop()
        conn.sendall(f"Host: 127.0.0.1:{port}\r\n\r\n".encode())
        answer = b"".join(iter(lambda: conn.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.0 200 OK\r\n")
    deadline = time.monotonic() + 10
    while connection_threads(server) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert connection_threads(server) == []  # none is left waiting for a server that is gone
