"""Reading and making the cache's files and folders without trusting what is found there.

Anyone who can write the cache folder can put anything in place of a record: a FIFO (an open
for reading would wait for ever), a symlink to `/dev/zero` (a read would never end), a file of
many gigabytes. So a record is opened without following a symlink and without waiting, must be
a regular file, and is read only up to a limit; anything else is a miss, and the entry is made
again. The folders are made private (0700) and the files 0600; the records are sealed besides
(`sealing`), since a pickle from someone else can run code when it is read.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

# Far above any real record (a 100,000-page site's parse index is a few hundred megabytes).
MAX_RECORD_BYTES = 2 << 30
_SAFE_READ = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)
_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)


def open_record(path: Path | str) -> tuple[int, os.stat_result] | None:
    """Open a cache file for reading if it is a regular file reached without a symlink; return
    its handle (the caller closes it) and its status, else None."""
    try:
        handle = os.open(path, _SAFE_READ)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
    except OSError:
        os.close(handle)
        return None
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        return None
    return handle, info


def read_record(
    path: Path | str, limit: int = MAX_RECORD_BYTES
) -> tuple[bytes, os.stat_result] | None:
    """Return a cache file's bytes and status, or None when it is missing, not a regular file,
    reached through a symlink, over `limit` bytes or cannot be read whole."""
    opened = open_record(path)
    if opened is None:
        return None
    handle, info = opened
    try:
        if info.st_size > limit:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return (data, info) if len(data) == info.st_size else None


def make_private_folder(folder: Path) -> None:
    """Make `folder` and any missing folder above it, each readable by its owner only."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another build
            os.mkdir(candidate, 0o700)


def write_private(path: Path, *chunks: bytes) -> bool:
    """Write a file (mode 0600) through a temporary one beside it, so that a reader never sees
    half of it; return False if it could not be written (a cache only costs time then)."""
    temporary = path.parent / f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        make_private_folder(path.parent)
        with os.fdopen(os.open(temporary, _NEW_FILE, 0o600), "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    return True
