"""Write stage: build the output in a temporary folder beside the old one, then swap it in.

A failed or killed build leaves the previous site untouched, nothing is written outside the
output folder, and sitegen only ever deletes or replaces a folder that carries its marker file.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import secrets
import shutil
import stat
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sitegen.errors import Problem, SiteError, SourceRef

MARKER_NAME = ".sitegen-output"
MARKER_TEXT = (
    b"This folder was made by sitegen and is replaced completely on every build.\n"
    b"Do not keep your own files here: edit the site's source files instead.\n"
)
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# ASCII segments of letters, digits, '.', '_' and '-', none starting with a dot: a path that
# passes every check of `_path_problem` (most do; the others are checked one rule at a time).
_PLAINLY_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly
_ADVICE = "choose a new or empty folder such as `public` inside the site folder"


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
    stored: Path | None = None
    offset: int = 0
    notes: tuple[Problem, ...] = ()  # warnings making it gave (given again when it is kept)

    def __init__(
        self,
        path: str,
        data: bytes | None,
        source: SourceRef | None,
        key: str = "",
        stored: Path | None = None,
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
        target = self.folder / path
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
            path = _nfc(file.path)
            if not file.key:
                continue
            known = self.records.get(path)
            if known is not None and path not in stats.written_paths:
                records[path] = (file.key, known[1], file.notes)
            elif (stamp := _file_stamp(self.folder / path)) is not None:
                records[path] = (file.key, stamp, file.notes)
        return PreviousOutput(self.folder, records)


def _file_stamp(path: Path) -> FileStamp | None:
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


# ---------------------------------------------------------------------------------------------
# The output folder


def check_output_dir(out_dir: Path, site_dir: Path, origin: SourceRef | None = None) -> None:
    """Refuse an output folder that sitegen must not replace; `origin` is where it was set."""
    ref = origin or SourceRef(_display_dir(out_dir, site_dir))
    problem = _output_dir_problem(out_dir, site_dir)
    if problem is not None:
        raise SiteError.at(ref, problem)


def _output_dir_problem(out_dir: Path, site_dir: Path) -> str | None:
    if out_dir.is_symlink():
        return (
            "the output folder is a symbolic link; sitegen replaces the output folder on every "
            "build, so give the real folder instead of the link"
        )
    out, site, home = out_dir.resolve(), site_dir.resolve(), Path.home().resolve()
    if out == Path(out.anchor):
        return f"the output folder is the filesystem root; {_ADVICE}"
    if out == home:
        return f"the output folder is your home folder; {_ADVICE}"
    if out == site:
        return f"the output folder is the site folder itself; {_ADVICE}"
    if site.is_relative_to(out):
        return (
            "the output folder contains the site folder, and sitegen replaces the output folder "
            f"on every build; {_ADVICE}"
        )
    if home.is_relative_to(out):
        return f"the output folder contains your home folder; {_ADVICE}"
    if out.exists() and not out.is_dir():
        return "the output folder is a file, not a folder; choose another name or delete the file"
    if out.is_dir() and not _is_marked(out) and any(out.iterdir()):
        return (
            f"the output folder already exists, is not empty and was not made by sitegen "
            f"(it has no {MARKER_NAME} file); choose an empty folder or delete it yourself"
        )
    return None


def _display_dir(out_dir: Path, site_dir: Path) -> str:
    out, site = out_dir.resolve(), site_dir.resolve()
    if out != site and out.is_relative_to(site):
        return out.relative_to(site).as_posix()
    return out.as_posix()


def _is_marked(folder: Path) -> bool:
    """Tell whether `folder` is a real folder (not a link) holding sitegen's marker file."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(
            os.lstat(folder / MARKER_NAME).st_mode
        )
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Output paths


def check_output_paths(files: Iterable[OutputFile]) -> None:
    """Refuse paths that could escape the output folder and paths two files would share."""
    problems: list[Problem] = []
    safe: list[OutputFile] = []
    for file in files:
        reason = _path_problem(file.path)
        if reason is None:
            safe.append(file)
        else:
            problems.append(Problem(_ref(file), f"output path {_show(file.path)} {reason}"))
    problems.extend(_collisions(safe))
    if problems:
        raise SiteError(problems)


