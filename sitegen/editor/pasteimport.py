"""Paste a letter or an e-mail thread into the editor: see what `sitegen import` makes of it
(the statement's folder, each letter with what was guessed and what is left to fill in, every
file's text) before anything is written, then write it.

The same text always gives the same plan (`importer.command.plan_import`), so the write lays
out again what the preview showed; every file is checked as every editor write is
(`security.writable_path`), and nothing is written if any of them exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from sitegen.editor.security import writable_path
from sitegen.errors import SiteError
from sitegen.importer.command import guessed_lines, plan_import, write_whole
from sitegen.importer.plan import Plan

SHOWN = "the pasted text"


def preview_import(site_dir: Path, data: dict[str, Any]) -> tuple[int, object]:
    """Answer with what importing the pasted text would write; write nothing."""
    try:
        plan, folder = _planned(site_dir, data)
    except SiteError as error:
        return 422, _problem("; ".join(problem.message for problem in error.problems))
    return 200, _described(site_dir, plan, folder)


def write_import(site_dir: Path, data: dict[str, Any]) -> tuple[int, object]:
    """Write what the preview showed; nothing if a file of it exists already."""
    try:
        plan, folder = _planned(site_dir, data)
    except SiteError as error:
        return 422, _problem("; ".join(problem.message for problem in error.problems))
    targets = {
        writable_path(site_dir, _relative(site_dir, folder / name), ("content",)): text
        for name, text in plan.files.items()
    }
    existing = sorted(_relative(site_dir, path) for path in targets if path.exists())
    if existing:
        return 409, _problem(f"nothing was written: {', '.join(existing)} exists already")
    for path, text in targets.items():
        write_whole(path, text)
    index = _relative(site_dir, folder / next(iter(plan.files)))
    return 200, {"folder": _relative(site_dir, folder), "address": _address(index)}


def _planned(site_dir: Path, data: dict[str, Any]) -> tuple[Plan, Path]:
    text = str(data.get("text", ""))
    return plan_import(site_dir, text, str(data.get("into", "")), "", SHOWN)


def _described(site_dir: Path, plan: Plan, folder: Path) -> dict[str, object]:
    files = [
        {
            "path": _relative(site_dir, folder / name),
            "text": text,
            "exists": (folder / name).exists(),
        }
        for name, text in plan.files.items()
    ]
    letters = [
        {"file": f"letters/{letter.name}.md", "guessed": guessed_lines(letter)}
        for letter in plan.letters
    ]
    return {
        "folder": _relative(site_dir, folder),
        "title": plan.title,
        "intro_found": plan.intro_found,
        "letters": letters,
        "files": files,
    }


def _relative(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _address(relative: str) -> str:
    return f"/_edit/page?path={quote(relative)}"


def _problem(message: str) -> dict[str, object]:
    return {"problems": [{"field": "text", "message": message}]}
