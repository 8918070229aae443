"""Benchmark sitegen against a bare Python loop and peer generators, in one command.

    python bench/run.py [--pages 200,1000] [--languages 5] [--runs 3] [--peers hugo,pelican,mkdocs]
    python bench/run.py --tiny        # 10 pages x 2 languages, 1 run, sitegen only (CI)

Prints a table and writes bench/results/latest.json. Each round also times a bare
`python -c "import jinja2, markdown, babel, yaml"` (bare_import): each rebuild's "x import" is
the median over rounds of its time over that round's bare import, the floor of a warm build.
Every timing is the wall clock of a fresh process (`bench/measure.py`), the median of --runs
runs, except serve_edit_page: the median of --runs rebuilds after a page edit in one warm
process (`bench/serve_edit.py`). The runs are
made in rounds: each round builds with the bare loop, every peer and every sitegen scenario
once, so that the machine's drifting speed falls on all of them alike. Memory, each the
largest over the runs: max_rss_mib, the largest resident set of any one process it started;
peak_pss_mib and peak_rss_sum_mib, the peak over time of the sum over all its processes of PSS
(shared pages split between the processes sharing them) and of RSS (null where /proc lacks
smaps_rollup). The bare loop and the peers run at the largest size only.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import generate
import peers
from serve_edit import edit_page

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results" / "latest.json"
NOW = "2026-11-22"
SCENARIOS = (
    "cold",
    "noop",
    "touch_page",
    "edit_page",
    "edit_directory",
    "edit_template",
    "edit_catalog",
)
SERVE_SCENARIO = "serve_edit_page"
# The floor of a warm build: starting Python and importing the libraries a build needs.
BARE_IMPORT = "bare_import"
BARE_IMPORT_COMMAND = [sys.executable, "-c", "import jinja2, markdown, babel, yaml"]
SETTLED_SECONDS = 2.1  # sitegen.incremental.cache.SETTLED_NS, and a little


@dataclass(frozen=True)
class Sample:
    """One measured run of one command."""

    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    peak_pss_mib: float | None
    peak_rss_sum_mib: float | None


def measure(command: list[str], log: Path) -> Sample:
    """Run a command in a fresh measuring process; raise if it fails."""
    wrapper = [sys.executable, str(BENCH / "measure.py"), str(log), "--", *command]
    report = json.loads(subprocess.run(wrapper, capture_output=True, check=True, text=True).stdout)
    if report["returncode"] != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({report['returncode']}):\n{tail}")
    return Sample(
        report["seconds"],
        report["cpu_seconds"],
        report["max_rss_kib"] / 1024,
        report["peak_pss_mib"],
        report["peak_rss_sum_mib"],
    )


def summarise(samples: list[Sample]) -> dict[str, object]:
    """Return the median time, each memory figure's largest value over the runs, every time."""
    return {
        "seconds": statistics.median(s.seconds for s in samples),
        "cpu_seconds": statistics.median(s.cpu_seconds for s in samples),
        "max_rss_mib": max(s.max_rss_mib for s in samples),
        "peak_pss_mib": largest(s.peak_pss_mib for s in samples),
        "peak_rss_sum_mib": largest(s.peak_rss_sum_mib for s in samples),
        "runs": [round(s.seconds, 3) for s in samples],
    }


def largest(values: Iterable[float | None]) -> float | None:
    """Return the largest value that was measured, or None if none was."""
    return max((v for v in values if v is not None), default=None)


def prepare_site(site: Path, languages: tuple[str, ...]) -> None:
    """Copy the default theme's templates and one catalog into the site, so both can be edited."""
    shutil.copytree(REPO / "templates", site / "templates", ignore=shutil.ignore_patterns("assets"))
    lang = languages[1] if len(languages) > 1 else languages[0]
    catalog = Path(lang) / "LC_MESSAGES" / "messages.po"
    (site / "translations" / catalog).parent.mkdir(parents=True)
    shutil.copy(REPO / "translations" / catalog, site / "translations" / catalog)


def touch_page(site: Path, run: int) -> None:
    """Save one page unchanged: its time moves on, its bytes do not.

    A no-op build stops at the up-to-date check; this one runs the whole pipeline, which finds
    everything it needs in the cache (what a build costs when nothing it makes will change).
    """
    path = site / "content" / "about.md"
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


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
    "touch_page": touch_page,
    "edit_page": edit_page,
    "edit_directory": edit_directory,
    "edit_template": edit_template,
    "edit_catalog": edit_catalog,
}