def _path_problem(path: str) -> str | None:
    """Return why `path` is not a safe relative output path, or None if it is."""
    if isinstance(path, str) and _PLAINLY_SAFE.fullmatch(path):
        return None
    if not isinstance(path, str) or path == "":
        return "is empty"
    if "\x00" in path:
        return "contains a NUL character"
    if "\\" in path:
        return "contains a backslash; output paths use / between folders"
    if path.startswith("/"):
        return "is absolute; output paths are relative to the output folder"
    if _DRIVE_LETTER.match(path):
        return "starts with a Windows drive letter; output paths are relative to the output folder"
    if _CONTROL.search(path):
        return "contains a control character"
    segments = path.split("/")
    if "" in segments:
        return "has an empty segment (`//` or a trailing `/`)"
    if any(segment in (".", "..") for segment in segments):
        return "contains a `.` or `..` segment, which could lead outside the output folder"
    if "%" in path and any(_encodes_traversal(segment) for segment in segments):
        return "contains a percent-encoded `.`, `..`, `/` or `\\`, which could lead outside"
    if _fold(path) == _fold(MARKER_NAME):
        return "is reserved for sitegen's marker file"
    return None


def _encodes_traversal(segment: str) -> bool:
    """Tell whether a segment percent-decodes (repeatedly) into a separator or a dot segment."""
    decoded = segment
    for _ in range(5):
        once = urllib.parse.unquote(decoded)
        if once == decoded:
            break
        decoded = once
    if decoded == segment:
        return False
    return decoded in (".", "..") or any(char in decoded for char in "/\\\x00")


def _collisions(files: list[OutputFile]) -> list[Problem]:
    """Report files whose paths name one file once NFC-normalised and case-folded."""
    folded = [(_fold(f.path), f) for f in files]
    folded.sort(key=lambda pair: (pair[0], _ref(pair[1])))
    claimed: dict[str, OutputFile] = {}
    problems: list[Problem] = []
    for fold, file in folded:
        first = claimed.setdefault(fold, file)
        if first is not file:
            problems.append(Problem(_ref(first), _collision_message(first, file)))
    folds = [fold for fold, _ in folded]  # sorted
    if not any(_has_paths_below(folds, fold) for fold in claimed):
        return problems  # no file stands where a folder is needed
    for fold, file in folded:
        end = fold.find("/")
        while end != -1:
            folder = claimed.get(fold[:end])
            end = fold.find("/", end + 1)
            if folder is not None:
                problems.append(
                    Problem(
                        _ref(folder),
                        f"{_name(folder)} writes the file {_show(folder.path)} but "
                        f"{_name(file)} needs a folder of that name for {_show(file.path)}",
                    )
                )
    return problems


def _has_paths_below(folds: list[str], fold: str) -> bool:
    """Tell whether a sorted list holds a path inside the folder `fold`."""
    below = fold + "/"
    at = bisect.bisect_left(folds, below)
    return at < len(folds) and folds[at].startswith(below)


def _collision_message(first: OutputFile, second: OutputFile) -> str:
    message = f"{_name(first)} and {_name(second)} would both write {_show(_nfc(first.path))}"
    if _nfc(first.path) != _nfc(second.path):
        message += f" (also spelled {_show(_nfc(second.path))}; the same file on Windows and macOS)"
    return message


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _fold(path: str) -> str:
    if path.isascii():
        return path.lower()  # the same as below, for ASCII
    return _nfc(_nfc(path).casefold())


def _ref(file: OutputFile) -> SourceRef:
    return file.source or SourceRef(_show(file.path))


def _name(file: OutputFile) -> str:
    return str(file.source) if file.source else f"a generated file ({_show(file.path)})"


