"""A command-line build that finds nothing changed says so and does nothing; any change builds."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import sitegen.build
import sitegen.incremental.cache
import sitegen.uptodate
from sitegen.cli import main
from sitegen.incremental.cache import default_cache_dir
from sitegen.render.alerts import live_span
from sitegen.site.model import build_model
from sitegen.uptodate import RECORD_NAME, check_before_build, within
from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-22T12:00"
CLOCK = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nHello, see [advice](advice.md).\n",
    "content/advice.md": "---\ntitle: Advice\n---\nStay safe.\n",
    "content/advice.ur.md": "---\ntitle: مشورہ\n---\nمحفوظ رہیں۔\n",
    "content/alerts/patrols.md": (
        "---\ntitle: Patrols\nstarts: 2026-11-20\nends: 2026-11-25\nlevel: info\n---\nOut.\n"
    ),
    "content/alerts/later.md": "---\ntitle: Later\nstarts: 2026-12-25\nlevel: info\n---\nSoon.\n",
    "content/odd.fr.md": "---\ntitle: Odd\n---\nA language the site does not list.\n",
    "static/notice.txt": "Hello\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", FILES)


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a file's stamp however recently it changed: fixtures are written just before the
    builds. (`test_a_file_changed_just_before_a_build_is_looked_at_again` keeps the margin.)"""
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 0)


