"""Time `sitegen check` on a site with about 17,000 broken internal links ("did you mean").

    python bench/link_suggestions.py [--pages 400] [--links 17000] [--keep DIR] [--no-suggestions]

Generates a site with `bench/generate.py` (two languages), then appends to every Markdown file
a paragraph of links that lead nowhere, about `--links` in all: two in three are a typing
mistake in a real file's path (two letters swapped, one dropped, a wrong folder, `.html` for
`.md`), the rest paths that resemble nothing. Every broken link is written once (so each is a
distinct missing file, the worst case for suggestions). Runs `python -m sitegen check` on it
once and prints the wall time, the number of broken links reported and how many carry a
suggestion. With `--no-suggestions` the check runs with every "did you mean" answering nothing:
the floor, what the same check costs without suggestions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402  (bench/ is not a package)

# `python -m sitegen` with every suggestion answering nothing (forked workers inherit it).
WITHOUT_SUGGESTIONS = (
    "from sitegen.site.suggest import Suggester; "
    "Suggester.closest = lambda self, *args, **kwargs: None; "
    "from sitegen.cli import run; run()"
)


def typo(path: str, rng: random.Random) -> str:
    """Return a plausible mistake in a content path."""
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.partition(".")
    choice = rng.randrange(4)
    if choice == 0 and len(stem) > 3:
        at = rng.randrange(len(stem) - 1)
        stem = stem[:at] + stem[at + 1] + stem[at] + stem[at + 2 :]
    elif choice == 1 and len(stem) > 3:
        at = rng.randrange(len(stem))
        stem = stem[:at] + stem[at + 1 :]
    elif choice == 2 and folder:
        folder = folder.replace("-0", "-", 1) if "-0" in folder else folder + "s"
    else:
        suffix = "html" if suffix == "md" else suffix + "x"
    return (folder + "/" if folder else "") + stem + dot + suffix


def nonsense(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(rng.randint(1, 3))]
    return "/".join(words) + ".md"


def add_broken_links(site: Path, total: int, seed: int = 1) -> int:
    """Append broken links to every Markdown file of `site`; return how many were written."""
    rng = random.Random(seed)
    content = site / "content"
    files = sorted(content.rglob("*.md"))
    existing = {
        path.relative_to(content).as_posix() for path in content.rglob("*") if path.is_file()
    }
    rels = sorted(existing)
    per_file = -(-total // len(files))
    written: set[str] = set()
    for file in files:
        links = []
        while len(links) < per_file and len(written) < total:
            target = typo(rng.choice(rels), rng) if rng.random() < 2 / 3 else nonsense(rng)
            if target in existing or target in written:
                continue
            written.add(target)
            links.append(f"[see this](/{target})")
        if links:
            with file.open("a", encoding="utf-8") as stream:
                stream.write("\n\n" + " and ".join(links) + ".\n")
    return len(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--links", type=int, default=17_000)
    parser.add_argument("--keep", type=Path, help="generate the site here and keep it")
    parser.add_argument("--no-suggestions", action="store_true", help="time the check without")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-link-suggestions-") as temp:
        site = args.keep or Path(temp) / "site"
        generate(site, pages=args.pages, languages=2)
        written = add_broken_links(site, args.links)
        env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(REPO))}
        command = [sys.executable, "-m", "sitegen", "check", "--site", str(site)]
        if args.no_suggestions:
            command[1:3] = ["-c", WITHOUT_SUGGESTIONS]
        started = time.perf_counter()
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    lines = finished.stdout.splitlines() + finished.stderr.splitlines()
    broken = [line for line in lines if "leads nowhere" in line]
    suggested = [line for line in broken if "did you mean" in line]
    skipped = [line for line in lines if "suggestions skipped" in line]
    print(
        f"{platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print(
        f"{written} broken links written; check took {seconds:.1f} s (exit {finished.returncode});"
        f" {len(broken)} reported, {len(suggested)} with a suggestion"
    )
    for line in skipped:
        print(line)


if __name__ == "__main__":
    main()
