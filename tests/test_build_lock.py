"""Builds killed or raced (issue 24): real processes, real signals, held at chosen points.

A build is held with SITEGEN_TEST_HOLD (see `sitegen.output.faults`): it creates `held` in a
folder and waits for `go`, so a test kills or races it at that point without timing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from sitegen.output.faults import HOLD_VARIABLE
from tests.sitefixture import SITE_YAML, write_site

TEMPORARY = (".sitegen-new-", ".sitegen-old-", ".sitegen-link")  # the names of half-made files
REPO = Path(__file__).resolve().parent.parent
YAML = SITE_YAML.replace("[en, ur, pl]", "[en, ar]")
FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/index.ar.md": "---\ntitle: الرئيسية\n---\nأهلا.\n",
    "content/help.md": "---\ntitle: Getting help\n---\nCall the helpline.\n",
    "content/help.ar.md": "---\ntitle: طلب المساعدة\n---\nاتصل بخط المساعدة.\n",
    "content/safety.md": "---\ntitle: Staying safe\n---\nLock the door.\n",
}


def start(site: Path, out: Path, *options: str, hold: str = "", cache: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(cache)}
    env.pop(HOLD_VARIABLE, None)
    if hold:
        env[HOLD_VARIABLE] = hold
    command = [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--now", "2026-11-22", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(site: Path, out: Path, *options: str, cache: Path) -> subprocess.CompletedProcess:
    process = start(site, out, *options, cache=cache)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def wait_held(folder: Path, process: subprocess.Popen) -> None:
    """Wait until the build reaches its hold point; fail if it ends without reaching it."""
    while not (folder / "held").exists():
        if process.poll() is not None:
            raise AssertionError(f"the build ended without reaching its hold point: {process}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def temporary_names(out: Path) -> list[str]:
    inside = [p.name for p in out.rglob("*") if p.name.startswith(TEMPORARY)]
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.sitegen-")]
    return sorted(inside + [n for n in beside if n != f".{out.name}.sitegen-lock"])


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean-out"
    done = run(site, out, "--no-cache", cache=tmp / "clean-cache")
    assert done.returncode == 0, done.stderr
    return tree(out)


def test_a_second_build_waits_for_the_first_or_stops_with_no_wait(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    out, cache, held = tmp_path / "out", tmp_path / "cache", tmp_path / "hold"
    held.mkdir()
    first = start(site, out, hold=f"locked={held}", cache=cache)
    wait_held(held, first)
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(".out.sitegen-tmp-")]
    assert len(staging) == 1  # the first build's live staging folder

    refused = run(site, out, "--no-wait", cache=cache)
    assert refused.returncode == 1
    assert f"another build (process {first.pid}) is writing {out}; not waiting (--no-wait)" in (
        refused.stderr
    )
    assert staging[0].is_dir()  # never removed under a live build

    second = start(site, out, cache=cache)
    assert second.stderr is not None
    line = second.stderr.readline()  # blocks until the second build says it waits
    assert line == f"another build (process {first.pid}) is writing {out}; waiting\n"
    (held / "go").touch()
    _, first_errors = first.communicate(timeout=120)
    assert first.returncode == 0, first_errors
    _stdout, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr
    assert "waiting" not in stderr  # said once
    assert tree(out) == clean_build(site, tmp_path)
    assert temporary_names(out) == []


def test_a_killed_build_leaves_no_stale_lock_and_its_leftovers_are_removed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    out, cache, held = tmp_path / "out", tmp_path / "cache", tmp_path / "hold"
    held.mkdir()
    first = start(site, out, hold=f"locked={held}", cache=cache)
    wait_held(held, first)
    first.send_signal(signal.SIGKILL)
    first.communicate()
    assert any(p.name.startswith(".out.sitegen-tmp-") for p in tmp_path.iterdir())

    done = run(site, out, "--no-wait", cache=cache)  # the kernel released the dead build's lock
    assert done.returncode == 0, done.stderr
    assert temporary_names(out) == []
    assert tree(out) == clean_build(site, tmp_path)


def test_a_build_killed_between_in_place_renames_is_finished_by_the_next(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    out, cache, held = tmp_path / "out", tmp_path / "cache", tmp_path / "hold"
    held.mkdir()
    assert run(site, out, cache=cache).returncode == 0
    (site / "content/help.md").write_text("---\ntitle: Getting help\n---\nCall us today.\n")
    (site / "content/safety.md").write_text("---\ntitle: Staying safe\n---\nLock up.\n")
    killed = start(site, out, hold=f"rename-1={held}", cache=cache)
    wait_held(held, killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    assert [p.name for p in out.rglob("*") if p.name.startswith(TEMPORARY)] == []

    done = run(site, out, cache=cache)
    assert done.returncode == 0, done.stderr
    assert tree(out) == clean_build(site, tmp_path)
    assert temporary_names(out) == []


def test_a_cache_that_cannot_be_written_is_warned_about_once(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be\n")
    done = run(site, tmp_path / "out", cache=blocked / "cache")
    assert done.returncode == 0, done.stderr
    warnings = [
        line for line in done.stderr.splitlines() if "cache folder cannot be written" in line
    ]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "warning: the cache folder cannot be written (Not a directory): every build is a full "
        "one; make it writable, or build with --no-cache"
    )


def test_a_build_killed_inside_the_swap_leaves_the_previous_site_to_the_next(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    out, cache, held = tmp_path / "out", tmp_path / "cache", tmp_path / "hold"
    held.mkdir()
    assert run(site, out, cache=cache).returncode == 0
    before = tree(out)
    for n in range(40):  # more new pages than an in-place update takes: a new folder swapped in
        (site / f"content/notice-{n}.md").write_text(f"---\ntitle: Notice {n}\n---\nText.\n")
    killed = start(site, out, hold=f"swap={held}", cache=cache)
    wait_held(held, killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    assert not out.exists()  # killed between the swap's two renames

    (site / "content/help.md").write_text("---\ntitle: [unclosed\n---\nBroken.\n")  # an error
    failed = run(site, out, cache=cache)
    assert failed.returncode == 1
    assert tree(out) == before  # the set-aside output was put back, then left alone
    assert temporary_names(out) == []
