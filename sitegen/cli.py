"""Command line: `python build.py [build|serve] ...`, also installed as `sitegen`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sitegen import __version__
from sitegen.build import build_site
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
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the process exit status."""
    args = make_parser().parse_args(argv)
    command = args.command or "build"
    if args.command is None:
        args.site, args.out, args.now, args.drafts = Path("."), None, None, False
    try:
        if command == "serve":
            return run_serve(args)
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
    site_dir: Path = args.site
    out_dir: Path = args.out if args.out is not None else site_dir / DEFAULT_OUT
    result = build_site(site_dir, out_dir, now=args.now, drafts=args.drafts)
    print_problems(result.warnings, sys.stderr)
    print(result.summary())
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import ServeOptions, make_server

    def build(out_dir: Path) -> None:
        result = build_site(args.site, out_dir, now=args.now, drafts=args.drafts)
        print_problems(result.warnings, sys.stderr)
        print(result.summary(), flush=True)

    options = ServeOptions(site_dir=args.site, host=args.host, port=args.port, out_dir=args.out)
    server = make_server(options, build)
    server.serve_forever()
    return 0


def print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    """Print problems one a line as `path:line: level: message`."""
    for problem in problems:
        print(problem.format(), file=stream)
