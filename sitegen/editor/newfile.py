"""A new page, statement, letter or alert from the editor: the same files as `sitegen new`.

The file's place and text come from the scaffold (`scaffold.kinds.plan_new_file`: front matter
for its kind, dated today in the site's time zone, a line saying what to write); the editor
checks the place as it checks every write (`security.writable_path`) and never overwrites.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sitegen.editor.security import writable_path
from sitegen.errors import SiteError
from sitegen.scaffold.kinds import plan_new_file, write_new_file

# What an editor makes here; a directory is edited on its own page, a new site on the command line.
KINDS = {
    "statement": "Statement (with letters)",
    "letter": "Letter (inside a statement)",
    "advice": "Advice page",
    "page": "Page",
    "alert": "Alert (shown between two dates)",
}


def make_new_file(site_dir: Path, data: dict[str, Any], now: dt.datetime) -> tuple[int, object]:
    """Make the file a request asks for; return the status and the JSON to answer with."""
    kind = str(data.get("kind", ""))
    if kind not in KINDS:
        return 422, _problem("kind", f"choose what to make: {', '.join(KINDS)}")
    try:
        target, text = plan_new_file(site_dir, kind, str(data["path"]), now)
    except SiteError as error:
        return 422, _problem("where", error.problems[0].message)
    relative = target.relative_to(site_dir).as_posix()
    real = writable_path(site_dir, relative, ("content",))  # Refused: answered as refused
    try:
        write_new_file(site_dir, real, text)
    except SiteError:
        return 409, _problem("where", f"{relative} exists already: open it from the list")
    return 200, {"path": relative, "address": f"/_edit/page?path={quote(relative)}"}


def _problem(field: str, message: str) -> dict[str, object]:
    return {"problems": [{"field": field, "message": message}]}
