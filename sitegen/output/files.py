"""The files of an output folder: the output file type, the marker file, and what is there now.

The write stage brings the output folder to a list of `OutputFile`s. What it finds there
(`list_output`), and what this process or the previous build remembers of it (`PreviousOutput`,
`OutputMemory`), tells it which files it may keep without making or writing them again. The
marker file says a folder is one sitegen made, so the only kind it ever replaces or deletes.
"""

from __future__ import annotations

import os
import shutil
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sitegen.errors import Problem, SourceRef

MARKER_NAME = ".sitegen-output"
MARKER_TEXT = (
    b"This folder was made by sitegen and is replaced completely on every build.\n"
    b"Do not keep your own files here: edit the site's source files instead.\n"
)


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: where it goes, its exact bytes, and what produced it.

    The bytes are in memory (`data_or_none`) or in a file (`stored`, from byte `offset` to the
    end): a page in the cache, or the very file the previous build wrote, which is then *kept*.
    `key` fingerprints what the file was made from (pages and feeds; "" otherwise).
    """

    path: str  # POSIX path relative to the output folder, e.g. "ur/advice/x/index.html"
    data_or_none: bytes | None
    source: SourceRef | None
    key: str = ""
    stored: Path | str | None = None  # a kept file's is text: a Path per file costs 10 µs
    offset: int = 0
    notes: tuple[Problem, ...] = ()  # warnings making it gave (given again when it is kept)

    def __init__(
        self,
        path: str,
        data: bytes | None,
        source: SourceRef | None,
        key: str = "",
        stored: Path | str | None = None,
        offset: int = 0,
        notes: tuple[Problem, ...] = (),
    ) -> None:
        if data is None and stored is None:
            raise ValueError("an output file needs its bytes or the file that holds them")
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "data_or_none", data)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "stored", stored)
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "notes", notes)

    def write_to(self, stream: BinaryIO) -> None:
        """Write the bytes to an open file (copied by the kernel when they are in a file)."""
        if self.data_or_none is not None:
            stream.write(self.data_or_none)
            return
        assert self.stored is not None
        with open(self.stored, "rb") as source:
            stream.flush()
            offset = self.offset
            while True:
                try:
                    copied = os.copy_file_range(
                        source.fileno(), stream.fileno(), 1 << 30, offset_src=offset
                    )
                except (AttributeError, OSError):  # not Linux, or across filesystems it refuses
                    source.seek(offset)
                    shutil.copyfileobj(source, stream)
                    return
                if copied == 0:
                    return
                offset += copied

    @property
    def data(self) -> bytes:
        """The file's bytes (read from where they are stored when not in memory)."""
        if self.data_or_none is not None:
            return self.data_or_none
        assert self.stored is not None
        with open(self.stored, "rb") as stream:
            stream.seek(self.offset)
            return stream.read()

    def moved(self, path: str) -> OutputFile:
        """Return the same file at another path."""
        return OutputFile(
            path, self.data_or_none, self.source, self.key, self.stored, self.offset, self.notes
        )


# What a file was made from and its identity on disk once written: (size, mtime_ns, inode).
FileStamp = tuple[int, int, int]


@dataclass(frozen=True)
class PreviousOutput:
    """The files the previous build wrote from a key, so one made from the same key is kept.

    A kept file is not made again, read or rewritten: the build trusts that a file still on
    disk with the size, time and inode it had when written holds the bytes it was written with.
    """

    folder: Path
    records: dict[str, tuple[str, FileStamp, tuple[Problem, ...]]]  # path -> (key, stamp, notes)
    # The folder's files as this process left them (see `OutputMemory`), instead of asking the
    # file system about each file; None: ask it.
    on_disk: dict[str, OldFile] | None = field(default=None, compare=False)

    def kept(self, path: str, key: str, source: SourceRef | None) -> OutputFile | None:
        """Return the file as kept from the previous build, or None if it must be made."""
        record = self.records.get(path)
        if record is None or not key or record[0] != key:
            return None
        target = os.path.join(self.folder, path)
        if self.on_disk is None:
            stamp = _file_stamp(target)
        else:
            old = self.on_disk.get(path)
            stamp = None if old is None or old.path != path else _stamp_of(old.info)
        if stamp != record[1]:
            return None
        return OutputFile(path, None, source, key, target, notes=record[2])

    def after_write(self, files: Iterable[OutputFile], stats: WriteStats) -> PreviousOutput:
        """Record the files just written from a key, as the next build will find them.

        A file the write left alone (the same bytes) is still the file on record: only the
        files it wrote are looked at on disk.
        """
        records = {}
        for file in files:
            path = nfc(file.path)
            if not file.key:
                continue
            known = self.records.get(path)
            if known is not None and path not in stats.written_paths:
                records[path] = (file.key, known[1], file.notes)
            elif (stamp := _file_stamp(self.folder / path)) is not None:
                records[path] = (file.key, stamp, file.notes)
        return PreviousOutput(self.folder, records)


def _file_stamp(path: Path | str) -> FileStamp | None:
    try:
        return _stamp_of(os.lstat(path))
    except OSError:
        return None


def _stamp_of(info: os.stat_result) -> FileStamp | None:
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class OutputMemory:
    """The output folder's files as this process last left them, for its next build.

    A process building the same folder again and again (the dev server, into a folder of its
    own) trusts this instead of listing the folder and asking about each file. It is only
    trusted while the folder and its marker file are the ones this process left.
    """

    files: dict[str, OldFile] | None = None
    identity: tuple[int, int, int] | None = None  # the folder's inode, its marker's inode, mtime

    def trusted(self, out: Path) -> dict[str, OldFile] | None:
        """Return the remembered files if the folder is still the one they describe."""
        if self.files is None or self.identity is None:
            return None
        return self.files if _folder_identity(out) == self.identity else None

    def remember(self, out: Path, files: dict[str, OldFile] | None) -> None:
        self.files = files
        self.identity = _folder_identity(out) if files is not None else None


def _folder_identity(out: Path) -> tuple[int, int, int] | None:
    try:
        folder = os.lstat(out)
        marker = os.lstat(out / MARKER_NAME)
    except OSError:
        return None
    return (folder.st_ino, marker.st_ino, marker.st_mtime_ns)


@dataclass(frozen=True)
class WriteStats:
    """What a build did to the output folder."""

    written: int  # files new or changed since the previous build
    unchanged: int  # files byte-identical to the previous build (kept with their old mtime)
    removed: int  # files of the previous build that are gone
    written_paths: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class OldFile:
    """A file found in the previous output, without following symbolic links."""

    path: str  # as spelled on disk, relative to the output folder
    info: os.stat_result


def list_output(out: Path) -> dict[str, OldFile]:
    """List the previous output's files by NFC path, never following symbolic links (nothing
    when `out` is not a folder sitegen made)."""
    found: dict[str, OldFile] = {}
    if not is_marked(out):
        return found
    pending = [("", str(out))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((path + "/", entry.path))
                else:
                    found[nfc(path)] = OldFile(path, entry.stat(follow_symlinks=False))
    return found


def is_marked(folder: Path) -> bool:
    """Tell whether `folder` is a real folder (not a link) holding sitegen's marker file."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(
            os.lstat(folder / MARKER_NAME).st_mode
        )
    except OSError:
        return False


def nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)
