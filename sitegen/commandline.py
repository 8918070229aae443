"""The command line's conventions, apart from its parser: the program's name as it was run,
what each exit status means, what `--version` says, and shell completion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitegen.console import QUIET, VERBOSE

# Exit statuses, as `--help` and the README explain them.
EXIT_BUILT = 0
EXIT_SITE_ERRORS = 1
EXIT_USAGE = 2  # argparse's own
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C

EXIT_STATUSES = f"""exit status:
  {EXIT_BUILT}  done (built, checked, nothing to do)
  {EXIT_SITE_ERRORS}  the site has errors (or warnings, with --strict); nothing was written
  {EXIT_USAGE}  usage error: an unknown command or option, or a bad value
  {EXIT_INTERNAL}  internal error: a bug in sitegen, please report it"""

# Where the package and the libraries that shape what a build makes say their version.
LIBRARY_VERSIONS = (("Python-Markdown", "markdown"), ("Jinja", "jinja2"), ("Babel", "babel"))
PAGE_SUFFIXES = (".md",)
CONTACTS_FOLDER = "content/contacts/"


def program_name(argv0: str, orig_argv: Sequence[str]) -> str:
    """Name the program as the user ran it: "sitegen", "python3 build.py", "python3 -m sitegen".

    >>> program_name("/home/a/.venv/bin/sitegen", ["/home/a/.venv/bin/python", "/home/a/.venv/bin/sitegen"])
    'sitegen'
    >>> program_name("build.py", ["python3", "build.py", "build"])
    'python3 build.py'
    >>> program_name("/x/sitegen/__main__.py", ["python", "-m", "sitegen"])
    'python -m sitegen'
    """  # noqa: E501
    name = Path(argv0).name
    interpreter = Path(orig_argv[0]).name if orig_argv else "python3"
    if name == "__main__.py":
        return f"{interpreter} -m sitegen"
    if name.endswith(".py"):
        return f"{interpreter} {argv0}"
    return name or "sitegen"


def versions_text(version: str) -> str:
    """Say which versions are in use: sitegen's, Python's and the libraries' that shape pages."""
    import importlib
    import platform  # 6 ms: only for --version

    parts = [f"Python {platform.python_version()}"]
    for label, module_name in LIBRARY_VERSIONS:
        module = importlib.import_module(module_name)
        parts.append(f"{label} {getattr(module, '__version__', 'unknown')}")
    return f"sitegen {version} ({', '.join(parts)})"


class VersionAction(argparse.Action):
    """`--version`: print the versions in use and stop (the libraries imported only then)."""

    def __init__(self, option_strings: Sequence[str], version: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, dest=argparse.SUPPRESS, default=argparse.SUPPRESS)
        kwargs.setdefault("help", "show the versions of sitegen, Python and its libraries")
        super().__init__(option_strings, **kwargs)
        self.version = version

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(versions_text(self.version))
        parser.exit()


def add_output_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Add `-q` and `-v`: given before the command or after it (the command's own, with the
    default SUPPRESS, do not reset what was given before it)."""
    volume = parser.add_mutually_exclusive_group()
    volume.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=QUIET,
        default=default,
        help="print errors only",
    )
    volume.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=VERBOSE,
        default=default,
        help="also print each stage of a build with its time",
    )


def add_strict_option(parser: argparse.ArgumentParser) -> None:
    """Add `--strict`: warnings fail the command too."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on any warning too, as `strict: true` in site.yaml does (for CI)",
    )


def page_paths(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """Complete a page or contact directory's path, as `translations new|done` take it.

    Paths are offered as the command reads them: relative to the site folder (`--site`, else
    the current one), "content/about.md".
    """
    site = Path(getattr(parsed_args, "site", None) or ".")
    content = site / "content"
    found = []
    for top, folders, files in os.walk(content):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            rel = Path(top, name).relative_to(site).as_posix()
            is_page = name.endswith(PAGE_SUFFIXES)
            is_directory = rel.startswith(CONTACTS_FOLDER) and name.endswith(".yaml")
            if (is_page or is_directory) and rel.startswith(prefix):
                found.append(rel)
    return found


def complete_if_asked(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request and exit, when this run is one (argcomplete).

    argcomplete is imported only then, so an ordinary run does not pay for it.
    """
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    argcomplete.autocomplete(parser)
    sys.exit(EXIT_USAGE)  # autocomplete exits itself; reaching here means it could not answer


def parse_now(text: str) -> dt.datetime:
    """Read `--now`: an ISO date or date-time (UTC unless it says otherwise)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date such as 2026-11-22 or 2026-11-22T09:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
