"""Command line: `python build.py [build|serve] ...`, also installed as `sitegen`.

PYTHON_ARGCOMPLETE_OK (argcomplete completes commands, options and page paths; see README).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sitegen.arguments import DEFAULT_OUT, make_parser
from sitegen.commandline import (
    EXIT_BUILT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_SITE_ERRORS,
    EXIT_USAGE,
    complete_if_asked,
    program_name,
)
from sitegen.console import Console
from sitegen.errors import SiteError


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
        args.use_cache, args.strict, args.host, args.wait = True, False, "", True
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
            import traceback  # only a failed run with --debug needs it

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
            wait=args.wait,
            on_wait=console.note,
        )
    except SiteError as exc:
        return _build_failed(console, exc, out_dir, had_output)
    if check is not None and result.outputs is not None:
        outputs = stamp_listing(result.outputs)
        site_warnings = tuple(w for w in result.warnings if w not in result.cache_notes)
        check.record(result.live_span, outputs, site_warnings, result.made())
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
            if args.format == "text":
                from sitegen.translations.segment_status import segment_statuses, segments_text

                sys.stdout.write(segments_text(segment_statuses(site)))
        elif action in ("export", "import"):
            from sitegen.translations.commands import run_export_or_import

            return run_export_or_import(args)
        elif action == "new":
            started = new_translation(site, args.path, args.lang, force=args.force)
            console.result(f"Started {started}")
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
    from sitegen.read.sitefolder import require_site_folder
    from sitegen.server.builder import WorkerBuilder
    from sitegen.server.serve import (
        EDIT_LOOPBACK_ONLY,
        ServeOptions,
        is_loopback,
        make_server,
        stop_signals_deferred,
        stop_signals_interrupt,
    )
    from sitegen.server.sitebuild import SiteBuildRecipe

    require_site_folder(args.site)  # not an empty site served from the wrong folder
    if args.edit and not is_loopback(args.bind):
        console.failure(f"{prog}: {EDIT_LOOPBACK_ONLY}")
        return EXIT_USAGE
    # The build forks workers: it runs in a spawned process of its own, away from the server's
    # threads (see sitegen.server.builder). A folder of the user's choosing is listed on every
    # build (they may change files in it), the server's own temporary folder is not.
    recipe = SiteBuildRecipe(
        args.site, args.now, args.drafts, args.use_cache, own_output=args.out is None
    )
    build = WorkerBuilder(recipe)
    options = ServeOptions(
        site_dir=args.site,
        host=args.bind,
        port=args.port,
        out_dir=args.out,
        open_browser=args.open,
        poll=args.poll,
        edit=args.edit,
    )
    server = None
    try:
        with stop_signals_interrupt():  # a signal while starting still cleans up
            with stop_signals_deferred():  # ... once `server` is set, so it can be stopped
                server = make_server(options, build)
            server.serve_forever()
    except OSError as exc:
        console.failure(
            f"{prog}: cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}. "
            "Choose another address with --bind or port with --port."
        )
        return EXIT_SITE_ERRORS
    except KeyboardInterrupt:  # before the server could take over its own clean-up
        if server is not None:
            server.stop()
        build.close()
    return EXIT_BUILT
