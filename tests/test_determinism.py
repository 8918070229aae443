"""The same input gives the same bytes, whatever the machine around the build is like.

Two builds of one site, each from its own folder and into its own, in processes that differ in
time zone, locale, hash seed, number of workers and working folder, must write identical files:
what lets a deploy compare builds, a cache be shared, and jobs on different machines be merged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitefixture import write_site

REPO = Path(__file__).resolve().parent.parent
PAGES = 40  # enough for the build to fork its workers

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome. Call 101 to report a crime.\n",
    **{
        f"content/advice/topic-{n:02d}.md": (
            f"---\ntitle: Advice {n}\nsummary: What to do, part {n}\n---\n"
            f"## Staying safe\n\nLock your door. See [the next](topic-{(n + 1) % PAGES:02d}.md).\n"
        )
        for n in range(PAGES)
    },
    **{
        f"content/advice/topic-{n:02d}.ur.md": (
            f"---\ntitle: مشورہ {n}\n---\n## محفوظ رہنا\n\nاپنا دروازہ بند کریں۔\n"
        )
        for n in range(0, PAGES, 3)
    },
    "content/statements/fire/index.md": (
        "---\ntitle: After the fire\ndate: 2026-11-20\n---\nOur letters.\n"
    ),
    "content/statements/fire/letters/01-police.md": "---\nfrom: Amira Khan\n---\nWe patrol.\n",
}


def build(site: Path, out: Path, cwd: Path, **env: str) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    command = [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--out", str(out)]
    result = subprocess.run(
        [*command, "--now", "2026-11-22", "--no-cache"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_builds_in_other_folders_zones_locales_seeds_and_workers_are_identical(
    tmp_path: Path,
) -> None:
    first = write_site(tmp_path / "a" / "site", FILES)
    second = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(first, second)
    build(
        first,
        tmp_path / "a" / "out",
        tmp_path / "a",
        TZ="UTC",
        LC_ALL="C.UTF-8",
        PYTHONHASHSEED="1",
        SITEGEN_WORKERS="1",
    )
    build(
        second,
        tmp_path / "elsewhere" / "public",
        second,
        TZ="Asia/Karachi",
        LC_ALL="C",
        PYTHONHASHSEED="4242",
        SITEGEN_WORKERS="3",
    )
    one, other = tree(tmp_path / "a" / "out"), tree(tmp_path / "elsewhere" / "public")
    assert len(one) > PAGES
    assert sorted(p for p in one.keys() | other.keys() if one.get(p) != other.get(p)) == []
