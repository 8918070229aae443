"""`sitegen import FILE`: read, split, guess, show, and write (unless told not to) a statement.

Nothing is written if any file it would write exists (unless `--force`), or with `--dry-run`;
every guess is printed, and so is everything that could not be guessed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen.errors import Problem, SiteError, SourceRef
from sitegen.importer.plan import Letter, Plan, plan_statement
from sitegen.importer.sources import read_source
from sitegen.importer.thread import split_thread
from sitegen.read.config import load_config


@dataclass(frozen=True)
class ImportRequest:
    """What `sitegen import` was asked to do."""

    file: Path
    site: Path
    into: str  # "statements/SLUG", or "" to make a slug from the title
    lang: str  # "" for the site's default language
    dry_run: bool
    force: bool


def run_import(request: ImportRequest, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Import one file into the site as a statement; return the exit status."""
    try:
        plan, folder = _plan(request)
        _report(plan, folder, request, out)
        targets = {folder / rel: text for rel, text in plan.files.items()}
        if request.dry_run:
            print("Dry run: nothing was written. It would write:", file=out)
            for path in targets:
                print(f"  {_shown(path, request.site)}", file=out)
            return 0
        existing = [path for path in targets if path.exists()]
        if existing and not request.force:
            for path in existing:
                print(f"{_shown(path, request.site)}: error: the file exists", file=err)
            print(
                "Nothing was written: import into another folder (--into statements/NAME), "
                "or use --force to replace these files.",
                file=err,
            )
            return 1
        for path, text in targets.items():
            write_whole(path, text)
        print(
            f"Wrote {_shown(folder, request.site)}/ ({len(plan.letters)} letters). Read every "
            "letter against the original and fill in what is missing before publishing, then "
            "run: sitegen check",
            file=out,
        )
        return 0
    except SiteError as exc:
        for problem in exc.problems:
            print(problem.format(), file=err)
        print("Nothing was written.", file=err)
        return 1


def _plan(request: ImportRequest) -> tuple[Plan, Path]:
    text = read_source(request.file, str(request.file))
    return plan_import(request.site, text, request.into, request.lang, str(request.file))


def plan_import(site: Path, text: str, into: str, lang: str, shown: str) -> tuple[Plan, Path]:
    """Split a pasted thread and lay out its statement folder (`into`: "statements/NAME" or ""
    for a name from the title; `lang`: "" for the site's default); raise SiteError if it cannot
    be. Nothing is written: `sitegen import` and the browser editor both start here."""
    config = load_config(site)
    lang = lang or config.default_language
    if lang not in config.languages:
        raise SiteError(
            [
                Problem(
                    SourceRef("site.yaml"),
                    f"--lang {lang}: the site's languages are {', '.join(config.languages)}",
                )
            ]
        )
    slug = ""
    if into:
        parts = into.strip("/").split("/")
        if len(parts) != 2 or parts[0] != "statements" or parts[1] in ("", ".", ".."):
            raise SiteError([Problem(SourceRef(str(into)), "--into must be statements/NAME")])
        slug = parts[1]
    thread = split_thread(text)
    if not thread.messages:
        raise SiteError([Problem(SourceRef(shown), "there is no text to import")])
    suffix = "" if lang == config.default_language else f".{lang}"
    plan = plan_statement(thread, slug, lang, suffix)
    return plan, site / "content" / "statements" / plan.slug


def _report(plan: Plan, folder: Path, request: ImportRequest, out: TextIO) -> None:
    print(f"Statement: {plan.title}", file=out)
    print(f"  folder: {_shown(folder, request.site)}/", file=out)
    if not plan.intro_found:
        print(
            "  no words of the group's own before the first letter: write them in index.md",
            file=out,
        )
    total = len(plan.letters)
    for number, letter in enumerate(plan.letters, start=1):
        print(f"Letter {number} of {total}: letters/{letter.name}.md", file=out)
        for line in guessed_lines(letter):
            print(f"  {line}", file=out)


def guessed_lines(letter: Letter) -> list[str]:
    """What was guessed of a letter's front matter, and what is left to fill in, a line each."""
    guess = letter.guess
    lines = []
    if guess.date is not None:
        lines.append(f"date: {guess.date.isoformat()}")
    for key in ("from", "role", "organisation", "address", "to"):
        if key in guess.fields:
            lines.append(f"{key}: {guess.fields[key]}")
    for key in guess.missing:
        why = {
            "date": "no date found",
            "to": "no salutation (Dear ...)",
        }.get(key, "no signature found" if "from" not in guess.fields else "not in the signature")
        hint = f"; the e-mail came from {guess.hint}" if key == "from" and guess.hint else ""
        lines.append(f"fill in {key}: ({why}{hint})")
    return lines


def _shown(path: Path, site: Path) -> str:
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return path.as_posix()


def write_whole(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
