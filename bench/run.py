"""Benchmark sitegen against a bare Python loop and peer generators, in one command.

    python bench/run.py [--pages 200,1000] [--languages 5] [--runs 3] [--peers hugo,pelican,mkdocs]
    python bench/run.py --tiny        # 10 pages x 2 languages, 1 run, sitegen only (CI)

Prints a table and writes bench/results/latest.json. Every timing is the wall clock of a fresh
process (`bench/measure.py`), the median of --runs runs; peak memory is the largest resident set
of any process it started. The bare loop and the peers run at the largest size only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import generate
import peers

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results" / "latest.json"
NOW = "2026-11-22"
SCENARIOS = ("cold", "noop", "edit_page", "edit_directory", "edit_template", "edit_catalog")


@dataclass(frozen=True)
class Sample:
    """One measured run of one command."""

    seconds: float
    max_rss_mib: float


def measure(command: list[str], log: Path) -> Sample:
    """Run a command in a fresh measuring process; raise if it fails."""
    wrapper = [sys.executable, str(BENCH / "measure.py"), str(log), "--", *command]
    report = json.loads(subprocess.run(wrapper, capture_output=True, check=True, text=True).stdout)
    if report["returncode"] != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({report['returncode']}):\n{tail}")
    return Sample(report["seconds"], report["max_rss_kib"] / 1024)


def summarise(samples: list[Sample]) -> dict[str, object]:
    """Return the median time, the peak memory and every run's time."""
    return {
        "seconds": statistics.median(s.seconds for s in samples),
        "max_rss_mib": max(s.max_rss_mib for s in samples),
        "runs": [round(s.seconds, 3) for s in samples],
    }


def prepare_site(site: Path, languages: tuple[str, ...]) -> None:
    """Copy the default theme's templates and one catalog into the site, so both can be edited."""
    shutil.copytree(REPO / "templates", site / "templates", ignore=shutil.ignore_patterns("assets"))
    lang = languages[1] if len(languages) > 1 else languages[0]
    catalog = Path(lang) / "LC_MESSAGES" / "messages.po"
    (site / "translations" / catalog).parent.mkdir(parents=True)
    shutil.copy(REPO / "translations" / catalog, site / "translations" / catalog)


def edit_page(site: Path, run: int) -> None:
    """Add a paragraph to one page."""
    with (site / "content" / "about.md").open("a", encoding="utf-8") as file:
        file.write(f"\nEdited for benchmark run {run}.\n")


def edit_directory(site: Path, run: int) -> None:
    """Change the words of one entry of one contact directory."""
    path = site / "content" / "contacts" / "dir-001.yaml"
    text = path.read_text(encoding="utf-8").replace('when: "', f'when: "Run {run}. ', 1)
    path.write_text(text, encoding="utf-8")


def edit_template(site: Path, run: int) -> None:
    """Change the base template, which every page uses."""
    path = site / "templates" / "base.html"
    path.write_text(path.read_text(encoding="utf-8") + f"<!-- run {run} -->\n", encoding="utf-8")


