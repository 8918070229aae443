"""Walk the site's folders: regular files and folders are read, anything else is skipped.

A FIFO blocks whoever opens it until something writes to it (a build would wait for ever), a
device can be endless, and a socket cannot be opened: each is a located warning, "not a regular
file (a FIFO); skipped", and never opened. A symbolic link is followed only to a regular file
inside the site folder, in `content/` and `static/` alike; every other link is a warning too.
The walks only list and stat; the readers (`textfile.read_regular`, the template loader) refuse
a special file again by its open handle, so one swapped in after the listing cannot hang a build.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Problems, SourceRef
from sitegen.textfile import special_kind

# Given a folder's entry and its path inside the walked folder ("advice/"): False to pass over
# it silently (hidden files, drafts, names already reported).
Keep = Callable[[os.DirEntry[str], str], bool]
# The site's own folders (not content/ or static/) that a build reads files from.
THEME_FOLDERS = ("templates", "translations")


def walk_files(
    top: Path, label: str, site_dir: Path, problems: Problems, keep: Keep
) -> list[tuple[str, str]]:
    """List the regular files under `top` in sorted order, as (NFC relative path, path).

    `label` names `top` in messages ("content"); symbolic links to folders are never followed.
    """
    found: list[tuple[str, str]] = []
    site_root = site_dir.resolve()
    pending = [(str(top), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        subfolders = []
        for entry in entries:
            if not keep(entry, prefix):
                continue
            rel = unicodedata.normalize("NFC", prefix + entry.name)
            if entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.path, prefix + entry.name + "/"))
            elif entry.is_file(follow_symlinks=False):  # the listing's own type: no stat
                found.append((rel, entry.path))
            elif entry.is_symlink():
                if _check_link(Path(entry.path), SourceRef(f"{label}/{rel}"), site_root, problems):
                    found.append((rel, entry.path))
            elif _is_regular(entry, SourceRef(f"{label}/{rel}"), problems):
                found.append((rel, entry.path))
        pending += reversed(subfolders)
    return found


def report_special_files(site_dir: Path, problems: Problems) -> None:
    """Warn of each FIFO, socket or device under the site's `templates/` and `translations/`
    (the template loader and the catalog finder pass over them)."""
    for name in THEME_FOLDERS:
        top = site_dir / name
        for folder, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for filename in sorted(filenames):
                path = os.path.join(folder, filename)
                rel = unicodedata.normalize("NFC", Path(path).relative_to(site_dir).as_posix())
                try:
                    kind = special_kind(os.stat(path).st_mode)
                except OSError:  # a broken link: nothing there to wait on
                    continue
                if kind is not None:
                    _warn_special(SourceRef(rel), kind, problems)


def _is_regular(entry: os.DirEntry[str], ref: SourceRef, problems: Problems) -> bool:
    try:
        kind = special_kind(entry.stat(follow_symlinks=False).st_mode)
    except OSError:  # gone since the listing
        return False
    if kind is not None:
        _warn_special(ref, kind, problems)
    return kind is None


def _warn_special(ref: SourceRef, kind: str, problems: Problems) -> None:
    problems.warning(ref, f"not a regular file ({kind}); skipped")


def _check_link(path: Path, ref: SourceRef, site_root: Path, problems: Problems) -> bool:
    """Allow a symlink only when it leads to a regular file inside the site folder."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError):
        problems.warning(ref, "broken symbolic link: skipped")
        return False
    if not target.is_relative_to(site_root):
        problems.warning(ref, "symbolic link to a place outside the site folder: not followed")
        return False
    if target.is_dir():
        problems.warning(ref, "symbolic link to a folder: not followed")
        return False
    kind = special_kind(mode)
    if kind is not None:
        problems.warning(ref, f"not a regular file (a symbolic link to {kind}); skipped")
        return False
    return True
