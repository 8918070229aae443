"""The server's private build folders in the temporary directory, and what crashes left there.

Each folder records the process that owns it (pid and, where /proc tells it, that process's
start time, so a reused pid is not taken for the owner). A server removes its own folder however
it stops; one killed outright (SIGKILL, power cut) cannot, so every server at start removes the
folders whose owner is gone. Folders of live servers, of other users, without a record (made by
an older sitegen) or that are links are left alone.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

PREFIX = "sitegen-serve-"
OWNER_FILE = "owner"


def make_temp_root() -> Path:
    """Create this process's temp folder and record that it owns it."""
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    try:
        (root / OWNER_FILE).write_text(_owner_record(os.getpid()), encoding="ascii")
    except BaseException:  # a folder without a record would never be removed as stale
        shutil.rmtree(root, ignore_errors=True)
        raise
    return root


def remove_stale_temp_roots(temp_dir: Path | None = None) -> list[Path]:
    """Remove the temp folders of servers that are no longer running; return them."""
    top = Path(temp_dir or tempfile.gettempdir())
    removed = []
    for folder in sorted(top.glob(PREFIX + "*")):
        if _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _is_stale(folder: Path) -> bool:
    try:
        info = folder.lstat()
        record = (folder / OWNER_FILE).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):  # gone, not ours to read, or no record
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if not record or not record[0].isdigit():
        return False
    pid = int(record[0])
    started = record[1] if len(record) > 1 else ""
    return not _is_running(pid, started)


def _is_running(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    current = _start_time(pid)
    return not (started and current and current != started)


def _owner_record(pid: int) -> str:
    return f"{pid} {_start_time(pid)}".rstrip() + "\n"


def _start_time(pid: int) -> str:
    """Return when the process started (clock ticks since boot, from /proc), or "" if unknown."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = text.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""