def _show(path: str) -> str:
    """Return `path` with unprintable characters escaped so a message stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


# ---------------------------------------------------------------------------------------------
# Writing and swapping


# At most this many files new, changed or removed, or at most this share of the site's files:
# the output folder is updated in place, each file replaced whole by a rename, instead of
# building a new folder and swapping it in (which costs a link and a folder per file kept: a
# second at 5,000 pages, for a corrected phone number shown on 50 of them).
SMALL_CHANGE = 32
SMALL_SHARE = 8  # 1/8


def open_staging(out_dir: Path) -> Path:
    """Make the folder a build writes its new output into, beside `out_dir` (see `write_site`).

    The render stage writes pages straight into it, so a full build writes each page once.
    Folders that a killed earlier build left beside `out_dir` are deleted first. The caller
    passes it to `write_site` and calls `discard_staging` when the build ends, however it ends.
    """
    out = out_dir.resolve()
    staging: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        staging = _make_sibling(out, "tmp")
        (staging / MARKER_NAME).write_bytes(MARKER_TEXT)  # so only sitegen ever deletes it
    except OSError as exc:
        if staging is not None:
            _remove_ours(staging)
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            SourceRef(str(out_dir)), f"cannot make a folder beside the output folder: {reason}"
        ) from exc
    return staging


def discard_staging(staging: Path) -> None:
    """Delete a staging folder that was not swapped in (nothing happens if it was)."""
    _remove_ours(staging)


def stage_file(staging: Path, path: str, data: bytes) -> Path:
    """Write one new file into a staging folder at its output path; return where it went.

    `path` must have passed `check_output_paths`. The path is NFC-normalised as `write_site`
    normalises it, so the file is found where the write expects it.
    """
    target = staging / _nfc(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)
    return target


def write_site(
    files: Iterable[OutputFile],
    out_dir: Path,
    site_dir: Path,
    staging: Path | None = None,
    memory: OutputMemory | None = None,
    listed: dict[str, OldFile] | None = None,
) -> WriteStats:
    """Bring `out_dir` to exactly `files`; on any error leave it as it was.

    Nothing changed: nothing is touched. A few files changed: each is written beside its old
    version and renamed over it (a failure puts every old file back). More: the whole site is
    written into a fresh folder beside `out_dir` (unchanged files hard-linked) and swapped in.
    That folder is `staging` when given (from `open_staging`): files already staged in it
    stay where they are. With `memory`, the folder is not listed when this process left it as
    remembered, and is remembered as this write leaves it; `listed` is the folder as this build
    listed it earlier (`list_output`), so that it is not listed twice.
    """
    check_output_dir(out_dir, site_dir)
    outputs = sorted((f.moved(_nfc(f.path)) for f in files), key=lambda f: f.path)
    check_output_paths(outputs)
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if staging is None:
        _remove_leftovers(out)
    trusted = memory.trusted(out) if memory is not None else None
    if trusted is not None:
        previous = trusted
    else:
        previous = listed if listed is not None else list_output(out)
    unchanged = {f.path for f in outputs if _is_unchanged(f, out, previous)}
    changed = [f for f in outputs if f.path not in unchanged]
    new_paths = {f.path for f in outputs} | {MARKER_NAME}
    removed = [old for key, old in previous.items() if key not in new_paths]
    stats = WriteStats(
        written=len(changed),
        unchanged=len(unchanged),
        removed=len(removed),
        written_paths=frozenset(f.path for f in changed),
    )
    ref = SourceRef(_display_dir(out_dir, site_dir))
    if not changed and not removed and MARKER_NAME in previous:
        if memory is not None:
            memory.remember(out, previous)
        return stats
    if MARKER_NAME in previous and _fits_in_place(out, changed, removed, len(outputs)):
        if memory is not None:
            memory.remember(out, None)  # until the update is done
        _update_in_place(out, changed, removed, ref)
        if memory is not None:
            memory.remember(out, _after_update(out, previous, changed, removed))
        return stats
    if memory is not None:
        memory.remember(out, None)  # until the new folder is in place
    marker = OutputFile(MARKER_NAME, MARKER_TEXT, None)
    if staging is None:
        staging = _make_sibling(out, "tmp")
    else:  # `open_staging` wrote it already
        marker = OutputFile(MARKER_NAME, MARKER_TEXT, None, stored=staging / MARKER_NAME)
    try:
        _place_file(staging, marker, out, previous, _is_unchanged(marker, out, previous))
        for file in outputs:
            _place_file(staging, file, out, previous, file.path in unchanged)
        _swap(staging, out, ref)
    except BaseException:
        _remove_ours(staging)
        raise
    if memory is not None:  # listed now, while the disk still has it cached
        memory.remember(out, list_output(out))
    return stats


def _place_file(
    staging: Path, file: OutputFile, out: Path, previous: dict[str, OldFile], unchanged: bool
) -> None:
    """Put one file into `staging`: already staged there, linked from the old output, or written.

    A staged file with the same bytes as the old output's gives way to the old file, so an
    unchanged page keeps its time and identity.
    """
    target = staging / file.path
    if file.stored != target or file.offset:
        _write_file(staging, file, out, previous, unchanged)
        return
    if not unchanged:
        return
    old = previous[file.path]
    link = target.with_name(f".sitegen-link.{target.name}")
    try:
        os.link(out / old.path, link, follow_symlinks=False)
        os.replace(link, target)
    except OSError:
        _unlink_quietly(link)
        # No hard links here (FAT, some network shares): keep the staged copy, with old times.
        with contextlib.suppress(OSError):
            os.utime(target, ns=(old.info.st_atime_ns, old.info.st_mtime_ns))


def _after_update(
    out: Path, previous: dict[str, OldFile], changed: list[OutputFile], removed: list[OldFile]
) -> dict[str, OldFile] | None:
    """Return the folder's files after an update in place (None if one cannot be looked at)."""
    files = dict(previous)
    for old in removed:
        files.pop(_nfc(old.path), None)
    for file in changed:
        try:
            files[file.path] = OldFile(file.path, os.lstat(out / file.path))
        except OSError:
            return None
    return files


