"""The real build as the dev server runs it: in its worker, warm from one build to the next."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from sitegen.read.schemas import PREVIEW_HOST
from sitegen.server.builds import BuildFunction


@dataclass(frozen=True)
class SiteBuildRecipe:
    """How to build the site; called once in the build worker to make its build function.

    `own_output` says the output folder is the server's private one: the build then need not
    list it on every build (nobody else changes files in it).
    """

    site_dir: Path
    now: dt.datetime | None
    drafts: bool
    use_cache: bool
    own_output: bool

    def __call__(self) -> BuildFunction:
        from sitegen.build import WarmState, build_site

        warm = WarmState() if self.own_output else WarmState(output=None)

        def build(out_dir: Path) -> None:
            result = build_site(
                self.site_dir,
                out_dir,
                now=self.now,
                drafts=self.drafts,
                use_cache=self.use_cache,
                host=PREVIEW_HOST,  # the server reads no host's rules: aliases as redirect pages
                warm=warm,
            )
            for problem in result.warnings:
                print(problem.format(), file=sys.stderr)
            print(result.summary(), flush=True)

        return build
