"""`python -m sitegen serve` as a user runs it: a real process, real signals, real sockets.

Every test gives the server a private TMPDIR (so the temp folders it leaves, or not, are its
own), stops the server itself and waits a bounded time for each line it expects.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
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
        "site.yaml: error: no site.yaml in .: is this the site folder? (use --site DIR); "
        "there is one in projects/community-site: use --site projects/community-site",
        f"{Path(sys.executable).name} -m sitegen serve failed: 1 error.",
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


def get(url: str, path: str = "/") -> tuple[int, str]:
    found = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", url)
    assert found, url
    connection = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=WAIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


# --- 11: stopping by signal leaves nothing behind, crashes' leftovers are removed ----------


@pytest.mark.parametrize(
    ("sig", "address_option"), [(signal.SIGTERM, "--bind"), (signal.SIGINT, "--host")]
)
def test_signal_stops_the_server_and_removes_its_temp_folder(  # type: ignore[no-untyped-def]
    tmp_path: Path, start, sig: int, address_option: str
) -> None:
    site = small_site(tmp_path / "site")
    served = start("--site", str(site), address_option, "127.0.0.1", "--port", "0")
    url = served.url()
    assert get(url, "/en/")[0] == 200
    (own,) = served.temp_folders()
    owner = (served.tmpdir / own / "owner").read_text().split()
    assert owner[0] == str(served.process.pid)
    assert served.stop(sig) == 0
    assert served.lines[-1] == "Stopping."
    assert not [line for line in served.lines if "Traceback" in line or "Error" in line]
    assert served.temp_folders() == []


def test_stale_temp_folders_of_ended_servers_are_removed_at_start(  # type: ignore[no-untyped-def]
    tmp_path: Path, start
) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=WAIT,
    )
    tmpdir = tmp_path / "tmp"
    records = {
        "sitegen-serve-crashed": f"{ended.stdout.strip()}\n",  # that process has ended
        "sitegen-serve-reused": f"{os.getpid()} 1\n",  # a live pid, but started at another time
        "sitegen-serve-running": f"{os.getpid()}\n",  # this test: alive
    }
    for name, record in records.items():
        (tmpdir / name / "site").mkdir(parents=True)
        (tmpdir / name / "owner").write_text(record)
    (tmpdir / "sitegen-serve-unrecorded" / "site").mkdir(parents=True)  # no record: left alone
    site = small_site(tmp_path / "site")
    served = start("--site", str(site), "--port", "0")
    served.url()
    removed = sorted(line for line in served.lines if line.startswith("Removed "))
    assert removed == [
        f"Removed {tmpdir / name}, left by a server that is no longer running."
        for name in ("sitegen-serve-crashed", "sitegen-serve-reused")
    ]
    kept = ["sitegen-serve-running", "sitegen-serve-unrecorded"]
    assert len(served.temp_folders()) == 3 and set(kept) < set(served.temp_folders())
    assert served.stop() == 0
    assert served.temp_folders() == kept


# --- 14: a busy port, --open, a clickable address -------------------------------------------


def test_busy_port_moves_to_the_next_free_one_and_says_so(  # type: ignore[no-untyped-def]
    tmp_path: Path, start
) -> None:
    site = small_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        served = start("--site", str(site), "--port", str(busy))
        moved = served.wait_for(rf"^port {busy} is in use; serving on (\d+)$")
        port = int(moved.group(1))
        assert port > busy
        url = served.url()
        assert url == f"http://127.0.0.1:{port}/"
        assert get(url, "/en/")[0] == 200
    assert served.stop() == 0


def test_open_starts_the_browser_on_the_address(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(opened)!r}, 'a', encoding='utf-8').write(sys.argv[1] + '\\n')\n"
    )
    site = small_site(tmp_path / "site")
    served = start(
        "--site",
        str(site),
        "--port",
        "0",
        "--open",
        env={"BROWSER": f"{sys.executable} {browser} %s"},
    )
    url = served.url()
    deadline = time.monotonic() + WAIT
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served.stop() == 0
    assert opened.read_text(encoding="utf-8") == url + "\n"


def test_without_open_no_browser_is_started(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    opened = tmp_path / "opened.txt"
    site = small_site(tmp_path / "site")
    served = start(
        "--site",
        str(site),
        "--port",
        "0",
        env={"BROWSER": f"{sys.executable} -c \"open({str(opened)!r}, 'w')\""},
    )
    get(served.url(), "/en/")
    assert served.stop() == 0
    assert not opened.exists()


# --- 13: native file events, polling when asked or when the system has none -------------


def inotify_descriptors(pid: int) -> int:
    fds = Path(f"/proc/{pid}/fd")
    links = []
    for fd in fds.iterdir():
        try:
            links.append(os.readlink(fd))
        except OSError:  # closed meanwhile
            continue
    return links.count("anon_inode:inotify")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("poll", [False, True])
def test_edits_rebuild_with_native_events_or_by_polling(  # type: ignore[no-untyped-def]
    tmp_path: Path, start, poll: bool
) -> None:
    site = small_site(tmp_path / "site")
    served = start("--site", str(site), "--port", "0", *(["--poll"] if poll else []))
    url = served.url()
    assert ("Watching for changes by polling (--poll)." in served.lines) is poll
    assert (inotify_descriptors(served.process.pid) > 0) is not poll
    (site / "content" / "index.md").write_text("---\ntitle: Home\n---\nEdited once.\n")
    served.wait_for(r"^Built the site\.$")
    assert "Edited once." in get(url, "/en/")[1]
    # A source folder made after the start is watched too.
    (site / "static").mkdir()
    if not poll:  # an event; polling sees files only
        served.wait_for(r"^Built the site\.$")
    (site / "static" / "leaflet.txt").write_text("Call 999 in an emergency.\n")
    served.wait_for(r"^Built the site\.$")
    assert get(url, "/leaflet.txt") == (200, "Call 999 in an emergency.\n")
    assert served.stop() == 0


# --- 12: no fork from a threaded process -------------------------------------------------


FORK_GUARD = """\
import os
import threading

