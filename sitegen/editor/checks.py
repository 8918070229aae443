"""The site's checks after a save, run in a spawned process of their own.

`check_site` may fork workers, and forking the dev server's threaded process is unsafe (see
`sitegen.server.builder`), so the checks run in a fresh interpreter and send back the problems.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sitegen.build import check_site
from sitegen.errors import Problem


def _check(site_dir: Path) -> tuple[Problem, ...]:
    return check_site(site_dir).problems


def site_problems(site_dir: Path) -> tuple[Problem, ...]:
    """Run every check of a build on the site; return every problem found."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_check, site_dir).result()