def _is_unchanged(file: OutputFile, out: Path, previous: dict[str, OldFile]) -> bool:
    """Tell whether the previous build wrote this very file (kept files are not even read)."""
    old = previous.get(file.path)
    if old is None or not stat.S_ISREG(old.info.st_mode):
        return False
    stored = file.stored  # compared as text: making a Path per file costs 5 µs
    if (
        stored is not None
        and file.data_or_none is None
        and not file.offset
        and os.fspath(stored) == os.path.join(out, old.path)
    ):
        return True  # kept
    return _same_bytes(out / old.path, old.info, file.data)


def _fits_in_place(
    out: Path, changed: list[OutputFile], removed: list[OldFile], total: int
) -> bool:
    """Tell whether a change is small and only replaces, adds or removes plain files."""
    if len(changed) + len(removed) > max(SMALL_CHANGE, total // SMALL_SHARE):
        return False
    for file in changed:
        target = out / file.path
        if os.path.lexists(target) and not stat.S_ISREG(os.lstat(target).st_mode):
            return False
        folder = target.parent
        while folder != out:
            if os.path.lexists(folder) and not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False  # a file (or link) stands where a folder is needed
            folder = folder.parent
    return all(stat.S_ISREG(old.info.st_mode) for old in removed)


def _update_in_place(
    out: Path, changed: list[OutputFile], removed: list[OldFile], ref: SourceRef
) -> None:
    """Replace a few files, each by one rename; on failure put every old file back."""
    token = secrets.token_hex(4)
    made_folders: list[Path] = []
    written: list[tuple[Path, Path]] = []  # (new file beside its target, target)
    done: list[tuple[Path, Path | None]] = []  # (target, its old version set aside, or None)
    try:
        for file in changed:
            target = out / file.path
            made_folders += _make_folders(target.parent, out)
            temp = target.parent / f".sitegen-new-{token}.{target.name}"
            _write_new(temp, file)
            written.append((temp, target))
        for temp, target in written:
            backup = _set_aside(target, token, keep=True)
            try:
                os.replace(temp, target)
            except BaseException:
                if backup is not None:
                    _unlink_quietly(backup)
                raise
            done.append((target, backup))
        for old in removed:
            target = out / old.path
            done.append((target, _set_aside(target, token, keep=False)))
    except BaseException as exc:
        _put_back(done, written, made_folders)
        if isinstance(exc, OSError) and not isinstance(exc, SiteError):
            reason = exc.strerror or str(exc)
            raise SiteError.at(ref, f"cannot update the output folder: {reason}") from exc
        raise
    for _, backup in done:
        if backup is not None:
            _unlink_quietly(backup)
    for old in removed:
        _remove_empty_folders((out / old.path).parent, out)


def _make_folders(folder: Path, out: Path) -> list[Path]:
    """Create `folder` and its missing parents inside `out`; return those created, deepest last."""
    missing = []
    while folder != out and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _write_new(path: Path, file: OutputFile) -> None:
    """Write a file that must not exist yet; a failure leaves no half-written file."""
    try:
        with open(path, "xb") as handle:
            try:
                file.write_to(handle)
            except BaseException:
                _unlink_quietly(path)
                raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            _ref(file), f"cannot write {_show(file.path)} in the output folder: {reason}"
        ) from exc