def sitegen_round(
    site: Path,
    work: Path,
    run: int,
    samples: dict[str, list[Sample]],
    result: dict[str, object],
    save: Callable[[], None],
) -> bool:
    """Time a cold build, a no-op rebuild and a rebuild after each kind of edit, into `result`.

    Return False if a build failed (its error is recorded: the other numbers still count).
    """
    out = work / "sitegen-out"
    log = work / "sitegen.log"
    command = [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]
    command += ["--out", str(out), "--now", NOW]
    if out.exists():
        shutil.rmtree(out)
    # A cold build has no cache either: each run gets an empty cache folder of its own.
    os.environ["XDG_CACHE_HOME"] = str(work / f"cache-{run}")
    # A build trusts no stamp of a file changed within two seconds before it (a second save in one
    # tick of a coarse clock keeps the stamp): a no-op right after a fresh site or an edit would
    # run the whole pipeline, which no editor's no-op does.
    time.sleep(SETTLED_SECONDS)
    samples[BARE_IMPORT].append(measure(BARE_IMPORT_COMMAND, work / "bare-import.log"))
    result[BARE_IMPORT] = summarise(samples[BARE_IMPORT])
    for name in SCENARIOS:
        if name in EDITS:
            EDITS[name](site, run)
        try:
            samples[name].append(measure(command, log))
        except RuntimeError as exc:
            result[name] = {"error": str(exc)[-2000:]}
            save()
            return False
        if name == "cold":
            result["pages_built"] = built_pages(log)
        result[name] = summarise(samples[name])
        if name != "cold":
            result[name]["x_bare_import"] = paired_ratio(samples[name], samples[BARE_IMPORT])
        save()
    return True


def bench_serve_edit(site: Path, work: Path, runs: int) -> dict[str, object]:
    """Time rebuilds after a page edit in one warm process, as the live server does them.

    Memory is that of the whole process: its first (cold) build and every rebuild. The page is
    restored afterwards, so whatever runs next sees the site as it was.
    """
    page = site / "content" / "about.md"
    original = page.read_bytes()
    log = work / "serve-edit.log"
    command = [sys.executable, str(BENCH / "serve_edit.py"), "--site", str(site)]
    command += ["--now", NOW, "--runs", str(runs)]
    os.environ["XDG_CACHE_HOME"] = str(work / "cache-serve")
    try:
        sample = measure(command, log)
    except RuntimeError as exc:
        return {"error": str(exc)[-2000:]}
    finally:
        page.write_bytes(original)
    timings = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    whole = summarise([sample])
    del whole["cpu_seconds"]  # the whole process's, its first (cold) build included
    return {
        **whole,
        "seconds": statistics.median(timings["runs"]),
        "runs": [round(t, 3) for t in timings["runs"]],
        "warmup_seconds": round(timings["warmup_seconds"], 3),
    }


def built_pages(log: Path) -> int:
    """Read the page count from sitegen's summary line."""
    match = re.search(r"Built (\d+) pages", log.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"no summary line in {log}")
    return int(match.group(1))


@dataclass
class Rival:
    """A build timed beside sitegen's in every round: the bare loop, or a peer generator."""

    label: str
    command: list[str]
    out: Path
    log: Path
    result: dict[str, object]  # where its summary goes
    samples: list[Sample] = field(default_factory=list)

    def measure_once(self) -> None:
        """Build once into an empty output folder, and summarise every build so far."""
        if self.out.exists():
            shutil.rmtree(self.out)
        self.samples.append(measure(self.command, self.log))
        self.result.update(summarise(self.samples))


def paired_ratio(rival: list[Sample], cold: list[Sample]) -> float | None:
    """Return the median over rounds of the rival's time / sitegen's cold build time in the same
    round (or of a rebuild's time / the bare import's): steadier than the ratio of the medians
    when the machine's speed drifts between rounds (None when a round has no cold build)."""
    if not cold or len(cold) != len(rival):
        return None
    return round(
        statistics.median(r.seconds / c.seconds for r, c in zip(rival, cold, strict=True)), 3
    )


def bareloop_rivals(site: Path, work: Path, result: dict[str, object]) -> list[Rival]:
    """The bare loop on one and on two processes, over a copy of the site as generated.

    A copy: sitegen's rounds edit the site, and the loop should read the same bytes each time.
    """
    pristine = work / "site-for-bare-loop"
    shutil.copytree(site, pristine)
    rivals = []
    for jobs in (1, 2):
        summary: dict[str, object] = {}
        result[f"processes_{jobs}"] = summary
        out = work / f"bare-{jobs}"
        command = [sys.executable, str(BENCH / "bareloop.py"), "--site", str(pristine)]
        command += ["--out", str(out), "--jobs", str(jobs)]
        rivals.append(Rival(f"bare loop ({jobs})", command, out, work / "bare.log", summary))
    return rivals


def peer_rival(name: str, site: Path, work: Path, result: dict[str, object]) -> Rival:
    """Convert the site for one peer, once (before sitegen's rounds edit it)."""
    languages = peers.site_languages(site)
    build = peers.CONVERTERS[name](peers.read_documents(site), languages, work / "peers")
    result["version"] = peer_version(name)
    result["expected"] = build.expected
    return Rival(name, list(build.command), build.out, work / f"{name}.log", result)


