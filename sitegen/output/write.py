"""Write stage: build the output in a temporary folder beside the old one, then swap it in.

A failed or killed build leaves the previous site untouched, nothing is written outside the
output folder, and sitegen only ever deletes or replaces a folder that carries its marker file.

`write_site` decides what to do; the checks it makes first are in `checks`, the new folder and
the swap in `staging`, the update of a few files in place in `inplace`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import SourceRef
from sitegen.output.checks import check_output_dir, check_output_paths, display_dir
from sitegen.output.files import (
    MARKER_NAME,
    MARKER_TEXT,
    OldFile,
    OutputFile,
    OutputMemory,
    WriteStats,
    list_output,
    nfc,
)
from sitegen.output.inplace import after_update, fits_in_place, update_in_place
from sitegen.output.staging import (
    make_sibling,
    place_file,
    remove_leftovers,
    remove_ours,
    same_bytes,
    swap,
)
from sitegen.progress import NO_PROGRESS, Progress


def write_site(
    files: Iterable[OutputFile],
    out_dir: Path,
    site_dir: Path,
    staging: Path | None = None,
    memory: OutputMemory | None = None,
    listed: dict[str, OldFile] | None = None,
    progress: Progress = NO_PROGRESS,
) -> WriteStats:
    """Bring `out_dir` to exactly `files`; on any error leave it as it was.

    Nothing changed: nothing is touched. A few files changed: each is written beside its old
    version and renamed over it (a failure puts every old file back). More: the whole site is
    written into a fresh folder beside `out_dir` (unchanged files hard-linked) and swapped in.
    That folder is `staging` when given (from `open_staging`): files already staged in it
    stay where they are. With `memory`, the folder is not listed when this process left it as
    remembered, and is remembered as this write leaves it; `listed` is the folder as this build
    listed it earlier (`list_output`), so that it is not listed twice. `progress` is told how
    many files the site has, and each as it is in place.
    """
    check_output_dir(out_dir, site_dir)
    outputs = sorted((f.moved(nfc(f.path)) for f in files), key=lambda f: f.path)
    check_output_paths(outputs)
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if staging is None:
        remove_leftovers(out)
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
    ref = SourceRef(display_dir(out_dir, site_dir))
    progress.total(len(outputs))
    if not changed and not removed and MARKER_NAME in previous:
        if memory is not None:
            memory.remember(out, previous)
        progress.advance(len(outputs))
        return stats
    if MARKER_NAME in previous and fits_in_place(out, changed, removed, len(outputs)):
        if memory is not None:
            memory.remember(out, None)  # until the update is done
        update_in_place(out, changed, removed, ref)
        if memory is not None:
            memory.remember(out, after_update(out, previous, changed, removed))
        progress.advance(len(outputs))
        return stats
    if memory is not None:
        memory.remember(out, None)  # until the new folder is in place
    marker = OutputFile(MARKER_NAME, MARKER_TEXT, None)
    if staging is None:
        staging = make_sibling(out, "tmp")
    else:  # `open_staging` wrote it already
        marker = OutputFile(MARKER_NAME, MARKER_TEXT, None, stored=staging / MARKER_NAME)
    try:
        place_file(staging, marker, out, previous, _is_unchanged(marker, out, previous))
        for file in outputs:
            place_file(staging, file, out, previous, file.path in unchanged)
            progress.advance(1)
        swap(staging, out, ref)
    except BaseException:
        remove_ours(staging)
        raise
    if memory is not None:  # listed now, while the disk still has it cached
        memory.remember(out, list_output(out))
    return stats


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
    return same_bytes(out / old.path, old.info, file.data)