def _set_aside(target: Path, token: str, keep: bool) -> Path | None:
    """Keep the old version of `target` under another name (hard link, or rename if not `keep`)."""
    if not os.path.lexists(target):
        return None
    backup = target.parent / f".sitegen-old-{token}.{target.name}"
    if keep:
        try:
            os.link(target, backup, follow_symlinks=False)
        except OSError:
            shutil.copy2(target, backup, follow_symlinks=False)
    else:
        os.rename(target, backup)
    return backup


def _put_back(
    done: list[tuple[Path, Path | None]], written: list[tuple[Path, Path]], folders: list[Path]
) -> None:
    """Undo a partial in-place update: old versions back, new files and folders removed."""
    for target, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, target)
            else:
                os.unlink(target)
    for temp, _ in written:
        _unlink_quietly(temp)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent


def _write_file(
    staging: Path,
    file: OutputFile,
    out: Path,
    previous: dict[str, OldFile],
    unchanged: bool | None = None,
) -> None:
    """Write one file into `staging`, hard-linking the previous build's file if unchanged."""
    target = staging / file.path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous.get(file.path)
        if unchanged is None:
            unchanged = old is not None and _same_bytes(out / old.path, old.info, file.data)
        if unchanged and old is not None:
            _reuse(out / old.path, old.info, target, file)
            return
        with open(target, "xb") as handle:
            file.write_to(handle)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            _ref(file), f"cannot write {_show(file.path)} in the output folder: {reason}"
        ) from exc


def _same_bytes(old_path: Path, info: os.stat_result, data: bytes) -> bool:
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    return old_path.read_bytes() == data


def _reuse(old_path: Path, info: os.stat_result, target: Path, file: OutputFile) -> None:
    """Keep an unchanged file: hard-link the old one, or copy it and keep its times."""
    try:
        os.link(old_path, target, follow_symlinks=False)
    except OSError:
        # Some filesystems (FAT, some network shares) have no hard links.
        with open(target, "xb") as handle:
            handle.write(file.data)
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))


def list_output(out: Path) -> dict[str, OldFile]:
    """List the previous output's files by NFC path, never following symbolic links (nothing
    when `out` is not a folder sitegen made)."""
    found: dict[str, OldFile] = {}
    if not _is_marked(out):
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
                    found[_nfc(path)] = OldFile(path, entry.stat(follow_symlinks=False))
    return found


def _swap(staging: Path, out: Path, ref: SourceRef) -> None:
    """Put `staging` in place of `out`, restoring `out` if the second rename fails."""
    aside = _sibling_name(out, "old")
    try:
        if os.path.lexists(out):
            os.rename(out, aside)
        try:
            os.rename(staging, out)
        except BaseException:
            if os.path.lexists(aside):
                os.rename(aside, out)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(ref, f"cannot replace the output folder: {reason}") from exc
    _remove_ours(aside)


def _make_sibling(out: Path, kind: str) -> Path:
    """Create an empty folder beside `out` (normal permissions, unlike mkdtemp's 0700)."""
    while True:
        path = _sibling_name(out, kind)
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def _sibling_name(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.sitegen-{kind}-{secrets.token_hex(4)}"


def _remove_leftovers(out: Path) -> None:
    """Delete temporary and set-aside folders that a killed earlier build left beside `out`."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.sitegen-(tmp|old)-[0-9a-f]{{8}}")
    for entry in out.parent.iterdir():
        if pattern.fullmatch(entry.name):
            _remove_ours(entry)


def _remove_ours(folder: Path) -> None:
    """Delete `folder` if sitegen made it (marked, or empty); anything else is left alone."""
    try:
        if _is_marked(folder):
            shutil.rmtree(folder)  # does not follow symbolic links inside the folder
        elif stat.S_ISDIR(os.lstat(folder).st_mode):
            os.rmdir(folder)  # only succeeds if empty
    except OSError:
        # Cleanup is retried by the next build; it must not hide the error being handled.
        pass
