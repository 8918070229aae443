"""Tell whether a folder is a site folder, and if not, where a site below it is.

Run from the wrong folder (the one above the site, a fresh clone's parent), `build` and `serve`
would otherwise find no `site.yaml` and say only that; the hint names the folder to pass.
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

from sitegen.errors import SiteError, SourceRef

CONFIG_NAME = "site.yaml"
SEARCH_DEPTH = 3
# A home folder can hold a great many folders: the search gives up rather than keep the user
# waiting for a hint.
MAX_FOLDERS_SEARCHED = 2000
_SKIPPED_DIRS = frozenset({"node_modules", "venv", "env", "__pycache__", "site-packages"})


def require_site_folder(site_dir: Path) -> None:
    """Raise a located SiteError unless `site_dir` holds a `site.yaml`, naming one below if any."""
    if (site_dir / CONFIG_NAME).is_file():
        return
    message = f"no {CONFIG_NAME} in {site_dir}: is this the site folder? (use --site DIR)"
    below = find_site_below(site_dir)
    if below is not None:
        shown = _as_typed(below)
        message += f"; there is one in {shown}: use --site {shown}"
    raise SiteError.at(SourceRef(CONFIG_NAME), message)


def find_site_below(folder: Path, depth: int = SEARCH_DEPTH) -> Path | None:
    """Return the nearest folder below `folder` holding a `site.yaml` (as `folder/...`), or None.

    Breadth first, so the shallowest wins, and in name order, so the answer does not depend on
    the file system. Hidden folders, virtual environments and node_modules are not searched,
    nor symbolic links followed.
    """
    queue: deque[tuple[Path, int]] = deque([(folder, 0)])
    searched = 0
    while queue and searched < MAX_FOLDERS_SEARCHED:
        current, level = queue.popleft()
        searched += 1
        for child in _subfolders(current):
            if (child / CONFIG_NAME).is_file():
                return child
            if level + 1 < depth:
                queue.append((child, level + 1))
    return None


def _as_typed(folder: Path) -> str:
    """Return the folder as the user would type it here: relative to the current folder."""
    relative = os.path.relpath(folder)
    return str(folder) if relative.startswith("..") else relative


def _subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.is_dir(follow_symlinks=False) and _searchable(entry.name)
            )
    except OSError:  # unreadable: nothing to suggest from there
        return []
    return [folder / name for name in names]


def _searchable(name: str) -> bool:
    return not name.startswith(".") and name not in _SKIPPED_DIRS
