"""`translations export` and `translations import` as the command line runs them."""

from __future__ import annotations

import argparse
import sys

from sitegen.translations.edits import write_atomically
from sitegen.translations.export import export_catalog


def run_export_or_import(args: argparse.Namespace) -> int:
    """Run `export` or `import`; return the exit status (SiteError is the caller's to print)."""
    if args.translations_command == "export":
        data = export_catalog(args.site, args.lang, args.format, tuple(args.paths))
        if args.out is None:
            sys.stdout.buffer.write(data)
        else:
            write_atomically(args.out, data)
            print(f"Wrote {args.out}", file=sys.stderr)
        return 0
    from sitegen.translations.import_po import import_catalog

    result = import_catalog(args.site, args.file, partial=args.partial)
    for problem in result.warnings:
        print(problem.format(), file=sys.stderr)
    for path in result.written:
        print(f"Wrote {path}")
    for problem in result.rejected:  # only with --partial: the rest was written
        print(problem.format(), file=sys.stderr)
    return 1 if result.rejected else 0
