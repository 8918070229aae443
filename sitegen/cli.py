"""Command line: `python build.py [build|serve] ...`, also installed as `sitegen`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sitegen import __version__
from sitegen.errors import Problem, SiteError

DEFAULT_OUT = "public"


def parse_now(text: str) -> dt.datetime:
    """Read `--now`: an ISO date or date-time (UTC unless it says otherwise)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date such as 2026-11-22 or 2026-11-22T09:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def make_parser() -> argparse.ArgumentParser:
    """Describe every command and option (shown by --help)."""
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build a multilingual community safety site from Markdown and YAML.",
        epilog="With no command, builds the site in the current folder into public/.",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into an output folder")
    _site_option(build)
    build.add_argument(
        "--out", type=Path, default=None, help=f"output folder (default: SITE/{DEFAULT_OUT})"
    )
    _build_options(build)

    serve = commands.add_parser("serve", help="preview the site with live reload")
    _site_option(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
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

    check = commands.add_parser("check", help="report every problem in the site; write nothing")
    _site_option(check)
    _format_option(check)
    check.add_argument("--now", type=parse_now, default=None, help="the clock, as for build")
    check.add_argument("--drafts", action="store_true", help="check pages marked draft too")
    _translations_parser(commands)
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
    )
    new.add_argument("--lang", required=True, help="the language to translate into, e.g. ur")
    new.add_argument(
        "--force", action="store_true", help="start again: replace an existing translation"
    )
    done = actions.add_parser("done", help="mark a translation as up to date with its original")
    done.add_argument(
        "path", type=Path, help="the translation inside content/, e.g. advice/staying-safe.ur.md"
    )
    for action in (extract, update, status, new, done):
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


def run() -> NoReturn:
    """Run the command line and end the process without tearing down what the build made.

    At exit Python would free every object of the build one by one (millions for a large site:
    a sizeable share of a small rebuild's time). Files are closed and the output is complete by
    the time `main` returns, so only the standard streams need flushing.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the process exit status."""
    args = make_parser().parse_args(argv)
    command = args.command or "build"
    if args.command is None:
        args.site, args.out, args.now, args.drafts = Path("."), None, None, False
        args.use_cache = True
    try:
        if command == "serve":
            return run_serve(args)
        if command == "contacts":
            return run_contacts_accept(args)
        if command == "check":
            return run_check(args)
        if command == "translations":
            return run_translations(args)
        return run_build(args)
    except SiteError as exc:
        print_problems(exc.problems, sys.stderr)
        errors = len(exc.errors)
        print(
            f"Build failed: {errors} error{'s' if errors != 1 else ''}. "
            "The previous output is untouched.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in sitegen, not in the site: say so plainly
        if args.debug:
            traceback.print_exc()
        print(
            f"sitegen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in sitegen, not in your site. Run again with --debug and report it.",
            file=sys.stderr,
        )
        return 2


def run_build(args: argparse.Namespace) -> int:
    """Build, unless nothing has changed since the last build (see sitegen.uptodate).

    The check comes before the pipeline is even imported: that alone is a third of a second.
    """
    from sitegen.clock import build_clock
    from sitegen.uptodate import check_before_build, stamp_listing

    site_dir: Path = args.site
    out_dir: Path = args.out if args.out is not None else site_dir / DEFAULT_OUT
    clock = build_clock(args.now)
    check = (
        check_before_build(site_dir, out_dir, clock, drafts=args.drafts) if args.use_cache else None
    )
    if check is not None and check.holding is not None:
        print_problems(check.holding.warnings, sys.stderr)
        print(f"Up to date: nothing has changed since the last build of {check.holding.summary}.")
        return 0

    from sitegen.build import build_site

    result = build_site(site_dir, out_dir, now=clock, drafts=args.drafts, use_cache=args.use_cache)
    if check is not None and result.outputs is not None:
        outputs = stamp_listing(result.outputs)
        check.record(result.live_span, outputs, result.warnings, result.made())
    print_problems(result.warnings, sys.stderr)
    print(result.summary())
    return 0


def run_contacts_accept(args: argparse.Namespace) -> int:
    from sitegen.site.lock import accept_contacts

    print(accept_contacts(args.site).report())
    return 0


def run_check(args: argparse.Namespace) -> int:
    from sitegen.check import check_site

    report = check_site(args.site, now=args.now, drafts=args.drafts)
    sys.stdout.write(report.as_json() if args.format == "json" else report.as_text())
    return 1 if report.errors else 0


def run_translations(args: argparse.Namespace) -> int:
    from sitegen.translations.new_and_done import mark_done, new_translation
    from sitegen.translations.status import status
    from sitegen.translations.theme_words import extract, update

    site: Path = args.site
    action = args.translations_command
    try:
        if action == "extract":
            path, count = extract(site)
            print(f"Wrote {count} messages to {path}")
        elif action == "update":
            for done in update(site):
                counts = done.counts
                print(
                    f"{'Created' if done.created else 'Updated'} {done.path}: "
                    f"{counts.translated} translated, {len(counts.fuzzy)} fuzzy, "
                    f"{len(counts.missing)} missing"
                )
        elif action == "status":
            report = status(site)
            sys.stdout.write(report.as_json() if args.format == "json" else report.as_text())
        elif action == "new":
            started = new_translation(site, args.path, args.lang, force=args.force)
            print(f"Started {started}")
        else:
            print(f"Marked {mark_done(site, args.path)} as up to date")
    except SiteError as exc:
        print_problems(exc.problems, sys.stderr)
        print(f"translations {action}: nothing was changed.", file=sys.stderr)
        return 1
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from sitegen.build import WarmState, build_site
    from sitegen.server.serve import ServeOptions, make_server

    # One site into one folder, again and again; a folder of the user's choosing is listed on
    # every build (they may change files in it), the server's own temporary folder is not.
    warm = WarmState() if args.out is None else WarmState(output=None)

    def build(out_dir: Path) -> None:
        result = build_site(
            args.site,
            out_dir,
            now=args.now,
            drafts=args.drafts,
            use_cache=args.use_cache,
            warm=warm,
        )
        print_problems(result.warnings, sys.stderr)
        print(result.summary(), flush=True)

    options = ServeOptions(site_dir=args.site, host=args.host, port=args.port, out_dir=args.out)
    try:
        server = make_server(options, build)
    except OSError as exc:
        print(
            f"sitegen: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. "
            "Is another preview already running? Choose another port with --port.",
            file=sys.stderr,
        )
        return 1
    server.serve_forever()
    return 0


def print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    """Print problems one a line as `path:line: level: message`."""
    for problem in problems:
        print(problem.format(), file=stream)
