"""Time rebuilds after a page edit in one warm process, as `sitegen serve` does them.

    python bench/serve_edit.py --site SITE --now 2026-11-22 --runs 3

Like the server, builds once into a fresh temporary output folder (so with a cache of its own)
and keeps a `WarmState` between builds; then for each run adds a paragraph to
`content/about.md` and rebuilds in the same process, timing each rebuild: what an editor waits
for between saving and the page being ready, less the watcher's polling delay. Prints one JSON
line: warmup_seconds and runs (seconds each). Leaves the edits in place; the caller restores
the page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def edit_page(site: Path, run: int) -> None:
    """Add a paragraph to one page (bench/run.py's page edit uses this too)."""
    with (site / "content" / "about.md").open("a", encoding="utf-8") as file:
        file.write(f"\nEdited for benchmark run {run}.\n")


def main(argv: list[str] | None = None) -> None:
    """Warm up, time the rebuilds and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--now", required=True, help="the build's clock, as for build --now")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    # Run as a script from bench/, so the repository is not on the path yet.
    sys.path.insert(0, str(REPO))
    from sitegen.build import WarmState, build_site
    from sitegen.commandline import parse_now

    now = parse_now(args.now)
    # As DevServer._make_temp_out_dir: the build creates the folder, so its swap is atomic.
    temp_root = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    out = temp_root / "site"
    warm = WarmState()  # as the server keeps one
    try:
        started = time.perf_counter()
        build_site(args.site, out, now=now, warm=warm)
        warmup = time.perf_counter() - started
        runs = []
        for run in range(1, args.runs + 1):
            edit_page(args.site, run)
            started = time.perf_counter()
            build_site(args.site, out, now=now, warm=warm)
            runs.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(temp_root, ignore_errors=True)
    print(json.dumps({"warmup_seconds": warmup, "runs": runs}), flush=True)


if __name__ == "__main__":
    main()
