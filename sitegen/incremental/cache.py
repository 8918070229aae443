"""An on-disk cache of parsed sources, keyed by fingerprints of everything that shapes them.

A cache entry is found by the SHA-256 of the file's bytes, its role and language, the Markdown
options and sitegen's version, so a stale entry is never found: a changed input is a new key.
A corrupt or unreadable entry is a miss. Every entry is sealed with the cache's key
(`sealing`): one that fails is discarded, made again and reported once (`take_damage`). The
cache lives outside the site folder (the build never writes there), under
`$XDG_CACHE_HOME/sitegen/`, one private folder per site and output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__
from sitegen.incremental.cachefiles import make_private_folder, open_record, read_record
from sitegen.incremental.sealing import Damaged, cache_key, discard_damaged, seal, unseal

CACHE_FORMAT = "3"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_temp_numbers = itertools.count()  # with the process id, names this process's temporary files


def default_cache_dir(site_dir: Path, out_dir: Path) -> Path:
    """Return the cache folder for building one site into one output folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = hashlib.sha256(f"{site_dir.resolve()}\n{out_dir.resolve()}".encode()).hexdigest()
    return base / "sitegen" / name[:16]


def fingerprint(*parts: bytes | str) -> str:
    """Return the SHA-256 of some parts (kept apart, so ("ab", "c") differs from ("a", "bc"))."""
    chunks = [_FINGERPRINT_PREFIX]
    for part in parts:
        data = part.encode("utf-8", errors="surrogatepass") if isinstance(part, str) else part
        chunks.append(len(data).to_bytes(8, "big"))
        chunks.append(data)
    return hashlib.sha256(b"".join(chunks)).hexdigest()  # one call: most parts are short


_FINGERPRINT_PREFIX = f"sitegen {__version__} cache {CACHE_FORMAT}".encode()


# A file written twice within one tick of its file system's clock (a jiffy on Linux, a second on
# HFS+ and ext3, two on FAT) keeps its stamp; so a stamp vouches for a file's bytes only when the
# file was last changed this long before the stamp was taken (git calls the others "racy").
SETTLED_NS = 2_000_000_000


def is_settled(mtime_ns: int, ctime_ns: int, taken_ns: int) -> bool:
    """Tell whether a file with these times, stamped after `taken_ns`, had been left alone long
    enough for its stamp to vouch for its bytes next time (see SETTLED_NS)."""
    return max(mtime_ns, ctime_ns) < taken_ns - SETTLED_NS


# A cache file's identity on disk: (size, mtime_ns, ctime_ns, inode).
FileIdentity = tuple[int, int, int, int]
# Where `Cache.put_pack` kept a value: (pack name, offset, length, BLAKE2b digest of its bytes).
# A place is kept in the (sealed) parse index, so the digest vouches for the bytes it names.
Place = tuple[str, int, int, bytes]
PACK_PREFIX = "pack-"


