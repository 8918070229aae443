"""The command line's parser: every command, its options and their help (`sitegen --help`).

`cli` runs what it parses; this module only describes it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sitegen import __version__
from sitegen.commandline import (
    EXIT_STATUSES,
    VersionAction,
    add_output_options,
    add_strict_option,
    page_paths,
    parse_now,
)
from sitegen.console import NORMAL
from sitegen.importer.arguments import add_import_parser
from sitegen.read.schemas import HOSTS
from sitegen.scaffold.command import add_new_parser

DEFAULT_OUT = "public"


def make_parser(prog: str = "sitegen") -> argparse.ArgumentParser:
    """Describe every command and option (shown by --help)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build a multilingual community safety site from Markdown and YAML.",
        epilog="With no command, builds the site in the current folder into public/.\n\n"
        + EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction, version=__version__)
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    add_output_options(parser, NORMAL)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the site into an output folder",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _site_option(build)
    build.add_argument(
        "--out", type=Path, default=None, help=f"output folder (default: SITE/{DEFAULT_OUT})"
    )
    _build_options(build)
    build.add_argument("--host", choices=HOSTS, default="", help="as host: in site.yaml, for once")
    add_strict_option(build)
    build.add_argument(
        "--no-wait",
        dest="wait",
        action="store_false",
        help="stop with an error if another build is writing the output folder (default: wait)",
    )

    serve = commands.add_parser("serve", help="preview the site with live reload")
    _site_option(serve)
    serve.add_argument(
        "--bind",
        "--host",
        dest="bind",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1; --host is the old name)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on (default: 8000; if in use, the next free one)",
    )
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.add_argument(
        "--edit",
        action="store_true",
        help="also serve a browser editor at /_edit/ (this computer only; prints its address)",
    )
    serve.add_argument(
        "--poll",
        action="store_true",
        help="look for changes every 0.3 s instead of asking the system (network folders)",
    )
    serve.add_argument(
        "--out", type=Path, default=None, help="folder to build into (default: a temporary one)"
    )
    _build_options(serve)

    contacts = commands.add_parser("contacts", help="manage contacts.lock, the record of numbers")
    contacts_commands = contacts.add_subparsers(dest="contacts_command", metavar="ACTION")
    contacts_commands.required = True
    accept = contacts_commands.add_parser(
        "accept", help="record the contact files' phone numbers and addresses in contacts.lock"
    )
    _site_option(accept)

    check = commands.add_parser(
        "check",
        help="report every problem in the site; write nothing",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _site_option(check)
    _format_option(check)
    check.add_argument("--now", type=parse_now, default=None, help="the clock, as for build")
    check.add_argument("--drafts", action="store_true", help="check pages marked draft too")
    add_strict_option(check)
    _translations_parser(commands)
    add_import_parser(commands)
    add_new_parser(commands)
    for command in commands.choices.values():
        add_output_options(command, argparse.SUPPRESS)
    return parser


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )


def _translations_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translations = commands.add_parser("translations", help="the translators' workflow")
    actions = translations.add_subparsers(dest="translations_command", metavar="ACTION")
    actions.required = True
    extract = actions.add_parser("extract", help="collect the theme's words into messages.pot")
    update = actions.add_parser("update", help="merge messages.pot into every language's .po")
    status = actions.add_parser("status", help="what is translated, outdated or missing")
    _format_option(status)
    new = actions.add_parser("new", help="start a translation of a page, letter or directory")
    new.add_argument(
        "path", type=Path, help="the original file inside content/, e.g. advice/staying-safe.md"
    ).completer = page_paths  # type: ignore[attr-defined]
    new.add_argument("--lang", required=True, help="the language to translate into, e.g. ur")
    new.add_argument(
        "--force", action="store_true", help="start again: replace an existing translation"
    )
    done = actions.add_parser("done", help="mark a translation as up to date with its original")
    done.add_argument(
        "path", type=Path, help="the translation inside content/, e.g. advice/staying-safe.ur.md"
    ).completer = page_paths  # type: ignore[attr-defined]
    export = actions.add_parser("export", help="the site's words as a catalog for translators")
    export.add_argument("--lang", required=True, help="the language to translate into, e.g. ur")
    export.add_argument("--format", choices=("po", "xliff"), default="po", help="po or xliff")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.add_argument("paths", type=Path, nargs="*", help="only these original files")
    imported = actions.add_parser("import", help="write a translated catalog back into the site")
    imported.add_argument("file", type=Path, help="the translated catalog (.po or .xlf)")
    imported.add_argument("--partial", action="store_true", help="write the entries that pass")
    for action in (extract, update, status, new, done, export, imported):
        _site_option(action)


def _site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        help="the site folder, holding site.yaml (default: .)",
    )


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        type=parse_now,
        default=None,
        help="the build's clock, e.g. 2026-11-22 (which alerts are live); default: now",
    )
    parser.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
    parser.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="ignore the cache of parsed pages kept between builds",
    )
