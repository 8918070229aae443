"""Sealed cache records: each carries the format, sitegen's version and a MAC under the cache's key.

Pickle (and Jinja's marshalled bytecode) can run code when read, so a record that anyone else
wrote into the cache folder must never be unpickled. Every record is sealed with HMAC-SHA256
under a key made for each cache folder (`key`, 32 random bytes, readable by its owner only):
a record is unpickled only if its MAC is right. Changing it needs the key, which only the
person building can read. The same MAC catches a record damaged on disk (a bit flip, a
same-length edit) that a file's size and time would not.

A record of another format, version or key is a plain miss (an upgrade, a key made again):
only a record that claims this cache's key and fails it is "damaged". Damage is noted in a
file of the cache folder, so a forked worker that finds it can tell the build (`take_damage`).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sitegen import __version__
from sitegen.errors import Problem, SourceRef
from sitegen.incremental.cachefiles import read_record, write_private

KEY_NAME = "key"
DAMAGE_NAME = "damaged"
KEY_BYTES = 32
MAC_BYTES = 32
FORMAT = "3"
_MAX_DAMAGE_NOTES = 1 << 20
_APPEND = (os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)) | getattr(
    os, "O_NOFOLLOW", 0
)


class Damaged(Exception):
    """A record claims this cache's key but its MAC is wrong."""


def read_key(folder: Path) -> bytes | None:
    """Return the cache folder's key, None when it has none this user alone can read."""
    found = read_record(folder / KEY_NAME, limit=KEY_BYTES)
    if found is None:
        return None
    data, info = found
    if len(data) != KEY_BYTES or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        return None
    return data


def cache_key(folder: Path) -> bytes:
    """Return the cache folder's key, making a new one (mode 0600) when it has none it can trust.

    A key that cannot be saved is still returned: this build's records then only fail to
    match next time, which makes that build a full one (the lock's warning says why).
    """
    found = read_key(folder)
    if found is not None:
        return found
    key = secrets.token_bytes(KEY_BYTES)
    write_private(folder / KEY_NAME, key)
    return key


def _header(key: bytes) -> bytes:
    key_id = hashlib.sha256(b"sitegen cache key id\n" + key).hexdigest()[:16]
    return f"sitegen-cache {FORMAT} {__version__} {key_id}\n".encode("ascii")


def seal(key: bytes, *chunks: bytes) -> list[bytes]:
    """Return the chunks of a record's file: its header and MAC, then the record itself."""
    header = _header(key)
    mac = hmac.new(key, header, hashlib.sha256)
    for chunk in chunks:
        mac.update(chunk)
    return [header, mac.digest(), *chunks]


def unseal(key: bytes, data: bytes) -> bytes | None:
    """Return the record inside a sealed file's bytes; None when it is of another format,
    version or key. Raise `Damaged` when it is of this key and its MAC is wrong."""
    header = _header(key)
    if not data.startswith(header):
        return None
    start = len(header) + MAC_BYTES
    if len(data) < start:
        raise Damaged
    body = memoryview(data)[start:]
    expected = hmac.new(key, header, hashlib.sha256)
    expected.update(body)
    if not hmac.compare_digest(expected.digest(), data[len(header) : start]):
        raise Damaged
    return bytes(body)


def discard_damaged(folder: Path, path: Path | str) -> None:
    """Delete a damaged record of the cache in `folder` (from any process of the build), and
    note it for `take_damage`: made again, it is reported once, not on every build."""
    name = os.path.relpath(path, folder)
    with contextlib.suppress(OSError):
        os.unlink(path)
    with contextlib.suppress(OSError):
        handle = os.open(folder / DAMAGE_NAME, _APPEND, 0o600)
        try:
            os.write(handle, name.encode("utf-8", errors="replace")[:200] + b"\n")
        finally:
            os.close(handle)


def take_damage(folder: Path) -> list[str]:
    """Return the distinct damaged records noted since the last call, and forget them."""
    found = read_record(folder / DAMAGE_NAME, limit=_MAX_DAMAGE_NOTES)
    with contextlib.suppress(OSError):
        os.unlink(folder / DAMAGE_NAME)
    if found is None:
        return []
    names = found[0].decode("utf-8", errors="replace").splitlines()
    return sorted(set(filter(None, names)))


def damage_warnings(folder: Path | None) -> tuple[Problem, ...]:
    """Return one warning if damaged records were found since the last call, else none."""
    names = take_damage(folder) if folder is not None else []
    if not names:
        return ()
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    message = (
        f"{len(names)} cache record{'' if len(names) == 1 else 's'} had been changed since this "
        f"cache wrote them ({shown}): they were not used, and were made again. If this keeps "
        "happening, check the disk and who else can write the cache folder"
    )
    return (Problem(SourceRef(str(folder)), message, "warning"),)
