"""Before a command-line build: is the output folder still what the last build made?

Like make's "nothing to be done", a build that finds everything as the last successful build
found it says so, repeats that build's warnings and stops, before loading the pipeline (for a
5,000-page site a fifth of a second, where the pipeline with nothing to do takes a second).
The answer is yes only when all of these are as the record that build left in the cache:

- the settings: the site, output and theme folders, `--drafts`, sitegen's version, Python's;
- every input file, with the same stamp (type, size, mtime, ctime, inode), none added or gone:
  the site's `site.yaml`, `contacts.lock`, `content/`, `templates/`, `translations/` and
  `static/`, the theme's templates and catalogs, sitegen's own code and the libraries it uses;
- the build's clock, inside the span in which no alert starts or ends (the only thing a build
  makes that depends on when it runs: see `render.alerts.live_span`);
- the output folder: each file with the stamp the build left it with, none added or gone.

The inputs are stamped before the build reads any of them, so a file changed while it ran is
seen as changed next time, and no record is left while any input is too fresh for its stamp to
vouch for it (`cache.is_settled`). Any other answer is a build as usual, itself incremental.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import pickle
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sitegen
from sitegen import __version__
from sitegen.errors import Problem
from sitegen.incremental.cache import default_cache_dir, is_settled
from sitegen.incremental.cachefiles import read_record, write_private
from sitegen.incremental.sealing import Damaged, cache_key, discard_damaged, read_key, seal, unseal
from sitegen.output.files import OldFile, list_output
from sitegen.read.discover import WATCHED_NAMES
from sitegen.render.theme import default_theme_dir

RECORD_NAME = "up-to-date"
RECORD_FORMAT = "up-to-date-1"
# What a build may read besides the site's own files: an upgrade of any of them may change it.
LIBRARIES = (
    "babel",
    "jinja2",
    "markdown",
    "markupsafe",
    "nh3",
    "pagefind",
    "pagefind_bin",
    "phonenumbers",
    "segno",
    "weasyprint",
    "yaml",
)
THEME_NAMES = ("templates", "translations")

# A file's identity on disk: (mode, size, mtime_ns, ctime_ns, inode); None when it is absent or
# cannot be looked at (its appearing is a change too).
Stamp = tuple[int, int, int, int, int] | None
# The span of clock times a build's output holds for (None: no end on that side).
Span = tuple[dt.datetime | None, dt.datetime | None]


@dataclass(frozen=True)
class Record:
    """What a successful build leaves for the next one to compare with."""

    settings: str
    inputs: dict[str, Stamp]
    span: Span
    outputs: dict[str, Stamp]
    warnings: tuple[Problem, ...]
    summary: str  # what the build said it made ("5210 pages in 5 languages (...)")


@dataclass(frozen=True)
class Check:
    """The state of things before a build, and the last build's record if it still holds."""

    cache_dir: Path
    settings: str
    inputs: dict[str, Stamp]
    taken_ns: int  # when the inputs were stamped
    holding: Record | None  # the last build's record, when nothing has changed since it

    def record(
        self, span: Span, outputs: dict[str, Stamp], warnings: tuple[Problem, ...], summary: str
    ) -> None:
        """Keep what the build that followed this check made, for the next check.

        Not when an input was changed just before it was stamped: a change in the same tick
        of the file system's clock would keep its stamp (see `cache.SETTLED_NS`).
        """
        if all(
            stamp is None or is_settled(stamp[2], stamp[3], self.taken_ns)
            for stamp in self.inputs.values()
        ):
            utc = _in_utc(span)  # the same instants, read back without importing zoneinfo
            found = Record(self.settings, self.inputs, utc, outputs, warnings, summary)
            save_record(self.cache_dir, found)


