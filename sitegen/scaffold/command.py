"""The `new` command's arguments and what it runs: `new DIR` for a site, `new KIND PATH` for a
file in one. Both forms share one parser: a first word that is a kind, followed by a path, is a
file; anything else is the folder of a new site."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import SiteError, SourceRef

# The kinds, here rather than imported: registering `new` must not load the site reader.
KINDS = ("statement", "letter", "advice", "page", "alert", "directory")

Translate = Callable[[Path, Path, str], Path]  # (site folder, original, language) -> new file


def add_new_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `new` with its two forms."""
    new = commands.add_parser(
        "new",
        help="start a new site (new DIR), or a new page in one (new KIND PATH)",
        description="new DIR: make a site that builds at once.\n"
        f"new KIND PATH: add a file to the site; KIND is one of {', '.join(KINDS)}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("target", metavar="DIR|KIND", help="a new site's folder, or a kind of file")
    new.add_argument(
        "path", nargs="?", default=None, help="with a KIND: where, e.g. statements/after-the-fire"
    )
    site = new.add_argument_group("a new site (new DIR)")
    site.add_argument("--name", default="", help="the group's name (default: from DIR)")
    site.add_argument(
        "--languages", default="en", help="language codes, the first the main one: en,ur,ar"
    )
    site.add_argument("--region", default="GB", help="the country, e.g. GB (default)")
    page = new.add_argument_group("a new file (new KIND PATH)")
    page.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    page.add_argument("--lang", default="", help="translate the existing file into this language")


def run_new(
    args: argparse.Namespace, translate: Translate, prog: str, now: dt.datetime | None = None
) -> str:
    """Run `new` in either form; return what to print. Raise SiteError on bad input."""
    from sitegen.scaffold.kinds import existing_file, new_file
    from sitegen.scaffold.newsite import NewSiteRequest, new_site, next_steps, parse_languages

    if args.path is None:
        if args.target in KINDS:
            raise SiteError.at(
                SourceRef(args.target),
                f"say where: `{prog} new {args.target} PATH` (for a new site in a folder "
                f"named {args.target}, write ./{args.target})",
            )
        folder = Path(args.target)
        name = args.name or folder.resolve().name.replace("-", " ").title()
        request = NewSiteRequest(folder, name, parse_languages(args.languages), args.region)
        return next_steps(new_site(request, now, start_translation=translate), prog)
    if args.target not in KINDS:
        raise SiteError.at(
            SourceRef(args.target), f"not a kind of file: give one of {', '.join(KINDS)}"
        )
    if args.lang:
        original = existing_file(args.site, args.target, args.path)
        if original is None:
            raise SiteError.at(
                SourceRef(args.path),
                f"there is no {args.target} here to translate: make it first, without --lang",
            )
        started = translate(args.site.resolve(), original.resolve(), args.lang)
        return f"Started a translation: {started}"
    written = new_file(args.site, args.target, args.path, now)
    return f"Made {written}: write it, then preview with `{prog} serve`"
