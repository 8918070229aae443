"""The in-place update: a build that changes only a few files replaces just those files.

Each new file is written beside its target and renamed over it, with the old version set aside
until every file is done, so a failure puts every old file back. Only plain files are replaced
this way; anything else builds a new folder and swaps it in (see `staging`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from pathlib import Path

from sitegen.errors import SiteError, SourceRef
from sitegen.output.checks import file_ref, show
from sitegen.output.files import OldFile, OutputFile, nfc
from sitegen.output.staging import unlink_quietly

# At most this many files new, changed or removed, or at most this share of the site's files:
# the output folder is updated in place, each file replaced whole by a rename, instead of
# building a new folder and swapping it in (which costs a link and a folder per file kept: a
# second at 5,000 pages, for a corrected phone number shown on 50 of them).
SMALL_CHANGE = 32
SMALL_SHARE = 8  # 1/8


def fits_in_place(out: Path, changed: list[OutputFile], removed: list[OldFile], total: int) -> bool:
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


def update_in_place(
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
                    unlink_quietly(backup)
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
            unlink_quietly(backup)
    for old in removed:
        _remove_empty_folders((out / old.path).parent, out)


def after_update(
    out: Path, previous: dict[str, OldFile], changed: list[OutputFile], removed: list[OldFile]
) -> dict[str, OldFile] | None:
    """Return the folder's files after an update in place (None if one cannot be looked at)."""
    files = dict(previous)
    for old in removed:
        files.pop(nfc(old.path), None)
    for file in changed:
        try:
            files[file.path] = OldFile(file.path, os.lstat(out / file.path))
        except OSError:
            return None
    return files


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
                unlink_quietly(path)
                raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            file_ref(file), f"cannot write {show(file.path)} in the output folder: {reason}"
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
        unlink_quietly(temp)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
