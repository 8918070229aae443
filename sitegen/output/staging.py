"""Staging: the new output is built in a folder beside the old one, then swapped in.

A failed or killed build leaves the previous site untouched. The folders it leaves beside the
output folder are deleted by the next build, and only if sitegen made them (they carry its
marker file, or are empty).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from pathlib import Path

from sitegen.errors import SiteError, SourceRef
from sitegen.output.checks import file_ref, show
from sitegen.output.faults import hold
from sitegen.output.files import MARKER_NAME, MARKER_TEXT, OldFile, OutputFile, is_marked, nfc


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
        remove_leftovers(out)
        staging = make_sibling(out, "tmp")
        (staging / MARKER_NAME).write_bytes(MARKER_TEXT)  # so only sitegen ever deletes it
    except OSError as exc:
        if staging is not None:
            remove_ours(staging)
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            SourceRef(str(out_dir)), f"cannot make a folder beside the output folder: {reason}"
        ) from exc
    return staging


def discard_staging(staging: Path) -> None:
    """Delete a staging folder that was not swapped in (nothing happens if it was)."""
    remove_ours(staging)


def stage_file(staging: Path, path: str, data: bytes) -> Path:
    """Write one new file into a staging folder at its output path; return where it went.

    `path` must have passed `check_output_paths`. The path is NFC-normalised as `write_site`
    normalises it, so the file is found where the write expects it.
    """
    target = staging / nfc(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)
    return target


def place_file(
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
        unlink_quietly(link)
        # No hard links here (FAT, some network shares): keep the staged copy, with old times.
        with contextlib.suppress(OSError):
            os.utime(target, ns=(old.info.st_atime_ns, old.info.st_mtime_ns))


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
            unchanged = old is not None and same_bytes(out / old.path, old.info, file.data)
        if unchanged and old is not None:
            _reuse(out / old.path, old.info, target, file)
            return
        with open(target, "xb") as handle:
            file.write_to(handle)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            file_ref(file), f"cannot write {show(file.path)} in the output folder: {reason}"
        ) from exc


def same_bytes(old_path: Path, info: os.stat_result, data: bytes) -> bool:
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


def swap(staging: Path, out: Path, ref: SourceRef) -> None:
    """Put `staging` in place of `out`, restoring `out` if the second rename fails."""
    aside = _sibling_name(out, "old")
    try:
        if os.path.lexists(out):
            os.rename(out, aside)
        hold("swap")
        try:
            os.rename(staging, out)
        except BaseException:
            if os.path.lexists(aside):
                os.rename(aside, out)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(ref, f"cannot replace the output folder: {reason}") from exc
    remove_ours(aside)


def make_sibling(out: Path, kind: str) -> Path:
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


def remove_leftovers(out: Path) -> None:
    """Delete temporary and set-aside folders that a killed earlier build left beside `out`."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.sitegen-(tmp|old)-[0-9a-f]{{8}}")
    for entry in out.parent.iterdir():
        if pattern.fullmatch(entry.name):
            remove_ours(entry)


def restore_set_aside(out: Path) -> None:
    """Put back the previous output that a build killed inside `swap` had set aside.

    Only when `out` is missing and exactly one marked set-aside folder is beside it (call it
    holding the lock, before `remove_leftovers`)."""
    if os.path.lexists(out):
        return
    pattern = re.compile(rf"\.{re.escape(out.name)}\.sitegen-old-[0-9a-f]{{8}}")
    found = [e for e in out.parent.iterdir() if pattern.fullmatch(e.name) and is_marked(e)]
    if len(found) == 1:
        with contextlib.suppress(OSError):
            os.rename(found[0], out)


def remove_ours(folder: Path) -> None:
    """Delete `folder` if sitegen made it (marked, or empty); anything else is left alone."""
    try:
        if is_marked(folder):
            shutil.rmtree(folder)  # does not follow symbolic links inside the folder
        elif stat.S_ISDIR(os.lstat(folder).st_mode):
            os.rmdir(folder)  # only succeeds if empty
    except OSError:
        # Cleanup is retried by the next build; it must not hide the error being handled.
        pass


def unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
