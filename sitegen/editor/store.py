"""Saving a file the editor changed: atomically, with the previous version kept to restore.

The history of `content/a/b.md` is the folder `.sitegen/history/content/a/b.md/`, one file
per saved-over version, named by the time of the save and a short hash, so the list sorts by
time. A save names the version the editor opened (its SHA-256); if the file on disk is another,
nothing is written and the caller gets both texts (a conflict).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

HISTORY_DIR = Path(".sitegen") / "history"


def text_hash(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes, as the editor sends it back with a save."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since the editor opened it: both versions, nothing written."""

    on_disk: str
    mine: str


@dataclass(frozen=True)
class Saved:
    """A save done: the new version's hash and the history entry of the old one (if any)."""

    hash: str
    history_entry: str


@dataclass(frozen=True)
class HistoryEntry:
    """One kept version of a file."""

    name: str
    saved_at: str  # ISO time the version was replaced
    size: int


def history_folder(site_dir: Path, relative: str) -> Path:
    """Return the folder that keeps the previous versions of a site-relative file."""
    return site_dir / HISTORY_DIR / relative


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o777)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def save(
    site_dir: Path, relative: str, path: Path, text: str, opened_hash: str, now: dt.datetime
) -> Saved | Conflict:
    """Save `text` over the version opened (hash `opened_hash`, "" for a new file)."""
    old = path.read_bytes() if path.exists() else None
    current_hash = "" if old is None else text_hash(old)
    if current_hash != opened_hash:
        return Conflict(on_disk="" if old is None else old.decode("utf-8", "replace"), mine=text)
    entry = "" if old is None else _keep(site_dir, relative, old, now)
    data = text.encode("utf-8")
    atomic_write(path, data)
    return Saved(text_hash(data), entry)


def keep_version(site_dir: Path, relative: str, path: Path, now: dt.datetime) -> str:
    """Keep a file's current version in its history before something else replaces it."""
    return _keep(site_dir, relative, path.read_bytes(), now) if path.exists() else ""


def _keep(site_dir: Path, relative: str, old: bytes, now: dt.datetime) -> str:
    folder = history_folder(site_dir, relative)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{text_hash(old)[:12]}{Path(relative).suffix}"
    atomic_write(folder / name, old)
    return name


def history(site_dir: Path, relative: str) -> list[HistoryEntry]:
    """List the kept versions of a file, newest first."""
    folder = history_folder(site_dir, relative)
    if not folder.is_dir():
        return []
    entries = []
    for item in sorted(folder.iterdir(), reverse=True):
        if item.is_file() and not item.name.startswith("."):
            stamp = dt.datetime.strptime(item.name.split("-")[0], "%Y%m%dT%H%M%S%fZ")
            saved_at = stamp.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
            entries.append(HistoryEntry(item.name, saved_at, item.stat().st_size))
    return entries


def kept_version(site_dir: Path, relative: str, name: str) -> bytes | None:
    """Return a kept version's bytes, or None if the history has no such entry."""
    names = {entry.name for entry in history(site_dir, relative)}
    if name not in names:
        return None
    return (history_folder(site_dir, relative) / name).read_bytes()
