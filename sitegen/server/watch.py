"""Watch a site's sources for changes by polling: simple, and the same on every system."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from sitegen.read.discover import WATCHED_NAMES

POLL_SECONDS = 0.3
_IGNORED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", "node_modules", ".cache", ".idea", ".vscode"}
)
_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".bak", ".part", ".crdownload")
_TEMP_NAMES = frozenset({"4913", ".DS_Store"})


def is_editor_temp_file(name: str) -> bool:
    """Tell whether a file name is an editor's swap, backup or autosave file."""
    return (
        name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_TEMP_SUFFIXES)
        or name in _TEMP_NAMES
    )


def snapshot_sources(site_dir: Path, ignore: Path | None = None) -> dict[str, tuple[int, int]]:
    """Return (mtime_ns, size) of every watched source file, keyed by its path."""
    ignored = os.path.realpath(ignore) if ignore is not None else None
    found: dict[str, tuple[int, int]] = {}
    for name in WATCHED_NAMES:
        top = site_dir / name
        for path in _walk_files(str(top), ignored):
            try:
                info = os.stat(path)
            except OSError:  # deleted while we looked
                continue
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


def _walk_files(top: str, ignored: str | None) -> Iterator[str]:
    if os.path.isfile(top):
        yield top
        return
    for folder, dirnames, filenames in os.walk(top):
        dirnames[:] = [
            name
            for name in dirnames
            if name not in _IGNORED_DIRS and os.path.realpath(os.path.join(folder, name)) != ignored
        ]
        for name in filenames:
            if not is_editor_temp_file(name):
                yield os.path.join(folder, name)


class Watcher:
    """Polls the watched sources and calls `on_change` once they have been quiet for a poll."""

    def __init__(self, site_dir: Path, ignore: Path, on_change: Callable[[], None]) -> None:
        self._site_dir = site_dir
        self._ignore = ignore
        self._on_change = on_change
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        previous = snapshot_sources(self._site_dir, self._ignore)
        self._thread = threading.Thread(
            target=self._run, args=(previous,), name="sitegen-watch", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, previous: dict[str, tuple[int, int]]) -> None:
        pending = False
        while not self._stopping.wait(POLL_SECONDS):
            current = snapshot_sources(self._site_dir, self._ignore)
            if current != previous:
                previous, pending = current, True
            elif pending:
                pending = False
                self._on_change()