def check_peer(rival: Rival) -> None:
    """Check the peer's last build made every document, so it is credited for none it skipped."""
    expected = rival.result.pop("expected")
    found = peers.count_documents(rival.out)
    if found != expected:
        raise RuntimeError(f"{rival.label} built {found} of {expected} documents")
    rival.result["documents"] = found


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
    rivals: list[Rival] = []
    found_peers: dict[str, dict[str, object]] = {}
    if largest and not args.tiny:
        bareloop: dict[str, object] = {}
        result["bareloop"] = bareloop
        rivals += bareloop_rivals(site, work, bareloop)
        result["peers"] = found_peers
        for name in args.peers:
            found_peers[name] = {}
            if not peers.installed(name):
                found_peers[name]["skipped"] = "not installed (pip install .[bench])"
                continue
            rivals.append(peer_rival(name, site, work, found_peers[name]))
    prepare_site(site, plan.languages)
    sitegen: dict[str, object] = {}
    result["sitegen"] = sitegen
    samples: dict[str, list[Sample]] = {name: [] for name in (BARE_IMPORT, *SCENARIOS)}
    sitegen_ok = True
    # In rounds, each timing every build once: the machine's speed drifts (by 15% in an hour,
    # seen here), and drift then falls on every build alike instead of on whichever ran last.
    # sitegen's builds come straight after the bare loop's, the closest comparison.
    loops = [rival for rival in rivals if rival.label not in found_peers]
    others = [rival for rival in rivals if rival.label in found_peers]
    for run in range(1, args.runs + 1):
        names = ", ".join(
            [rival.label for rival in loops] + ["sitegen"] + [r.label for r in others]
        )
        print(f"  {pages} x {args.languages}, round {run} of {args.runs}: {names} ...", flush=True)
        for rival in loops:
            rival.measure_once()
            save()
        if sitegen_ok:
            sitegen_ok = sitegen_round(site, work, run, samples, sitegen, save)
        for rival in others:
            rival.measure_once()
            save()
    for rival in others:
        check_peer(rival)
    for rival in rivals:
        rival.result["paired_ratio"] = paired_ratio(rival.samples, samples["cold"])
    sitegen[SERVE_SCENARIO] = bench_serve_edit(site, work, args.runs)
    save()


def table(results: dict[str, object]) -> str:
    """Format the results as a plain-text table."""
    lines = [
        f"{'size':<12} {'what':<32} {'median s':>9} {'CPU s':>7} {'max proc':>9} {'PSS sum':>9}"
        f" {'RSS sum':>9} {'x sitegen':>9} {'paired':>7} {'x import':>8}",
        f"{'':<12} {'':<32} {'':>9} {'':>7} {'MiB':>9} {'MiB':>9} {'MiB':>9} {'':>9} {'':>7}"
        f" {'':>8}",
    ]
    for size in results["sizes"]:  # type: ignore[attr-defined]
        label = f"{size['pages']}x{len(size['languages'])}"
        cold = size["sitegen"].get("cold", {}).get("seconds", float("nan"))
        names = (BARE_IMPORT, *SCENARIOS, SERVE_SCENARIO)
        rows = [(f"sitegen {name}", size["sitegen"].get(name, {})) for name in names]
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
            memory = [
                mib(found.get(key)) for key in ("max_rss_mib", "peak_pss_mib", "peak_rss_sum_mib")
            ]
            cpu = found.get("cpu_seconds")
            cpu_text = f"{cpu:>7.2f}" if isinstance(cpu, int | float) else f"{'-':>7}"
            paired = found.get("paired_ratio")
            paired_text = f"{paired:>7.2f}" if isinstance(paired, int | float) else f"{'-':>7}"
            floor = found.get("x_bare_import")
            floor_text = f"{floor:>8.2f}" if isinstance(floor, int | float) else f"{'-':>8}"
            lines.append(
                f"{label:<12} {what:<32} {found['seconds']:>9.2f} {cpu_text} {' '.join(memory)}"
                f" {ratio:>9.2f} {paired_text} {floor_text}"
            )
    return "\n".join(lines)


def mib(value: object) -> str:
    """Format a memory figure for the table, or a dash if it was not measured."""
    return f"{value:>9.0f}" if isinstance(value, int | float) else f"{'-':>9}"


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


def compile_sitegen() -> None:
    """Compile sitegen's modules to bytecode, as installing a package does.

    Where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE, set on some CI
    machines), every timed run would otherwise compile some forty modules from source (0.06 s)
    that an installed copy never compiles; the peers, installed by pip, have their bytecode.
    """
    compileall.compile_dir(REPO / "sitegen", quiet=1)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark, print a table and write the JSON results."""
    args = parse_args(argv)
    compile_sitegen()
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
