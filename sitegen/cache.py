"""An on-disk cache of parsed sources, keyed by fingerprints of everything that shapes them.

A cache entry is found by the SHA-256 of the file's bytes, its role and language, the Markdown
options and sitegen's version, so a stale entry is never found: a changed input is a new key.
A corrupt or unreadable entry is a miss. The cache lives outside the site folder (the build never
writes there), under `$XDG_CACHE_HOME/sitegen/`, one folder per site and output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__

CACHE_FORMAT = "2"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_temp_numbers = itertools.count()  # with the process id, names this process's temporary files


def default_cache_dir(site_dir: Path, out_dir: Path) -> Path:
    """Return the cache folder for building one site into one output folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = hashlib.sha256(f"{site_dir.resolve()}\n{out_dir.resolve()}".encode()).hexdigest()
    return base / "sitegen" / name[:16]


def fingerprint(*parts: bytes | str) -> str:
    """Return the SHA-256 of some parts (kept apart, so ("ab", "c") differs from ("a", "bc"))."""
    digest = hashlib.sha256(f"sitegen {__version__} cache {CACHE_FORMAT}".encode())
    for part in parts:
        data = part.encode("utf-8", errors="surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# A cache file's identity on disk: (size, mtime_ns, ctime_ns, inode).
FileIdentity = tuple[int, int, int, int]


@dataclass(frozen=True)
class Cache:
    """A folder of pickled values by key; `folder` None is a cache that never hits.

    `memory` (for a process that builds the same site again and again, such as the dev server)
    keeps the values of entries read or written with `remember=True`, with the identity of their
    file: while the file is unchanged, the next `get` returns the value without reading it.
    """

    folder: Path | None
    memory: dict[str, tuple[FileIdentity, Any]] | None = field(default=None, compare=False)

    def get(self, key: str, remember: bool = False) -> Any | None:
        """Return the cached value, or None when absent, unreadable or corrupt."""
        if self.folder is None:
            return None
        path = self.path_of(key)
        if remember and self.memory is not None:
            known = self.memory.get(key)
            if known is not None and known[0] == _identity(path):
                return known[1]
        try:
            with open(path, "rb") as stream:
                identity = _identity_of(os.fstat(stream.fileno()))
                value = pickle.load(stream)
        except Exception:
            return None
        if remember and self.memory is not None:
            self.memory[key] = (identity, value)
        return value

    def put(self, key: str, value: Any, remember: bool = False) -> bool:
        """Store a value (atomically: readers never see half a file); False if it failed."""
        if self.folder is None:
            return False
        written = self._write(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if remember and self.memory is not None:
            identity = _identity(self.path_of(key)) if written else None
            if identity is None:
                self.memory.pop(key, None)
            else:
                self.memory[key] = (identity, value)
        return written

    def _write(self, key: str, *chunks: bytes) -> bool:
        """Write an entry through a temporary file; a cache that cannot be written only makes
        the next build slower, so a failure is only reported as False.

        A cold build writes an entry per page, so this is kept lean: a temporary name from
        the process id and a counter (unique among processes sharing the folder), and the
        folder made only when the first write into it finds it missing.
        """
        path = self.path_of(key)
        temp = path.parent / f".tmp-{os.getpid()}-{next(_temp_numbers)}"
        try:
            try:
                handle = os.open(temp, _NEW_FILE, 0o600)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = os.open(temp, _NEW_FILE, 0o600)
            with os.fdopen(handle, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
            return False
        return True

    def path_of(self, key: str) -> Path:
        """Return the file that holds (or would hold) an entry."""
        assert self.folder is not None
        return self.folder / key[:2] / key


def _identity(path: Path) -> FileIdentity | None:
    try:
        return _identity_of(os.stat(path))
    except OSError:
        return None


def _identity_of(info: os.stat_result) -> FileIdentity:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