def cli_build(
    site: Path, capsys: pytest.CaptureFixture[str], *extra: str, now: str = NOW
) -> tuple[int, str, str]:
    """Build from the command line (in this process); return the status, stdout and stderr."""
    out = site.parent / "out"
    status = main(["build", "--site", str(site), "--out", str(out), "--now", now, *extra])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def is_up_to_date(site: Path, capsys: pytest.CaptureFixture[str], *extra: str, **kw: str) -> bool:
    status, out, _ = cli_build(site, capsys, *extra, **kw)
    assert status == 0, out
    assert out.startswith(("Up to date: ", "Built ")), out
    return out.startswith("Up to date: ")


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_does_nothing_and_says_so(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, first, first_err = cli_build(site, capsys)
    assert status == 0 and first.startswith("Built ")
    warning = "content/odd.fr.md: warning: "
    assert warning in first_err
    out = site.parent / "out"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    built = tree(out)

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr(sitegen.build, "build_site", no_build)
    status, again, again_err = cli_build(site, capsys)
    assert status == 0
    made = first[len("Built ") : first.rindex(" in ")]  # "3 pages in 3 languages (...) into D"
    assert again.strip() == f"Up to date: nothing has changed since the last build of {made}."
    assert made.endswith(f"files into {out.resolve()}")
    assert again_err == first_err  # the last build's warnings, with their files and lines
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert tree(out) == built


def run_builds(site: Path, out: Path, runs: int) -> list[subprocess.CompletedProcess[str]]:
    """Build `runs` times, each in a fresh `python -c` calling sitegen's main; each prints what
    it said, then the names of the modules it imported (and of their top-level packages)."""
    script = (
        "import sys, sitegen.incremental.cache; from sitegen.cli import main; "
        "sitegen.incremental.cache.SETTLED_NS = 0; "  # the fixture was written just now
        f"status = main(['build', '--site', {str(site)!r}, '--out', {str(out)!r}]); "
        "names = {m.split('.')[0] for m in sys.modules} | set(sys.modules); "
        "print(*sorted(names), sep='\\n'); sys.exit(status)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        for _ in range(runs)
    ]


def test_the_check_runs_before_the_pipeline_is_imported(site: Path, tmp_path: Path) -> None:
    runs = run_builds(site, tmp_path / "out", 2)
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    imported = [set(run.stdout.splitlines()) for run in runs]
    assert runs[0].stdout.startswith("Built ") and "sitegen.build" in imported[0]
    assert runs[1].stdout.startswith("Up to date: ")
    assert "sitegen.build" not in imported[1]


# What a build with nothing to do needs none of (issue 25): each costs a start-up's worth
# (zoneinfo only a little, but the alerts' span in the record would bring it in).
HEAVY_LIBRARIES = {"babel", "jinja2", "markdown", "nh3", "phonenumbers", "pygments", "yaml"}
HEAVY_LIBRARIES |= {"zoneinfo"}


def test_a_build_with_nothing_to_do_imports_no_heavy_library(site: Path, tmp_path: Path) -> None:
    runs = run_builds(site, tmp_path / "out", 2)
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    imported = [set(run.stdout.splitlines()) for run in runs]
    assert {"babel", "jinja2", "markdown", "yaml"} <= imported[0]  # the check can see them
    assert runs[1].stdout.startswith("Up to date: ")
    assert imported[1] & HEAVY_LIBRARIES == set()


def test_a_build_after_a_page_edit_imports_only_what_it_needs(site: Path, tmp_path: Path) -> None:
    """The theme's catalogs come from the cache compiled: Babel's catalog reader stays out."""
    out = tmp_path / "out"
    assert run_builds(site, out, 1)[0].returncode == 0
    with (site / "content/advice.md").open("a", encoding="utf-8") as page:
        page.write("One more sentence.\n")
    (edited,) = run_builds(site, out, 1)
    assert edited.returncode == 0, edited.stderr
    imported = set(edited.stdout.splitlines())
    assert edited.stdout.startswith("Built ") and "markdown" in imported
    assert "babel.messages" not in imported


def add(site: Path, rel: str, text: str) -> None:
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(text)


def edit_keeping_size_and_time(path: Path) -> None:
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"safe", b"SAFE"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], None]] = {
    "a page edited": lambda site: (site / "content/advice.md").write_text(
        "---\ntitle: Advice\n---\nStay safer.\n"
    ),
    "a page edited, size and time kept": lambda site: edit_keeping_size_and_time(
        site / "content/advice.md"
    ),
    "a page added": lambda site: (site / "content/new.md").write_text("---\ntitle: New\n---\n"),
    "a page deleted": lambda site: (site / "content/advice.ur.md").unlink(),
    "a template added": lambda site: add(site, "templates/page.html", "{% extends 'base.html' %}"),
    "a catalog added": lambda site: add(site, "translations/ur/LC_MESSAGES/messages.po", ""),
    "site.yaml edited": lambda site: (site / "site.yaml").write_text(
        (site / "site.yaml").read_text().replace("Test Group", "Test Group 2")
    ),
    "contacts.lock written": lambda site: (site / "contacts.lock").write_text("# none\n"),
    "a static file edited": lambda site: (site / "static/notice.txt").write_text("Changed\n"),
    "an output file edited": lambda site: (site.parent / "out/en/index.html").write_text("x"),
    "an output file deleted": lambda site: (site.parent / "out/en/advice/index.html").unlink(),
    "an output file added": lambda site: (site.parent / "out/en/extra.html").write_text("x"),
    "the cache record corrupt": lambda site: (
        default_cache_dir(site.resolve(), (site.parent / "out").resolve()) / RECORD_NAME
    ).write_bytes(b"not a record"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_a_build_reads_or_makes_builds_again(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    assert not is_up_to_date(site, capsys)
    assert is_up_to_date(site, capsys)
    CHANGES[change](site)
    status, out, err = cli_build(site, capsys)
    assert status == 0 and out.startswith("Built "), err
    cold = tmp_path / "cold"  # what it made is what a build without any cache makes
    arguments = ["build", "--site", str(site), "--out", str(cold), "--now", NOW]
    assert main([*arguments, "--no-cache"]) == 0
    capsys.readouterr()
    assert tree(site.parent / "out") == tree(cold)
    assert is_up_to_date(site, capsys)


def test_settings_and_the_clock_decide_as_well(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not is_up_to_date(site, capsys)
    assert is_up_to_date(site, capsys, now="2026-11-24T23:59")  # the same alerts are live
    assert not is_up_to_date(site, capsys, now="2026-11-26")  # patrols has ended
    assert is_up_to_date(site, capsys, now="2026-12-24")
    assert not is_up_to_date(site, capsys, now="2026-12-25")  # later has started
    assert not is_up_to_date(site, capsys, "--drafts", now="2026-12-25")
    assert is_up_to_date(site, capsys, "--drafts", now="2026-12-25")
    assert not is_up_to_date(site, capsys, "--no-cache", now="2026-12-25")  # never skipped


def test_a_failed_build_is_never_taken_for_an_up_to_date_one(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not is_up_to_date(site, capsys)
    (site / "content/advice.md").write_text("---\ntitle: a: b\n---\nx\n")
    for _ in range(2):
        status, out, err = cli_build(site, capsys)
        assert status == 1 and out == ""
        assert "content/advice.md:2: error: YAML syntax error" in err


def test_a_change_to_sitegen_or_its_libraries_builds_again(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "lib" / "fakelib"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(library.parent))
    monkeypatch.setattr(sitegen.uptodate, "LIBRARIES", (*sitegen.uptodate.LIBRARIES, "fakelib"))
    code = tmp_path / "code"
    code.mkdir()
    (code / "__init__.py").write_text("")
    (code / "render.py").write_text("# sitegen's code\n")
    monkeypatch.setattr(sitegen.uptodate.sitegen, "__file__", str(code / "__init__.py"))

    assert not is_up_to_date(site, capsys)
    assert is_up_to_date(site, capsys)
    (library / "__init__.py").write_text("VERSION = 2\n")  # upgraded
    assert not is_up_to_date(site, capsys)
    (code / "render.py").write_text("# sitegen's code, changed\n")
    assert not is_up_to_date(site, capsys)
    (code / "__pycache__").mkdir()
    (code / "__pycache__/render.cpython-311.pyc").write_bytes(b"compiled")
    assert is_up_to_date(site, capsys)


def test_a_theme_change_is_seen(site: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    write_site(theme, {"templates/base.html": "x", "translations/ur.po": "y"}, None)
    out = tmp_path / "out"
    before = check_before_build(site, out, CLOCK, theme_root=theme)
    (theme / "templates/base.html").write_text("changed")
    after = check_before_build(site, out, CLOCK, theme_root=theme)
    changed = {
        p
        for p in before.inputs.keys() | after.inputs.keys()
        if before.inputs.get(p) != after.inputs.get(p)
    }
    assert changed == {str(theme.resolve() / "templates/base.html")}


def test_links_to_folders_are_followed_once(site: Path, tmp_path: Path) -> None:
    (site / "templates").mkdir()
    (site / "templates/loop").symlink_to(site / "templates")
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "partial.html").write_text("x")
    (site / "templates/shared").symlink_to(outside)
    inputs = check_before_build(site, tmp_path / "out", CLOCK).inputs
    templates = sorted(p for p in inputs if "/templates/" in p and str(site.resolve()) in p)
    assert templates == [str(site.resolve() / "templates/shared/partial.html")]


def test_the_live_span_is_bounded_by_the_nearest_alert_dates(site: Path) -> None:
    from sitegen.errors import Problems
    from sitegen.read.config import load_config
    from sitegen.read.discover import discover

    def span_at(now: dt.datetime) -> tuple[dt.datetime | None, dt.datetime | None]:
        config = load_config(site)
        problems = Problems()
        return live_span(
            build_model(config, discover(site, config.languages, problems), problems, now)
        )

    day = lambda d: dt.datetime(2026, *d, tzinfo=dt.UTC)  # noqa: E731
    assert span_at(CLOCK) == (day((11, 20)), day((11, 26)))  # patrols ends after its last day
    assert span_at(day((11, 26))) == (day((11, 26)), day((12, 25)))
    assert span_at(day((12, 25))) == (day((12, 25)), None)
    assert span_at(day((11, 1))) == (None, day((11, 20)))
    assert within((None, None), CLOCK)
    assert within((CLOCK, None), CLOCK) and not within((None, CLOCK), CLOCK)


def shift_clock(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    """Make the up-to-date check's clock run `seconds` ahead of the file system's."""
    real = time.time_ns
    clock = types.SimpleNamespace(time_ns=lambda: real() + seconds * 1_000_000_000)
    monkeypatch.setattr(sitegen.uptodate, "time", clock)


def test_a_file_changed_just_before_a_build_is_looked_at_again(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written twice in one tick of a coarse file system clock keeps its stamp: a build
    right after a change leaves no record, and the next one builds (then leaves one)."""
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 2_000_000_000)
    shift_clock(monkeypatch, -60)  # every file changed "just now"
    assert not is_up_to_date(site, capsys)
    assert not is_up_to_date(site, capsys)
    shift_clock(monkeypatch, 60)  # a minute later
    assert not is_up_to_date(site, capsys)
    assert is_up_to_date(site, capsys)
