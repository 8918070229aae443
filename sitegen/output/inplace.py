"""The in-place update: a build that changes only a few files replaces just those files.

Each new file is written into a folder beside the output, then renamed over its target under a
journal (see `journal`), so a failure puts every old file back and a kill is finished by the
next build; no temporary name is ever inside the output folder. Only plain files are replaced
this way; anything else builds a new folder and swaps it in (see `staging`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from sitegen.errors import SiteError, SourceRef
from sitegen.output.checks import file_ref, show
from sitegen.output.faults import hold
from sitegen.output.files import MARKER_NAME, MARKER_TEXT, OldFile, OutputFile, nfc
from sitegen.output.journal import (
    BACK,
    FORWARD,
    Plan,
    apply,
    drop_journal,
    roll_back,
    write_journal,
)
from sitegen.output.staging import make_sibling, remove_ours, unlink_quietly

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
    """Replace a few files, each by one rename, journaled (see `journal`); on failure put every
    old file back. New files are written outside the output folder first."""
    staging = make_sibling(out, "tmp")
    plan = Plan(
        staging.name,
        tuple(f.path for f in changed),
        tuple(old.path for old in removed),
        _missing_folders(out, changed),
    )
    try:
        (staging / MARKER_NAME).write_bytes(MARKER_TEXT)  # so only sitegen ever deletes it
        for file in changed:
            _write_new(staging / "new" / file.path, file)
        write_journal(out, plan, FORWARD)
    except BaseException:
        remove_ours(staging)
        raise
    renames = iter(range(1, len(changed) + len(removed) + 1))
    try:
        apply(out, plan, staging, after=lambda: hold(f"rename-{next(renames)}"))
    except BaseException as exc:
        with contextlib.suppress(OSError):
            write_journal(out, plan, BACK)
        roll_back(out, plan, staging)
        drop_journal(out)
        remove_ours(staging)
        if isinstance(exc, OSError) and not isinstance(exc, SiteError):
            reason = exc.strerror or str(exc)
            raise SiteError.at(ref, f"cannot update the output folder: {reason}") from exc
        raise
    drop_journal(out)
    remove_ours(staging)


def _missing_folders(out: Path, changed: list[OutputFile]) -> tuple[str, ...]:
    """The folders inside `out` that the new files need and that do not exist, parents first."""
    missing: set[str] = set()
    for file in changed:
        folder = (out / file.path).parent
        while folder != out and not folder.is_dir():
            missing.add(folder.relative_to(out).as_posix())
            folder = folder.parent
    return tuple(sorted(missing, key=lambda rel: (rel.count("/"), rel)))


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


def _write_new(path: Path, file: OutputFile) -> None:
    """Write a file that must not exist yet; a failure leaves no half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:
            try:
                file.write_to(handle)
                handle.flush()
                os.fsync(handle.fileno())
            except BaseException:
                unlink_quietly(path)
                raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(
            file_ref(file), f"cannot write {show(file.path)} in the output folder: {reason}"
        ) from exc
