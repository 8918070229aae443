"""Measure the dev server under load: many clients connecting at once, each fetching a page.

    python bench/serve_load.py [--site DIR] [--clients 200] [--rounds 3] [--floor]

Starts `sitegen serve` on a free port of 127.0.0.1 (on a generated 20-page, two-language site
unless `--site` is given), waits for its first build, then for each round opens `--clients`
connections at the same moment (one thread each, real sockets, released together by a barrier)
and has each send one GET for a page and read the whole answer. A request's time runs from just
before `connect()` to the last byte, so time spent waiting in the listen queue (or retrying a
dropped SYN) counts. Prints p50, p99 and the maximum over every request of every round.

With `--floor` the same load is also sent to a bare stdlib `ThreadingHTTPServer` (same listen
queue, a fixed 20 KB answer, no checks) in its own process: the floor this harness and this
machine set for any Python server that starts a thread per connection, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402  (bench/ is not a package)

TIMEOUT = 60.0  # a request still unanswered after this counts as failed


def start_server(site: Path) -> tuple[subprocess.Popen[str], int]:
    """Start `sitegen serve` and return it with its port once it says it is serving."""
    command = [sys.executable, "-m", "sitegen", "serve", "--site", str(site), "--port", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return process, serving_port(process)


FLOOR_SERVER = """
import http.server, sys
BODY = b"x" * 20000
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print("Serving http://127.0.0.1:%d/" % server.server_address[1], file=sys.stderr, flush=True)
server.serve_forever()
"""


def start_floor_server() -> tuple[subprocess.Popen[str], int]:
    """Start the bare stdlib server of `--floor` and return it with its port."""
    process = subprocess.Popen(
        [sys.executable, "-c", FLOOR_SERVER],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, serving_port(process)


def serving_port(process: subprocess.Popen[str]) -> int:
    """Read a server's stderr up to its "Serving URL" line and return the URL's port."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Serving "):
            port = int(line.split()[1].rstrip("/").rsplit(":", 1)[1])
            threading.Thread(target=process.stderr.read, daemon=True).start()  # keep it drained
            return port
    process.wait()
    raise SystemExit(f"the server stopped before serving (exit status {process.returncode})")


def fetch(port: int, path: str) -> tuple[float, int]:
    """GET a path on a fresh connection; return the seconds it took and the status code."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as conn:
        conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    seconds = time.perf_counter() - started
    status = int(b"".join(chunks).split(b" ", 2)[1])
    return seconds, status


def burst(port: int, paths: list[str], clients: int, failures: list[str]) -> list[float]:
    """Fetch from `clients` threads released at once; return the seconds of those answered
    (with 200) and add what went wrong with the others to `failures`."""
    barrier = threading.Barrier(clients)
    times: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        barrier.wait()
        try:
            seconds, status = fetch(port, paths[number % len(paths)])
        except OSError as error:
            with lock:
                failures.append(repr(error))
            return
        with lock:
            if status == 200:
                times.append(seconds)
            else:
                failures.append(f"status {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# Pages of a generated site (and of most real ones): those that answer 200 are fetched.
PAGES = ("/", "/ur/", "/advice/", "/ur/advice/", "/statements/", "/ur/statements/")


def load(process: subprocess.Popen[str], port: int, args: argparse.Namespace) -> str:
    """Send the bursts to a started server, stop it, and describe the times."""
    try:
        paths = [path for path in PAGES if fetch(port, path)[1] == 200] or ["/"]
        times: list[float] = []
        failures: list[str] = []
        for _ in range(args.rounds):
            times += burst(port, paths, args.clients, failures)
            time.sleep(1.0)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return (
        f"{len(times) + len(failures)} requests, {args.clients} at once x {args.rounds}: "
        f"p50 {1000 * statistics.median(times):.1f} ms, "
        f"p99 {1000 * percentile(times, 0.99):.1f} ms, max {1000 * max(times):.1f} ms "
        f"(of those answered); {len(failures)} failed"
        + (f": {', '.join(sorted(set(failures)))}" if failures else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--floor", action="store_true", help="also load a bare stdlib server")
    args = parser.parse_args()
    print(
        f"{platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    with tempfile.TemporaryDirectory(prefix="sitegen-serve-load-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            generate(site, pages=20, languages=2)
        print("sitegen serve: " + load(*start_server(site), args))
    if args.floor:
        print("bare stdlib server: " + load(*start_floor_server(), args))


if __name__ == "__main__":
    main()
