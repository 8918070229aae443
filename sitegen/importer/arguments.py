"""The `import` command's arguments (what it runs is in `command`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `import FILE` and its options."""
    pasted = commands.add_parser(
        "import", help="make a statement folder from a pasted thread of letters"
    )
    pasted.add_argument(
        "file", type=Path, help="the thread: a .txt, .md, .eml, .html or .docx file"
    )
    pasted.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        help="the site folder, holding site.yaml (default: .)",
    )
    pasted.add_argument(
        "--into", default="", help="the folder to make, e.g. statements/after-victoria-road"
    )
    pasted.add_argument("--lang", default="", help="the letters' language (default: the site's)")
    pasted.add_argument("--dry-run", action="store_true", help="print what it would write")
    pasted.add_argument("--force", action="store_true", help="replace files that exist")
