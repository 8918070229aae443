"""Watch a site's sources for changes: by the system's file events, or else by polling.

Native events (inotify, FSEvents, ReadDirectoryChangesW, through watchfiles) cost nothing while
nobody edits; polling stats every source file 3 times a second (8 to 9 % of a core at 6,000
files, see docs/benchmarks.md) but works everywhere, network folders included. `make_watcher`
uses events unless told to poll (`--poll`) or the system refuses them (no inotify, too many
watches), and then says so.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from watchfiles._rust_notify import RustNotify  # watchfiles' own typed core, as watch() uses

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


class PollingWatcher:
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


# Events arriving closer together than this are one change (an editor's save is several).
QUIET_MS = 50
# ...but a change that never goes quiet (a long copy) is reported after this.
MAX_WAIT_MS = 1600


class NativeWatcher:
    """Waits for the system's file events and calls `on_change` once they have gone quiet.

    Only the sources are watched, not the whole site folder: an old `public/` of 30,000
    folders would cost as many inotify watches. The site folder itself is watched one level
    deep (site.yaml, contacts.lock, a source folder made later, which is then watched too).
    """

    def __init__(self, site_dir: Path, ignore: Path, on_change: Callable[[], None]) -> None:
        self._site_dir = os.path.realpath(site_dir)
        self._ignored = os.path.realpath(ignore)
        self._on_change = on_change
        self._stopping = threading.Event()
        self._tree_stopping = threading.Event()  # set to watch a new set of folders
        self._threads: list[threading.Thread] = []
        # Both raise at once if the system has no events to give: then the caller polls.
        self._top = RustNotify([self._site_dir], False, False, 0, False, True)
        self._folders = self._source_folders()
        self._tree = self._watch_tree(self._folders)

    def start(self) -> None:
        for target in (self._run_top, self._run_tree):
            thread = threading.Thread(target=target, name="sitegen-watch", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        self._tree_stopping.set()
        for thread in self._threads:
            thread.join()
        self._top.close()
        if self._tree is not None:
            self._tree.close()

    def _source_folders(self) -> list[str]:
        folders = (os.path.join(self._site_dir, name) for name in WATCHED_NAMES)
        return [folder for folder in folders if os.path.isdir(folder)]

    def _watch_tree(self, folders: list[str]) -> RustNotify | None:
        return RustNotify(folders, False, False, 0, True, True) if folders else None

    def _run_top(self) -> None:
        while not self._stopping.is_set():
            changes = self._top.watch(MAX_WAIT_MS, QUIET_MS, 0, self._stopping)
            if not isinstance(changes, set):
                continue
            if self._source_folders() != self._folders:  # a source folder made or removed
                self._restart_tree()
            if any(self._is_source(path) for _, path in changes):
                self._on_change()

    def _restart_tree(self) -> None:
        self._tree_stopping.set()  # the tree's thread ends; a new one watches the new set
        for old in self._threads[1:]:
            old.join()
        if self._tree is not None:
            self._tree.close()
        self._folders = self._source_folders()
        self._tree = self._watch_tree(self._folders)
        self._tree_stopping = threading.Event()
        if self._stopping.is_set():  # stopped meanwhile: start nothing new
            return
        thread = threading.Thread(target=self._run_tree, name="sitegen-watch", daemon=True)
        thread.start()
        self._threads[1:] = [thread]

    def _run_tree(self) -> None:
        tree, stopping = self._tree, self._tree_stopping
        while tree is not None and not stopping.is_set():
            changes = tree.watch(MAX_WAIT_MS, QUIET_MS, 0, stopping)
            if isinstance(changes, set) and any(self._is_source(path) for _, path in changes):
                self._on_change()

    def _is_source(self, path: str) -> bool:
        """Tell whether a changed path is one of the sources the build reads."""
        real = os.path.realpath(path)
        if real == self._ignored or real.startswith(self._ignored + os.sep):
            return False
        relative = os.path.relpath(real, self._site_dir).split(os.sep)
        return (
            relative[0] in WATCHED_NAMES
            and not _IGNORED_DIRS.intersection(relative)
            and not is_editor_temp_file(relative[-1])
        )


Watcher = NativeWatcher | PollingWatcher


def make_watcher(
    site_dir: Path,
    ignore: Path,
    on_change: Callable[[], None],
    log: Callable[[str], None],
    *,
    poll: bool = False,
) -> Watcher:
    """Return a watcher of the site's sources: native events unless `poll` or unavailable."""
    if poll:
        log("Watching for changes by polling (--poll).")
        return PollingWatcher(site_dir, ignore, on_change)
    try:
        return NativeWatcher(site_dir, ignore, on_change)
    except (OSError, RuntimeError) as error:  # watchfiles' internal error is a RuntimeError
        log(
            f"warning: the system gives no file events here ({error}); "
            "watching for changes by polling instead."
        )
        return PollingWatcher(site_dir, ignore, on_change)
