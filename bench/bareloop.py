"""The floor a Python generator can hope for: read, PyYAML, Python-Markdown, one Jinja template.

    python bench/bareloop.py --site DIR --out DIR [--jobs 2]

Every Markdown file under DIR/content (all languages, letters included) is read, its front
matter parsed with PyYAML, its body converted with Python-Markdown (extra + toc), put through
one Jinja template and written to OUT. No links, no translations, no checks: a baseline only.
"""

from __future__ import annotations

import argparse
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import markdown
import yaml

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ meta.title }}</title></head>
<body><main><h1>{{ meta.title }}</h1><p>{{ meta.summary }}</p>
<nav>{{ toc }}</nav>{{ body }}</main></body></html>
"""


def convert(paths: list[tuple[Path, Path]]) -> int:
    """Convert (source, destination) pairs; return how many were written."""
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    converter = markdown.Markdown(extensions=["extra", "toc"])
    for source, destination in paths:
        text = source.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        meta = yaml.safe_load(head) or {}
        html = converter.reset().convert(body)
        toc = getattr(converter, "toc", "")
        lang = source.name.split(".")[-2] if source.name.count(".") == 2 else "en"
        page = template.render(
            lang=lang,
            meta=meta,
            toc=jinja2.utils.markupsafe.Markup(toc),
            body=jinja2.utils.markupsafe.Markup(html),
        )
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page, encoding="utf-8")
    return len(paths)


def plan(site: Path, out: Path) -> list[tuple[Path, Path]]:
    """Pair every Markdown source with its output path."""
    content = site / "content"
    return [
        (path, out / path.relative_to(content).with_suffix(".html"))
        for path in sorted(content.rglob("*.md"))
    ]


def run(site: Path, out: Path, jobs: int) -> int:
    """Convert the whole site on `jobs` processes; return the number of pages written."""
    if out.exists():
        shutil.rmtree(out)
    pairs = plan(site, out)
    if jobs <= 1:
        return convert(pairs)
    chunks = [pairs[n::jobs] for n in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        return sum(pool.map(convert, chunks))


def main() -> None:
    """Parse the command line and run the loop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print(f"Wrote {run(args.site, args.out, args.jobs)} pages")


if __name__ == "__main__":
    main()
