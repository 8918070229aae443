"""Build locks: one build at a time writes an output folder (and its cache folder).

The lock is an `fcntl.flock` on a file beside the folder (`.OUT.sitegen-lock`), holding the
process id of its holder. The kernel drops the lock when its process ends, however it ends, so a
killed build leaves no stale lock: the next build takes it over at once. The file itself stays.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sitegen.errors import Problem, SiteError, SourceRef
from sitegen.incremental.cachefiles import make_private_folder
from sitegen.output.journal import finish_interrupted
from sitegen.output.staging import remove_leftovers, restore_set_aside

_OPEN = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


def lock_path(folder: Path) -> Path:
    """Return the lock file of `folder`: beside it, never inside it."""
    return folder.parent / f".{folder.name}.sitegen-lock"


@contextlib.contextmanager
def folder_lock(
    folder: Path, shown: str, wait: bool, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of `folder` while the block runs.

    When another live build holds it: wait (telling `on_wait` once), or with `wait` False raise
    SiteError naming the folder as `shown`. A lock file that cannot be made is a SiteError too.
    """
    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, _OPEN, 0o644)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(SourceRef(shown), f"cannot lock the output folder: {reason}") from exc
    try:
        _take(handle, shown, wait, on_wait)
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        os.close(handle)  # releases the lock


@contextlib.contextmanager
def build_locks(
    out: Path, cache: Path | None, wait: bool, on_wait: Callable[[str], None] | None
) -> Iterator[tuple[Problem, ...]]:
    """Hold the locks of the output folder and then of the cache folder while a build runs.

    Under the lock, first an in-place update a killed build left half done is finished
    (`journal`), and an output folder a build killed inside the swap had set aside is put back;
    then the folders killed builds left beside the output are deleted. Yields a
    warning when the cache folder cannot be written (every build would then be a cold one).
    """
    with folder_lock(out, str(out), wait, on_wait):
        finish_interrupted(out)
        restore_set_aside(out)
        remove_leftovers(out)
        if cache is None:
            yield ()
            return
        handle = try_lock(cache)
        try:
            reason = unwritable(cache)
            yield () if reason is None else (_cache_warning(cache, reason),)
        finally:
            if handle is not None:
                os.close(handle)


def _cache_warning(cache: Path, reason: str) -> Problem:
    message = (
        f"the cache folder cannot be written ({reason}): every build is a full one; "
        "make it writable, or build with --no-cache"
    )
    return Problem(SourceRef(str(cache)), message, "warning")


def unwritable(folder: Path) -> str | None:
    """Say why no file can be made in `folder` (made if missing), None if one can."""
    probe = folder / f".probe-{os.getpid()}"
    try:
        make_private_folder(folder)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def try_lock(folder: Path) -> int | None:
    """Take the lock of `folder` if it can be made; return its handle (close it to release),
    None when the lock file cannot be written. Waits while another build holds it."""
    try:
        make_private_folder(folder.parent)
        handle = os.open(lock_path(folder), _OPEN, 0o600)
    except OSError:
        return None
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _take(handle: int, shown: str, wait: bool, on_wait: Callable[[str], None] | None) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = _holder(handle)
    if not wait:
        raise SiteError.at(
            SourceRef(shown),
            f"another build{holder} is writing {shown}; not waiting (--no-wait)",
        )
    if on_wait is not None:
        on_wait(f"another build{holder} is writing {shown}; waiting")
    fcntl.flock(handle, fcntl.LOCK_EX)


def _holder(handle: int) -> str:
    """Say which process holds the lock, as its file says (" (process 123)"), if it does."""
    try:
        text = os.pread(handle, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {text})" if text.isdigit() else ""