_fork = os.fork


def _logged_fork():
    with open(os.environ["FORK_LOG"], "a", encoding="ascii") as log:
        log.write(f"{os.getpid()} {threading.active_count()}\\n")
    return _fork()


os.fork = _logged_fork
"""


def fork_guard(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Pythons record every os.fork: the pid and its thread count."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(FORK_GUARD, encoding="utf-8")
    log = tmp_path / "forks.log"
    env = {"PYTHONPATH": f"{guard}{os.pathsep}{REPO}", "FORK_LOG": str(log), "SITEGEN_WORKERS": "2"}
    return env, log


def many_pages(root: Path, count: int = 80) -> Path:
    """A site big enough for the build to fork its workers (see incremental.parallel)."""
    pages = {
        f"content/advice/page-{n:03}.md": f"---\ntitle: Advice {n}\n---\nCall 101 about {n}.\n"
        for n in range(count)
    }
    return write_site(root, {"content/index.md": "---\ntitle: Home\n---\nHello.\n", **pages})


def forks(log: Path) -> list[tuple[int, int]]:
    lines = log.read_text(encoding="ascii").split("\n") if log.exists() else []
    return [(int(pid), int(threads)) for pid, threads in (line.split() for line in lines if line)]


def test_the_server_never_forks_from_a_threaded_process(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    env, log = fork_guard(tmp_path)
    site = many_pages(tmp_path / "site")
    served = start("--site", str(site), "--port", "0", env=env)
    url = served.url()
    (site / "content" / "advice" / "page-001.md").write_text("---\ntitle: A\n---\nEdited.\n")
    served.wait_for(r"^Built the site\.$")
    assert "Edited." in get(url, "/en/advice/page-001/")[1]
    assert served.stop() == 0
    recorded = forks(log)
    assert recorded, "the build forked no workers: the test proves nothing"
    assert served.process.pid not in {pid for pid, _ in recorded}
    assert {threads for _, threads in recorded} == {1}


def test_build_forks_its_workers_from_a_process_without_threads(tmp_path: Path) -> None:
    env, log = fork_guard(tmp_path)
    site = many_pages(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--no-cache"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 0, result.stderr
    recorded = forks(log)
    assert recorded
    assert {threads for _, threads in recorded} == {1}


def processes_with_tmpdir(tmpdir: Path) -> list[int]:
    """Return the processes whose environment names this test's TMPDIR (server, workers)."""
    marker = f"TMPDIR={tmpdir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if marker in environ:
                found.append(int(entry.name))
    return found


def wait_until_gone(tmpdir: Path) -> list[int]:
    deadline = time.monotonic() + WAIT
    while (left := processes_with_tmpdir(tmpdir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_sigterm_during_the_first_build_ends_the_worker_too(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    site = many_pages(tmp_path / "site")
    served = start("--site", str(site), "--port", "0", env={"SITEGEN_WORKERS": "2"})
    deadline = time.monotonic() + WAIT
    while not served.temp_folders() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert served.stop(signal.SIGTERM) == 0
    assert served.temp_folders() == []
    assert wait_until_gone(served.tmpdir) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_sigterm_while_the_build_writes_pages_ends_all_it_forked(tmp_path: Path, start) -> None:  # type: ignore[no-untyped-def]
    site = many_pages(tmp_path / "site", count=600)
    served = start("--site", str(site), "--port", "0", env={"SITEGEN_WORKERS": "2"})
    deadline = time.monotonic() + WAIT
    while not list(served.tmpdir.glob("sitegen-serve-*/*/*/advice/*/index.html")):
        assert time.monotonic() < deadline, f"the build wrote no page: {served.lines}"
        time.sleep(0.01)
    assert served.stop(signal.SIGTERM) == 0
    assert "Built the site." not in served.lines, "the build ended first: the test proves nothing"
    assert served.temp_folders() == []
    assert wait_until_gone(served.tmpdir) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_after_sigkill_the_worker_ends_and_the_next_server_cleans_up(  # type: ignore[no-untyped-def]
    tmp_path: Path, start
) -> None:
    site = small_site(tmp_path / "site")
    killed = start("--site", str(site), "--port", "0")
    killed.url()
    (left_behind,) = killed.temp_folders()
    assert killed.stop(signal.SIGKILL) == -signal.SIGKILL
    assert wait_until_gone(killed.tmpdir) == []  # the build worker saw its server go
    assert killed.temp_folders() == [left_behind]
    served = start("--site", str(site), "--port", "0")
    served.url()
    assert (
        f"Removed {served.tmpdir / left_behind}, left by a server that is no longer running."
        in served.lines
    )
    assert served.stop() == 0
    assert served.temp_folders() == []
