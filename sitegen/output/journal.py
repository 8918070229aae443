"""The journal of an in-place update, so that a kill or power loss in the middle is finished.

An in-place update first writes every new file into a staging folder beside the output
(`.OUT.sitegen-tmp-*`, under `new/`), then writes this journal beside the output
(`.OUT.sitegen-journal`: the staging folder and the paths changed and removed), then renames.
Old versions are kept in the staging folder (under `old/`) until the update is done. Nothing
temporary is ever inside the output folder.

Once the journal exists the update is decided: the next build, holding the lock, finishes it
before anything else (`finish_interrupted`). An update that fails with an error turns its journal
to "back" before undoing anything, so an undo that is itself killed is finished as an undo.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.output.staging import remove_ours, unlink_quietly

FORWARD, BACK = "forward", "back"


@dataclass(frozen=True)
class Plan:
    """One in-place update: its staging folder's name and the paths it changes and removes."""

    staging: str
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    folders: tuple[str, ...]  # folders it makes in the output, parents first


def journal_path(out: Path) -> Path:
    return out.parent / f".{out.name}.sitegen-journal"


def write_journal(out: Path, plan: Plan, state: str) -> None:
    """Write the journal whole (a temporary file renamed over it), on disk before it returns."""
    path = journal_path(out)
    temp = path.with_name(path.name + ".new")
    record = {
        "state": state,
        "staging": plan.staging,
        "changed": plan.changed,
        "removed": plan.removed,
        "folders": plan.folders,
    }
    with open(temp, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    sync_folder(out.parent)


def drop_journal(out: Path) -> None:
    unlink_quietly(journal_path(out))
    with contextlib.suppress(OSError):
        sync_folder(out.parent)


def sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def finish_interrupted(out: Path) -> None:
    """Finish an in-place update that a killed build left half done (call holding the lock)."""
    path = journal_path(out)
    unlink_quietly(path.with_name(path.name + ".new"))  # killed while writing it: not decided
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        plan = Plan(
            str(record["staging"]),
            tuple(record["changed"]),
            tuple(record["removed"]),
            tuple(record["folders"]),
        )
        state = str(record["state"])
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        drop_journal(out)  # not one sitegen wrote whole: nothing to finish
        return
    staging = out.parent / plan.staging
    if state == FORWARD:
        apply(out, plan, staging)
    else:
        roll_back(out, plan, staging)
    drop_journal(out)
    remove_ours(staging)


def apply(out: Path, plan: Plan, staging: Path, after: Callable[[], None] = lambda: None) -> None:
    """Make the renames of `plan` not made yet; `after` is called after each rename."""
    for rel in plan.folders:
        (out / rel).mkdir(exist_ok=True)
    for rel in plan.changed:
        new, target = staging / "new" / rel, out / rel
        if not os.path.lexists(new):
            continue  # renamed already
        if os.path.lexists(target):
            _keep_old(target, staging / "old" / rel)
        os.replace(new, target)
        after()
    for rel in plan.removed:
        target = out / rel
        if os.path.lexists(target):
            old = staging / "old" / rel
            old.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, old)
            after()
    for rel in plan.removed:
        _remove_empty_folders((out / rel).parent, out)


def roll_back(out: Path, plan: Plan, staging: Path) -> None:
    """Undo the renames of `plan` made so far, as far as each can be undone."""
    for rel in (*plan.changed, *plan.removed):
        old, target = staging / "old" / rel, out / rel
        with contextlib.suppress(OSError):
            if os.path.lexists(old):
                if not (os.path.lexists(target) and os.path.samefile(old, target)):
                    os.replace(old, target)
            elif rel in plan.changed and not os.path.lexists(staging / "new" / rel):
                os.unlink(target)  # a new file, renamed in already
    for rel in reversed(plan.folders):
        with contextlib.suppress(OSError):
            os.rmdir(out / rel)


def _keep_old(target: Path, old: Path) -> None:
    """Keep the old version of `target` in the staging folder (a hard link, or a copy)."""
    old.parent.mkdir(parents=True, exist_ok=True)
    unlink_quietly(old)
    try:
        os.link(target, old, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, old, follow_symlinks=False)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