def check_before_build(
    site_dir: Path,
    out_dir: Path,
    clock: dt.datetime,
    *,
    drafts: bool = False,
    theme_root: Path | None = None,
    host: str = "",
) -> Check:
    """Stamp every input and say whether the last build's record still holds."""
    site_dir, out_dir = site_dir.resolve(), out_dir.resolve()
    theme_root = (theme_root or default_theme_dir()).resolve()
    folders = (str(site_dir), str(out_dir), str(theme_root))
    settings = repr((RECORD_FORMAT, __version__, sys.version, *folders, drafts, host))
    taken_ns = time.time_ns()
    inputs = stamp_inputs(site_dir, theme_root)
    cache_dir = default_cache_dir(site_dir, out_dir)
    last = load_record(cache_dir)
    holds = (
        last is not None
        and last.settings == settings
        and last.inputs == inputs
        and within(last.span, clock)
        and last.outputs == stamp_outputs(out_dir)
    )
    return Check(cache_dir, settings, inputs, taken_ns, last if holds else None)


def _in_utc(span: Span) -> Span:
    start, end = span
    return (
        start.astimezone(dt.UTC) if start is not None else None,
        end.astimezone(dt.UTC) if end is not None else None,
    )


def within(span: Span, clock: dt.datetime) -> bool:
    """Tell whether a clock time lies in a span (from its start, up to but not at its end)."""
    start, end = span
    return (start is None or start <= clock) and (end is None or clock < end)


def stamp_inputs(site_dir: Path, theme_root: Path) -> dict[str, Stamp]:
    """Stamp every file a build may read, by path."""
    stamps: dict[str, Stamp] = {}
    for name in WATCHED_NAMES:
        stamp_tree(str(site_dir / name), stamps)
    for name in THEME_NAMES:
        stamp_tree(str(theme_root / name), stamps)
    stamp_tree(os.path.dirname(sitegen.__file__), stamps)
    for library in LIBRARIES:
        origin = _library_file(library)
        stamps[f"library {library}"] = _stamp(origin) if origin is not None else None
    return stamps


def stamp_tree(top: str, stamps: dict[str, Stamp]) -> None:
    """Stamp a file, or every file under a folder (links followed, each folder once)."""
    try:
        info = os.stat(top)
    except OSError:
        stamps[top] = None
        return
    if not stat.S_ISDIR(info.st_mode):
        stamps[top] = _stamp_of(info)
        return
    seen = {(info.st_dev, info.st_ino)}
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            stamps[folder] = None  # the build cannot read it either; listed again, it is a change
            continue
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                info = entry.stat()
            except OSError:
                stamps[entry.path] = None
                continue
            if not stat.S_ISDIR(info.st_mode):
                stamps[entry.path] = _stamp_of(info)
            elif (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                pending.append(entry.path)


def stamp_outputs(out_dir: Path) -> dict[str, Stamp]:
    """Stamp every file of the output folder (nothing when it is not a folder sitegen made)."""
    return stamp_listing(list_output(out_dir))


def stamp_listing(listing: dict[str, OldFile]) -> dict[str, Stamp]:
    """Stamp the files of an output folder as `write.list_output` lists them."""
    return {path: _stamp_of(old.info) for path, old in listing.items()}


def _library_file(name: str) -> str | None:
    """Return the file a library is imported from, without importing it (None: not installed)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def _stamp(path: str) -> Stamp:
    try:
        return _stamp_of(os.stat(path))
    except OSError:
        return None


def _stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def load_record(cache_dir: Path) -> Record | None:
    """Return the last build's record (None when there is none, or it cannot be read)."""
    key = read_key(cache_dir)
    data = read_record(cache_dir / RECORD_NAME) if key is not None else None
    if key is None or data is None:
        return None
    try:
        found = pickle.loads(unsealed) if (unsealed := unseal(key, data[0])) else None
    except Damaged:  # the build that follows reports it
        discard_damaged(cache_dir, cache_dir / RECORD_NAME)
        return None
    except Exception:  # corrupt, or from another version: no record
        return None
    return found if isinstance(found, Record) else None


def save_record(cache_dir: Path, record: Record) -> None:
    """Keep the record for the next build (a record that cannot be written only costs time)."""
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    write_private(cache_dir / RECORD_NAME, *seal(cache_key(cache_dir), data))
