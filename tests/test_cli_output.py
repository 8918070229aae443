"""What the command line prints and the status it ends with, run as a user runs it."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import babel
import jinja2
import markdown
import pytest

import sitegen.incremental.cache as cache_module
from sitegen import __version__
from sitegen.cli import main
from sitegen.output.files import MARKER_NAME
from sitegen.render.leaflet import leaflets_available
from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable).name
NOW = "2026-11-22"
ONE_LANGUAGE = """\
title: Test Group
base_url: https://example.test/
default_language: en
languages: [en]
region: GB
"""
HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}
ODD = "content/odd.fr.md"
ODD_TWO = "content/odd.de.md"
ODD_PAGE = "---\ntitle: Odd\n---\nA language the site does not list.\n"


def warning_about(path: str, lang: str) -> str:
    return (
        f"{path}: warning: this looks like a translation into {lang!r}, a language site.yaml "
        "does not list: add it to languages or rename the file"
    )


def env_for_user(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARGCOMPLETE")}
    env["PYTHONPATH"] = str(REPO)
    return {**env, **extra}


def sitegen(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python3 -m sitegen ARGS` with output to pipes (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        env=env_for_user(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def one_warning(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {**HOME, ODD: ODD_PAGE}, ONE_LANGUAGE)


def build_args(site: Path, *extra: str) -> list[str]:
    return ["build", "--site", str(site), "--out", str(site.parent / "out"), "--now", NOW, *extra]


SUMMARY = re.compile(
    r"Built (?P<made>.*) in \d+\.\d\d s: (?P<written>\d+) written, (?P<unchanged>\d+) unchanged, "
    r"(?P<removed>\d+) removed, (?P<warnings>.*)"
)


def summary_of(stdout: str) -> dict[str, str]:
    (line,) = stdout.splitlines()
    found = SUMMARY.fullmatch(line)
    assert found, line
    return found.groupdict()


# -- the summary line and its counts ---------------------------------------------------------


def test_summary_counts_pages_files_and_warnings_in_english_plurals(one_warning: Path) -> None:
    out = one_warning.parent / "out"
    first = sitegen(*build_args(one_warning))
    assert first.returncode == 0
    assert first.stderr == warning_about(ODD, "fr") + "\n"
    made = summary_of(first.stdout)
    files = sum(1 for p in out.rglob("*") if p.is_file() and p.name != MARKER_NAME)
    written = int(made["written"])
    assert made == {
        "made": f"2 pages in 1 language (en 2), {written} files into {out}",
        "written": str(written),
        "unchanged": "0",
        "removed": "0",
        "warnings": "1 warning",
    }
    assert written == files

    before = {p for p in out.rglob("*") if p.is_file()}
    (one_warning / ODD_TWO).write_text(ODD_PAGE, encoding="utf-8")
    (one_warning / ODD).unlink()
    (one_warning / "content/more.md").write_text("---\ntitle: More\n---\nx\n", encoding="utf-8")
    again = summary_of(sitegen(*build_args(one_warning, "--no-cache")).stdout)
    assert again["made"].startswith("3 pages in 1 language (en 3), ")
    assert int(again["written"]) >= 2  # the new pages (and the lists that name them)
    assert int(again["unchanged"]) > 0
    gone = before - {p for p in out.rglob("*") if p.is_file()}
    assert any(p.name == "index.html" for p in gone)  # odd.fr's page (and its leaflets, if made)
    assert again["removed"] == str(len(gone))
    assert again["warnings"] == "1 warning"

    (one_warning / ODD).write_text(ODD_PAGE, encoding="utf-8")
    third = sitegen(*build_args(one_warning, "--no-cache"))
    assert summary_of(third.stdout)["warnings"] == "2 warnings"


def test_a_site_without_warnings_says_so(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME)
    result = sitegen(*build_args(site))
    assert result.returncode == 0 and result.stderr == ""
    assert summary_of(result.stdout)["warnings"] == "no warnings"
    assert summary_of(result.stdout)["made"].startswith("3 pages in 3 languages (en 1, ur 1, pl 1)")


# -- quiet and verbose ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing_but_errors(one_warning: Path, where: str) -> None:
    args = ["-q", *build_args(one_warning)] if where == "before" else build_args(one_warning, "-q")
    result = sitegen(*args)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (one_warning.parent / "out/en/index.html").is_file()

    (one_warning / "content/index.md").write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    failed = sitegen(*args)
    assert failed.returncode == 1 and failed.stdout == ""
    lines = failed.stderr.splitlines()
    assert lines[0].startswith("content/index.md:2: error: YAML syntax error")
    out = one_warning.parent / "out"
    assert lines[-1] == f"Build failed: 1 error. The previous output in {out} is untouched."
    assert "warning" not in failed.stderr


def test_verbose_names_each_stage_with_its_time(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {**HOME, "content/draft.md": "---\ntitle: D\ndraft: true\n---\n"},
        ONE_LANGUAGE,
    )
    result = sitegen("-v", *build_args(site))
    assert result.returncode == 0
    stages = [
        re.fullmatch(r"(.+): \d+\.\d\d s( \(\d+\))?", line) for line in result.stderr.splitlines()
    ]
    assert all(stages), result.stderr
    assert [m.group(1) for m in stages if m] == [
        "read",
        "parse",
        "check",
        "pages",
        "feeds and sitemap",
        *(["leaflets"] if leaflets_available() else []),
        "search",
        "write",
    ]
    counts = [m.group(2) for m in stages if m]
    assert counts[1] == " (2)"  # two files parsed
    assert counts[3] == " (1)"  # the one page rendered
    written = [f for f in (site.parent / "out").rglob("*") if f.is_file()]
    assert counts[-1] == f" ({len(written) - 1})"  # every file of the site but the marker
    assert summary_of(result.stdout)["warnings"] == "no warnings"


def test_verbose_counts_the_leaflets_made(tmp_path: Path) -> None:
    if not leaflets_available():
        pytest.skip("WeasyPrint is not installed")
    advice = "---\ntitle: Staying safe\n---\nCall 999 in an emergency.\n"
    site = write_site(
        tmp_path / "site",
        {**HOME, "content/advice/safe.md": advice, "content/advice/night.md": advice},
        ONE_LANGUAGE + "leaflets: true\nsearch: false\n",
    )
    result = sitegen("-v", *build_args(site))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^leaflets: \d+\.\d\d s \(2\)$", result.stderr, re.M), result.stderr
    (site / "content" / "index.md").write_text("---\ntitle: Home\n---\nHello again.\n")
    again = sitegen("-v", *build_args(site))  # both leaflets come from the cache: none to make
    assert re.search(r"^leaflets: \d+\.\d\d s$", again.stderr, re.M), again.stderr


def test_quiet_and_verbose_together_is_a_usage_error(tmp_path: Path) -> None:
    result = sitegen("build", "-q", "-v")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"{PYTHON} -m sitegen build: error: "
        "argument -v/--verbose: not allowed with argument -q/--quiet"
    )


# -- strict -----------------------------------------------------------------------------------

STRICT_FAILED = (
    "Build failed: 1 warning, "
    "which strict mode (--strict, or strict: true in site.yaml) makes errors."
)


def test_strict_fails_on_a_warning_and_writes_nothing(one_warning: Path) -> None:
    result = sitegen(*build_args(one_warning, "--strict"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"{warning_about(ODD, 'fr')}\n{STRICT_FAILED}\n"
    assert not (one_warning.parent / "out").exists()


def test_strict_in_site_yaml_fails_and_keeps_the_previous_output(one_warning: Path) -> None:
    out = one_warning.parent / "out"
    assert sitegen(*build_args(one_warning)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (one_warning / "site.yaml").write_text(ONE_LANGUAGE + "strict: true\n", encoding="utf-8")
    result = sitegen(*build_args(one_warning))
    assert result.returncode == 1
    assert result.stderr == (
        f"{warning_about(ODD, 'fr')}\n{STRICT_FAILED} The previous output in {out} is untouched.\n"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_strict_without_warnings_builds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME, ONE_LANGUAGE + "strict: true\n")
    result = sitegen(*build_args(site, "--strict"))
    assert result.returncode == 0 and result.stderr == ""


def test_strict_is_a_yes_or_no(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME, ONE_LANGUAGE + "strict: sometimes\n")
    result = sitegen(*build_args(site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("site.yaml:6: error: ")


def test_check_strict_fails_on_warnings(one_warning: Path) -> None:
    assert sitegen("check", "--site", str(one_warning), "--now", NOW).returncode == 0
    strict = sitegen("check", "--site", str(one_warning), "--now", NOW, "--strict")
    assert strict.returncode == 1
    assert strict.stdout == f"{warning_about(ODD, 'fr')}\n0 errors, 1 warning.\n"
    quiet = sitegen("check", "-q", "--site", str(one_warning), "--now", NOW)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    quiet_strict = sitegen("-q", "check", "--strict", "--site", str(one_warning), "--now", NOW)
    assert (quiet_strict.returncode, quiet_strict.stdout) == (1, f"{warning_about(ODD, 'fr')}\n")


# -- exit statuses and the program's name -----------------------------------------------------


def test_usage_errors_exit_2_naming_the_program_as_run(tmp_path: Path) -> None:
    as_module = sitegen("build", "--bogus")
    assert as_module.returncode == 2
    assert as_module.stderr.splitlines()[-1] == (
        f"{PYTHON} -m sitegen: error: unrecognized arguments: --bogus"
    )
    script = subprocess.run(
        [sys.executable, "build.py", "nonsense"],
        cwd=REPO,
        env=env_for_user(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert script.returncode == 2
    assert script.stderr.startswith(f"usage: {PYTHON} build.py ")
    assert (
        f"{PYTHON} build.py: error: argument COMMAND: invalid choice: 'nonsense'" in script.stderr
    )


def test_an_internal_error_exits_3_and_asks_for_a_report(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", HOME)
    # A bug planted in the pipeline of a real process, run as `sitegen` is.
    program = (
        "import sys, sitegen.build\n"
        "def broken(*args, **kwargs): raise KeyError('oops')\n"
        "sitegen.build.build_site = broken\n"
        "sys.argv[0] = '/usr/local/bin/sitegen'\n"
        "from sitegen.cli import run\n"
        "run()\n"
    )
    args = [
        sys.executable,
        "-c",
        program,
        "build",
        "--site",
        str(site),
        "--out",
        str(tmp_path / "o"),
    ]
    result = subprocess.run(args, env=env_for_user(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert result.stderr == (
        "sitegen: internal error: KeyError: 'oops'\n"
        "This is a bug in sitegen, not in your site: please report it, with what "
        "`sitegen --debug build` shows.\n"
    )
    debug = subprocess.run(
        [*args[:3], "--debug", *args[3:]],
        env=env_for_user(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert debug.returncode == 3
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.endswith("please report it, with the traceback above.\n")


def test_help_documents_the_exit_statuses() -> None:
    for args in (["--help"], ["build", "--help"], ["check", "--help"]):
        result = sitegen(*args)
        assert result.returncode == 0
        assert result.stdout.endswith(
            "exit status:\n"
            "  0  done (built, checked, nothing to do)\n"
            "  1  the site has errors (or warnings, with --strict); nothing was written\n"
            "  2  usage error: an unknown command or option, or a bad value\n"
            "  3  internal error: a bug in sitegen, please report it\n"
        )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for status in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert status in readme


def test_version_names_sitegen_python_and_the_libraries() -> None:
    result = sitegen("--version")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == (
        f"sitegen {__version__} (Python {platform.python_version()}, "
        f"Python-Markdown {markdown.__version__}, Jinja {jinja2.__version__}, "
        f"Babel {babel.__version__})\n"
    )


def test_strict_fails_a_build_that_is_up_to_date_with_warnings(
    one_warning: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # In this process, to trust the stamps of files written just now (see test_uptodate.py).
    monkeypatch.setattr(cache_module, "SETTLED_NS", 0)
    args = build_args(one_warning)
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("Up to date: ")
    assert main([*args, "--strict"]) == 1
    captured = capsys.readouterr()
    out = one_warning.parent / "out"
    assert captured.out == ""
    assert captured.err == (
        f"{warning_about(ODD, 'fr')}\n{STRICT_FAILED} The previous output in {out} is untouched.\n"
    )
