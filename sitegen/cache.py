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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Cache:
    """A folder of pickled values by key; `folder` None is a cache that never hits."""

    folder: Path | None

    def get(self, key: str) -> Any | None:
        """Return the cached value, or None when absent, unreadable or corrupt."""
        if self.folder is None:
            return None
        try:
            with open(self.path_of(key), "rb") as stream:
                return pickle.load(stream)
        except Exception:
            return None

    def put(self, key: str, value: Any) -> bool:
        """Store a value (atomically: readers never see half a file); False if it failed."""
        if self.folder is None:
            return False
        return self._write(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

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
