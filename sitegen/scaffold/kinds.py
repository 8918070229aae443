"""`sitegen new KIND PATH`: one new source file with the right front matter for its kind.

Every file is dated today in the site's time zone and says in one line what to write. A letter
goes into its statement's `letters/` folder with the next number.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteError, SourceRef
from sitegen.read.config import load_config

CONTENT = "content"
_SECTIONS = {"statement": "statements", "advice": "advice", "alert": "alerts"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_NUMBERED = re.compile(r"(\d+)-")


def new_file(site_dir: Path, kind: str, path: str, now: dt.datetime | None = None) -> Path:
    """Write a new `kind` file at `path` (relative to content/); return where it was written."""
    target, text = plan_new_file(site_dir, kind, path, now)
    write_new_file(site_dir, target, text)
    return target


def plan_new_file(
    site_dir: Path, kind: str, path: str, now: dt.datetime | None = None
) -> tuple[Path, str]:
    """Return where a new `kind` file for `path` goes and its text, writing nothing (the
    browser editor checks the place before it writes). Raise SiteError on a bad path."""
    config = load_config(site_dir)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(config.zone).date()
    parts = _parts(path)
    if kind == "letter":
        return _letter(site_dir, parts, today)
    return site_dir / CONTENT / _target(kind, parts), _template(kind, parts[-1], today)


def write_new_file(site_dir: Path, target: Path, text: str) -> None:
    """Write a planned file; raise SiteError if one is there already (never overwrite it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": never over an existing file
            handle.write(text)
    except FileExistsError:
        raise SiteError.at(
            SourceRef(_rel(site_dir, target)), "this file exists already: edit it"
        ) from None


def existing_file(site_dir: Path, kind: str, path: str) -> Path | None:
    """Return the file that `path` names for `kind` if it exists (to translate it), else None."""
    if kind == "letter":
        given = site_dir / CONTENT / PurePosixPath(path.removeprefix(f"{CONTENT}/"))
        return given if given.is_file() else None
    target = site_dir / CONTENT / _target(kind, _parts(path))
    return target if target.is_file() else None


def _parts(path: str) -> tuple[str, ...]:
    """Split a path given on the command line into its slugs, without content/ and suffixes."""
    text = path.strip().strip("/").removeprefix(f"{CONTENT}/")
    for suffix in ("/index.md", ".md", ".yaml"):
        text = text.removesuffix(suffix)
    parts = tuple(part for part in text.split("/") if part)
    bad = [part for part in parts if not _SLUG.match(part)]
    if not parts or bad:
        raise SiteError.at(
            SourceRef(path),
            "give a path of lower-case words joined by hyphens, e.g. statements/after-the-fire "
            f"(not {', '.join(repr(part) for part in bad) or 'nothing'})",
        )
    return parts


def _target(kind: str, parts: tuple[str, ...]) -> str:
    section = _SECTIONS.get(kind) or ("contacts" if kind == "directory" else "")
    if section and parts[0] != section:
        parts = (section, *parts)
    if kind == "statement":
        return "/".join(parts) + "/index.md"
    if kind == "directory":
        if len(parts) != 2:
            raise SiteError.at(
                SourceRef("/".join(parts)), "a directory is one file: contacts/NAME.yaml"
            )
        return "/".join(parts) + ".yaml"
    return "/".join(parts) + ".md"


def _letter(site_dir: Path, parts: tuple[str, ...], today: dt.date) -> tuple[Path, str]:
    """Find the statement the letter belongs to; number the letter after the last one."""
    if parts[0] != "statements":
        parts = ("statements", *parts)
    folder, name = parts, "letter"
    if not (site_dir / CONTENT / "/".join(folder) / "index.md").is_file():
        folder, name = parts[:-1], parts[-1]
    statement = site_dir / CONTENT / "/".join(folder)
    if len(folder) < 2 or not (statement / "index.md").is_file():
        raise SiteError.at(
            SourceRef(f"{CONTENT}/{'/'.join(parts)}"),
            "no statement here to add a letter to: give a statement's folder, e.g. "
            "statements/after-the-fire (make one with `sitegen new statement`)",
        )
    letters = statement / "letters"
    numbers = [
        int(match.group(1))
        for match in (_NUMBERED.match(f.name) for f in letters.glob("*.md"))
        if match
    ]
    number = max(numbers, default=0) + 1
    return letters / f"{number:02d}-{name}.md", _template("letter", name, today)


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _template(kind: str, slug: str, today: dt.date) -> str:
    date = today.isoformat()
    title = _title(slug)
    if kind == "directory":
        return f"""\
# Who to call: one entry per service. Copy each number from the service's own page, then run
# `sitegen contacts accept` to record it (a build stops on a number it has not recorded).
title: {title}
intro: When to use these services, in one sentence.
entries: []
#  - id: {slug}-line
#    name: The service's name
#    phone: "the number as the service publishes it"
#    when: When to call them.
"""
    front = {
        "statement": f"title: {title}\nsummary: What happened and what we are doing, in one "
        f"sentence.\ndate: {date}\nauthor: ''\n",
        "advice": f"title: {title}\nsummary: Who this guide is for and what it helps with.\n"
        f"date: {date}\n",
        "page": f"title: {title}\nsummary: What this page is for, in one sentence.\n",
        "alert": f"title: {title}\nsummary: What readers need to know, in one sentence.\n"
        f"starts: {date}\nends: {today + dt.timedelta(days=7)}\nlevel: info\n",
        "letter": f"from: ''\nrole: ''\norganisation: ''\nto: ''\ndate: {date}\n",
    }[kind]
    guidance = {
        "statement": "Say what happened, what is being done, and where to get help. Add the "
        "letters you receive with `sitegen new letter`.",
        "advice": "Short sentences, one idea in each, and the numbers to call.",
        "page": "Write the page here.",
        "alert": "Say what is happening, where, and until when. The alert shows from `starts` "
        "to `ends`.",
        "letter": "Paste the letter as it was sent, and fill in who signed it above.",
    }[kind]
    return f"---\n{front}---\n\n{guidance}\n"


def _rel(site_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return str(path)
