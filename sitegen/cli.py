"""Command line: `python build.py [build|serve] ...`, also installed as `sitegen`.

PYTHON_ARGCOMPLETE_OK (argcomplete completes commands, options and page paths; see README).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sitegen import __version__
from sitegen.commandline import (  # parse_now: bench/serve_edit.py takes it from here
    EXIT_BUILT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_SITE_ERRORS,
    EXIT_STATUSES,
    VersionAction,
    add_output_options,
    add_strict_option,
    complete_if_asked,
    page_paths,
    parse_now,
    program_name,
)
from sitegen.console import NORMAL, Console
from sitegen.errors import SiteError
from sitegen.importer.arguments import add_import_parser
from sitegen.read.schemas import HOSTS, PREVIEW_HOST
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
        "path", type=Path, help="the original file, e.g. content/about.md"
    ).completer = page_paths  # type: ignore[attr-defined]
    new.add_argument("--lang", required=True, help="the language to translate into, e.g. ur")
    done = actions.add_parser("done", help="mark a translation as up to date with its original")
    done.add_argument(
        "path", type=Path, help="the translation, e.g. content/about.ur.md"
    ).completer = page_paths  # type: ignore[attr-defined]
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
    code = main(prog=program_name(sys.argv[0], sys.orig_argv))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, prog: str = "sitegen") -> int:
    """Run a command; return the process exit status (see `commandline.EXIT_STATUSES`)."""
    parser = make_parser(prog)
    complete_if_asked(parser)
    args = parser.parse_args(argv)
    command = args.command or "build"
    if args.command is None:
        args.site, args.out, args.now, args.drafts = Path("."), None, None, False
        args.use_cache, args.strict, args.host = True, False, ""
    console = Console.for_streams(sys.stdout, sys.stderr, args.verbosity)
    try:
        if command == "serve":
            return run_serve(args, console, prog)
        if command == "contacts":
            return run_contacts_accept(args, console)
        if command == "check":
            return run_check(args, console)
        if command == "translations":
            return run_translations(args, console)
        if command == "import":
            return run_import(args)
        if command == "new":
            return run_new(args, console, prog)
        return run_build(args, console)
    except SiteError as exc:
        console.problems(exc.problems)
        console.failure(f"{prog} {command} failed: {_errors(exc)}.")
        return EXIT_SITE_ERRORS
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug in sitegen, not in the site: say so plainly
        if args.debug:
            traceback.print_exc()
        hint = "the traceback above" if args.debug else f"what `{prog} --debug {command}` shows"
        console.failure(
            f"{prog}: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in sitegen, not in your site: please report it, with {hint}."
        )
        return EXIT_INTERNAL


def _errors(exc: SiteError) -> str:
    """Count what failed: "2 errors", or the warnings when only --strict made them fail."""
    from sitegen.i18n.counting import count

    if exc.errors:
        return count(len(exc.errors), "error", "errors")
    warnings = count(len(exc.problems), "warning", "warnings")
    return f"{warnings}, which strict mode (--strict, or strict: true in site.yaml) makes errors"


def run_build(args: argparse.Namespace, console: Console) -> int:
    """Build, unless nothing has changed since the last build (see sitegen.uptodate).

    The check comes before the pipeline is even imported: that alone is a third of a second.
    """
    from sitegen.clock import build_clock
    from sitegen.uptodate import check_before_build, stamp_listing

    site_dir: Path = args.site
    out_dir: Path = args.out if args.out is not None else site_dir / DEFAULT_OUT
    clock = build_clock(args.now)
    check = (
        check_before_build(site_dir, out_dir, clock, drafts=args.drafts, host=args.host)
        if args.use_cache
        else None
    )
    if check is not None and check.holding is not None:
        warnings = check.holding.warnings
        if args.strict and warnings:  # the last build's warnings, which --strict fails
            return _build_failed(console, SiteError(warnings), out_dir, had_output=True)
        console.problems(warnings)
        console.result(
            f"Up to date: nothing has changed since the last build of {check.holding.summary}."
        )
        return EXIT_BUILT

    from sitegen.build import build_site

    had_output = _has_files(out_dir)
    try:
        result = build_site(
            site_dir,
            out_dir,
            now=clock,
            drafts=args.drafts,
            use_cache=args.use_cache,
            strict=args.strict,
            progress=console.progress(),
            host=args.host,
        )
    except SiteError as exc:
        return _build_failed(console, exc, out_dir, had_output)
    if check is not None and result.outputs is not None:
        outputs = stamp_listing(result.outputs)
        check.record(result.live_span, outputs, result.warnings, result.made())
    console.problems(result.warnings)
    console.result(result.summary())
    return EXIT_BUILT


def _build_failed(console: Console, exc: SiteError, out_dir: Path, had_output: bool) -> int:
    """Say why a build failed, and that it left the previous output alone if there was one."""
    console.problems(exc.problems, warnings_fail=not exc.errors)
    kept = f" The previous output in {out_dir} is untouched." if had_output else ""
    console.failure(f"Build failed: {_errors(exc)}.{kept}")
    return EXIT_SITE_ERRORS


def _has_files(folder: Path) -> bool:
    """Tell whether a folder holds anything (a failed build then says it left it alone)."""
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def run_contacts_accept(args: argparse.Namespace, console: Console) -> int:
    from sitegen.site.lock import accept_contacts

    console.result(accept_contacts(args.site).report())
    return EXIT_BUILT


def run_check(args: argparse.Namespace, console: Console) -> int:
    from sitegen.build import check_site

    report = check_site(args.site, now=args.now, drafts=args.drafts)
    failed = report.errors or (args.strict and report.warnings)
    if args.format == "json":
        sys.stdout.write(report.as_json())
    elif console.quiet:  # errors only (and warnings, when they fail the check)
        shown = [p for p in report.problems if p.level == "error" or args.strict]
        sys.stdout.write("".join(p.format() + "\n" for p in shown))
    else:
        sys.stdout.write(report.as_text())
    return EXIT_SITE_ERRORS if failed else EXIT_BUILT


def run_translations(args: argparse.Namespace, console: Console) -> int:
    from sitegen.i18n.counting import count
    from sitegen.translations.new_and_done import mark_done, new_translation
    from sitegen.translations.status import status
    from sitegen.translations.theme_words import extract, update

    site: Path = args.site
    action = args.translations_command
    try:
        if action == "extract":
            path, messages = extract(site)
            console.result(f"Wrote {count(messages, 'message', 'messages')} to {path}")
        elif action == "update":
            for done in update(site):
                counts = done.counts
                console.result(
                    f"{'Created' if done.created else 'Updated'} {done.path}: "
                    f"{counts.translated} translated, {len(counts.fuzzy)} fuzzy, "
                    f"{len(counts.missing)} missing"
                )
        elif action == "status":
            report = status(site)
            sys.stdout.write(report.as_json() if args.format == "json" else report.as_text())
        elif action == "new":
            console.result(f"Started {new_translation(site, args.path, args.lang)}")
        else:
            console.result(f"Marked {mark_done(site, args.path)} as up to date")
    except SiteError as exc:
        console.problems(exc.problems)
        console.failure(f"translations {action}: nothing was changed.")
        return EXIT_SITE_ERRORS
    return EXIT_BUILT


def run_import(args: argparse.Namespace) -> int:
    from sitegen.importer.command import ImportRequest
    from sitegen.importer.command import run_import as import_thread

    request = ImportRequest(args.file, args.site, args.into, args.lang, args.dry_run, args.force)
    return import_thread(request)


def run_new(args: argparse.Namespace, console: Console, prog: str) -> int:
    from sitegen.scaffold.command import run_new as new
    from sitegen.translations.new_and_done import new_translation

    console.result(new(args, new_translation, prog))
    return EXIT_BUILT


def run_serve(args: argparse.Namespace, console: Console, prog: str) -> int:
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
            host=PREVIEW_HOST,  # the server reads no host's rules: aliases as redirect pages
            warm=warm,
        )
        console.problems(result.warnings)
        console.result(result.summary())

    options = ServeOptions(site_dir=args.site, host=args.host, port=args.port, out_dir=args.out)
    try:
        server = make_server(options, build)
    except OSError as exc:
        console.failure(
            f"{prog}: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. "
            "Is another preview already running? Choose another port with --port."
        )
        return EXIT_SITE_ERRORS
    server.serve_forever()
    return EXIT_BUILT
