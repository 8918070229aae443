"""The dev server under load: a burst of connections waits in the listen queue, none is refused.

socketserver listens with a queue of 5; once it is full the kernel drops new connections' SYNs
and the clients resend them after 1, 3, 7... seconds. These tests hold the accept loop still
(the server is bound but not yet serving), so whether 200 connections complete depends on the
queue's length only, not on how fast the machine is.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.server.handler import DevHTTPServer
from sitegen.server.serve import DevServer, ServeOptions, make_server
from tests.test_serve import port_of

BURST = 200
# Only a bound on a queue that never drains (nothing accepts): a connection the queue holds
# completes at once, one it drops would wait for SYNs resent after 1, 3 and 7 seconds.
CONNECT_LIMIT_SECONDS = 10.0


def write_page(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.html").write_text(
        '<!DOCTYPE html><html lang="ur" dir="rtl"><body><h1>مدد</h1></body></html>',
        encoding="utf-8",
    )


@pytest.fixture
def bound(tmp_path: Path) -> Iterator[DevServer]:
    """A server that is listening but not yet accepting (`start` not called)."""
    site_dir = tmp_path / "site"
    (site_dir / "content").mkdir(parents=True)
    dev = make_server(
        ServeOptions(site_dir, port=0, out_dir=tmp_path / "out"), write_page, log=lambda _: None
    )
    try:
        yield dev
    finally:
        dev.stop()


def test_a_burst_of_200_connections_waits_in_the_queue_and_is_answered(
    bound: DevServer,
) -> None:
    port = port_of(bound)
    connections = []
    try:
        for _ in range(BURST):
            connections.append(
                socket.create_connection(("127.0.0.1", port), timeout=CONNECT_LIMIT_SECONDS)
            )
        bound.start()  # builds, then accepts the queued connections
        for conn in connections:
            conn.sendall(f"GET / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        answers = [read_all(conn) for conn in connections]
    finally:
        for conn in connections:
            conn.close()
    statuses = {answer.split(b"\r\n", 1)[0] for answer in answers}
    assert statuses == {b"HTTP/1.0 200 OK"}
    assert all("<h1>مدد</h1>".encode() in answer for answer in answers)


def read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_listen_backlog_is_at_least_128() -> None:
    assert DevHTTPServer.request_queue_size >= 128


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2) to read the queue")
def test_the_kernel_reports_the_listen_backlog(bound: DevServer) -> None:
    # For a listening socket `ss -lnt` shows the backlog it was given as Send-Q.
    port = port_of(bound)
    shown = subprocess.run(
        ["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown[0] == "LISTEN", shown
    assert int(shown[2]) == DevHTTPServer.request_queue_size >= 128