def edit_catalog(site: Path, run: int) -> None:
    """Change one translated message of the site's catalog."""
    (path,) = (site / "translations").glob("*/LC_MESSAGES/messages.po")
    text = path.read_text(encoding="utf-8")
    match = re.search(r'^msgstr "([^"%]+)"$', text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no simple message to edit in {path}")
    # Words only: a translation that adds a number is refused (it could change a phone number).
    edited = f'msgstr "{match.group(1)} {"*" * run}"'
    path.write_text(text[: match.start()] + edited + text[match.end() :], encoding="utf-8")


EDITS: dict[str, Callable[[Path, int], None]] = {
    "edit_page": edit_page,
    "edit_directory": edit_directory,
    "edit_template": edit_template,
    "edit_catalog": edit_catalog,
}


def bench_sitegen(
    site: Path, work: Path, runs: int, result: dict[str, object], save: Callable[[], None]
) -> None:
    """Time a cold build, a no-op rebuild and a rebuild after each kind of edit, into `result`."""
    out = work / "sitegen-out"
    log = work / "sitegen.log"
    command = [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]
    command += ["--out", str(out), "--now", NOW]
    samples: dict[str, list[Sample]] = {name: [] for name in SCENARIOS}
    for run in range(1, runs + 1):
        if out.exists():
            shutil.rmtree(out)
        # A cold build has no cache either: each run gets an empty cache folder of its own.
        os.environ["XDG_CACHE_HOME"] = str(work / f"cache-{run}")
        for name in SCENARIOS:
            if name in EDITS:
                EDITS[name](site, run)
            try:
                samples[name].append(measure(command, log))
            except RuntimeError as exc:  # record it and go on: the other numbers still count
                result[name] = {"error": str(exc)[-2000:]}
                save()
                return
            if name == "cold":
                result["pages_built"] = built_pages(log)
            result[name] = summarise(samples[name])
            save()


def built_pages(log: Path) -> int:
    """Read the page count from sitegen's summary line."""
    match = re.search(r"Built (\d+) pages", log.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"no summary line in {log}")
    return int(match.group(1))


def bench_bareloop(site: Path, work: Path, runs: int) -> dict[str, object]:
    """Time the bare loop on one and on two processes."""
    result: dict[str, object] = {}
    for jobs in (1, 2):
        out = work / f"bare-{jobs}"
        command = [sys.executable, str(BENCH / "bareloop.py"), "--site", str(site)]
        command += ["--out", str(out), "--jobs", str(jobs)]
        samples = [measure(command, work / "bare.log") for _ in range(runs)]
        result[f"processes_{jobs}"] = summarise(samples)
    return result


def bench_peer(name: str, site: Path, work: Path, runs: int) -> dict[str, object]:
    """Convert the site for one peer, time its builds and check it made every page."""
    languages = peers.site_languages(site)
    build = peers.CONVERTERS[name](peers.read_documents(site), languages, work / "peers")
    samples = []
    for _ in range(runs):
        if build.out.exists():
            shutil.rmtree(build.out)
        samples.append(measure(list(build.command), work / f"{name}.log"))
    found = peers.count_documents(build.out)
    if found != build.expected:
        raise RuntimeError(f"{name} built {found} of {build.expected} documents")
    return {**summarise(samples), "documents": found}


def peer_version(name: str) -> str:
    """Return the installed version of a peer."""
    from importlib.metadata import version

    return version({"hugo": "hugo", "pelican": "pelican", "mkdocs": "mkdocs"}[name])


def machine() -> dict[str, object]:
    """Describe the machine the numbers came from."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(tz=UTC).strftime("%Y-%m-%d"),
    }


def bench_size(
    pages: int,
    args: argparse.Namespace,
    largest: bool,
    work: Path,
    result: dict[str, object],
    save: Callable[[], None],
) -> None:
    """Generate a site of one size and run every benchmark that applies to it, into `result`."""
    site = work / "site"
    plan = generate.generate(site, pages, args.languages, args.seed)
    files, size = generate.markdown_bytes(site)
    total = len(plan.pages) * len(plan.languages)
    result["pages"] = pages
    result["languages"] = list(plan.languages)
    result["total_pages"] = total
    result["markdown_files"] = files
    result["markdown_kib_per_page"] = round(size / total / 1024, 2)
    if largest and not args.tiny:
        print(f"  bare loop at {pages} x {args.languages} ...", flush=True)
        result["bareloop"] = bench_bareloop(site, work, args.runs)
        found_peers: dict[str, object] = {}
        result["peers"] = found_peers
        save()
        for name in args.peers:
            if not peers.installed(name):
                found_peers[name] = {"skipped": "not installed (pip install .[bench])"}
                continue
            print(f"  {name} at {pages} x {args.languages} ...", flush=True)
            measured = bench_peer(name, site, work, args.runs)
            found_peers[name] = {**measured, "version": peer_version(name)}
            save()
    prepare_site(site, plan.languages)
    print(f"  sitegen at {pages} x {args.languages} ...", flush=True)
    sitegen: dict[str, object] = {}
    result["sitegen"] = sitegen
    bench_sitegen(site, work, args.runs, sitegen, save)


def table(results: dict[str, object]) -> str:
    """Format the results as a plain-text table."""
    lines = [f"{'size':<12} {'what':<32} {'median s':>9} {'peak MiB':>9} {'x sitegen':>9}"]
    for size in results["sizes"]:  # type: ignore[attr-defined]
        label = f"{size['pages']}x{len(size['languages'])}"
        cold = size["sitegen"].get("cold", {}).get("seconds", float("nan"))
        rows = [(f"sitegen {name}", size["sitegen"].get(name, {})) for name in SCENARIOS]
        for jobs, found in size.get("bareloop", {}).items():
            rows.append((f"bare loop, {jobs.replace('_', ' ')}", found))
        for name, found in size.get("peers", {}).items():
            rows.append((f"{name} {found.get('version', '')}", found))
        for what, found in rows:
            if "seconds" not in found:
                note = found.get("skipped") or ("FAILED" if "error" in found else "not run")
                lines.append(f"{label:<12} {what:<32} {note}")
                continue
            ratio = found["seconds"] / cold
            lines.append(
                f"{label:<12} {what:<32} {found['seconds']:>9.2f} {found['max_rss_mib']:>9.0f}"
                f" {ratio:>9.2f}"
            )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="200,1000", help="pages per language, comma-separated")
    parser.add_argument("--languages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peers", default="hugo,pelican,mkdocs", help="comma-separated, or ''")
    parser.add_argument(
        "--tiny", action="store_true", help="10 pages x 2 languages, 1 run, sitegen"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.tiny:
        args.pages, args.languages, args.runs, args.peers = "10", 2, 1, ""
    args.sizes = sorted(int(p) for p in str(args.pages).split(","))
    args.peers = [p for p in args.peers.split(",") if p]
    unknown = set(args.peers) - set(peers.CONVERTERS)
    if unknown:
        parser.error(f"unknown peers: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark, print a table and write the JSON results."""
    args = parse_args(argv)
    results: dict[str, object] = {
        "machine": machine(),
        "settings": {"runs": args.runs, "seed": args.seed, "now": NOW, "tiny": args.tiny},
        "sizes": [],
    }
    sizes: list[dict[str, object]] = []
    results["sizes"] = sizes

    def save() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        args.out.write_text(text, encoding="utf-8")

    for pages in args.sizes:
        with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
            sizes.append({})
            bench_size(pages, args, pages == args.sizes[-1], Path(tmp), sizes[-1], save)
    save()
    print(table(results))
    print(f"Results written to {args.out}")


if __name__ == "__main__":
    main()