@dataclass(frozen=True)
class Cache:
    """A folder of pickled values by key; `folder` None is a cache that never hits.

    `memory` (for a process that builds the same site again and again, such as the dev server)
    keeps the values of entries read or written with `remember=True`, with the identity of their
    file: while the file is unchanged, the next `get` returns the value without reading it.
    `used` collects the keys this process asked for or stored (see `sweep`). `key` seals the
    entries; left empty, it is the folder's own (read, or made, when the cache is made).
    """

    folder: Path | None
    memory: dict[str, tuple[FileIdentity, Any]] | None = field(default=None, compare=False)
    used: set[str] = field(default_factory=set, compare=False)
    key: bytes = field(default=b"", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.folder is not None and not self.key:
            object.__setattr__(self, "key", cache_key(self.folder))

    def get(self, key: str, remember: bool = False) -> Any | None:
        """Return the cached value, or None when absent, unreadable or corrupt."""
        if self.folder is None:
            return None
        self.used.add(key)
        path = self.path_of(key)
        if remember and self.memory is not None:
            known = self.memory.get(key)
            if known is not None and known[0] == _identity(path):
                return known[1]
        found = read_record(path)
        if found is None:
            return None
        try:
            data = unseal(self.key, found[0])
            value = None if data is None else pickle.loads(data)
        except Damaged:
            discard_damaged(self.folder, path)
            return None
        except Exception:
            return None
        if value is None:
            return None
        identity = _identity_of(found[1])
        if remember and self.memory is not None:
            self.memory[key] = (identity, value)
        return value

    def put(self, key: str, value: Any, remember: bool = False) -> bool:
        """Store a value (atomically: readers never see half a file); False if it failed."""
        if self.folder is None:
            return False
        self.used.add(key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        written = self._write(key, *seal(self.key, data))
        if remember and self.memory is not None:
            identity = _identity(self.path_of(key)) if written else None
            if identity is None:
                self.memory.pop(key, None)
            else:
                self.memory[key] = (identity, value)
        return written

    def put_pack(self, values: Sequence[Any]) -> list[Place] | None:
        """Store values together in one new file; return where each is, None if it failed.

        One file for many values: a cold build stores a body per page, and creating thousands
        of small files costs more than pickling what goes into them. A pack is never changed
        once written; `prune_packs` deletes those no longer used.
        """
        if self.folder is None:
            return None
        name = PACK_PREFIX + secrets.token_hex(8)
        chunks = [pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for value in values]
        places = []
        offset = 0
        for chunk in chunks:
            places.append((name, offset, len(chunk), _digest(chunk)))
            offset += len(chunk)
        return places if self._write(name, *chunks) else None

    def get_placed(self, place: Place) -> Any | None:
        """Return a value stored by `put_pack`; None when its pack is gone, short or changed
        (a pack that is there but does not hold what its place says is noted as damaged)."""
        if self.folder is None:
            return None
        name, offset, length, digest = place
        opened = open_record(self.path_of(name))
        if opened is None:
            return None
        handle = opened[0]
        try:
            data = os.pread(handle, length, offset)
        except OSError:
            return None
        finally:
            os.close(handle)
        if len(data) != length or _digest(data) != digest:
            discard_damaged(self.folder, self.path_of(name))
            return None
        try:
            return pickle.loads(data)
        except Exception:
            return None

    def prune_packs(self, used: set[str]) -> None:
        """Delete the packs not named in `used` (a build still reading one parses again)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder / PACK_PREFIX[:2]):
                if entry.name.startswith(PACK_PREFIX) and entry.name not in used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def sweep(self, older_than_ns: int) -> int:
        """Delete the entries this process neither read nor stored, last written before
        `older_than_ns`: what earlier builds (and earlier versions of sitegen) left that nothing
        uses any more, and temporary files of writes that were killed. Return how many.

        Packs are left to `prune_packs`, which knows which are in use. An entry a later build
        needs after all (another setting, say) is only made again.
        """
        if self.folder is None:
            return 0
        removed = 0
        with contextlib.suppress(OSError):
            for folder in os.scandir(self.folder):
                if len(folder.name) != 2 or not folder.is_dir(follow_symlinks=False):
                    continue  # not one of ours (Jinja's bytecode has a folder of its own)
                removed += self._sweep_folder(folder.path, older_than_ns)
        return removed

    def _sweep_folder(self, folder: str, older_than_ns: int) -> int:
        removed = 0
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name in self.used or entry.name.startswith(PACK_PREFIX):
                    continue
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime_ns < older_than_ns:
                        os.unlink(entry.path)
                        removed += 1
        return removed

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
                make_private_folder(path.parent)
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


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _identity(path: Path) -> FileIdentity | None:
    try:
        return _identity_of(os.stat(path))
    except OSError:
        return None


def _identity_of(info: os.stat_result) -> FileIdentity:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
