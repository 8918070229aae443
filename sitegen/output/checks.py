"""Checks made before anything is written: a safe output folder, and safe, distinct paths.

sitegen replaces the whole output folder, so it refuses one that holds anything it did not make
(the site, your home folder). Output paths come from the site's files, so it refuses one that
could lead outside the output folder, and two that would name one file once normalised and
case-folded (as on Windows and macOS).
"""

from __future__ import annotations

import bisect
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import Problem, SiteError, SourceRef
from sitegen.output.files import MARKER_NAME, OutputFile, is_marked, nfc

_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# ASCII segments of letters, digits, '.', '_' and '-', none starting with a dot: a path that
# passes every check of `_path_problem` (most do; the others are checked one rule at a time).
_PLAINLY_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly
_ADVICE = "choose a new or empty folder such as `public` inside the site folder"


# ---------------------------------------------------------------------------------------------
# The output folder


def check_output_dir(out_dir: Path, site_dir: Path, origin: SourceRef | None = None) -> None:
    """Refuse an output folder that sitegen must not replace; `origin` is where it was set."""
    ref = origin or SourceRef(display_dir(out_dir, site_dir))
    problem = _output_dir_problem(out_dir, site_dir)
    if problem is not None:
        raise SiteError.at(ref, problem)


def _output_dir_problem(out_dir: Path, site_dir: Path) -> str | None:
    if out_dir.is_symlink():
        return (
            "the output folder is a symbolic link; sitegen replaces the output folder on every "
            "build, so give the real folder instead of the link"
        )
    out, site, home = out_dir.resolve(), site_dir.resolve(), Path.home().resolve()
    if out == Path(out.anchor):
        return f"the output folder is the filesystem root; {_ADVICE}"
    if out == home:
        return f"the output folder is your home folder; {_ADVICE}"
    if out == site:
        return f"the output folder is the site folder itself; {_ADVICE}"
    if site.is_relative_to(out):
        return (
            "the output folder contains the site folder, and sitegen replaces the output folder "
            f"on every build; {_ADVICE}"
        )
    if home.is_relative_to(out):
        return f"the output folder contains your home folder; {_ADVICE}"
    if out.exists() and not out.is_dir():
        return "the output folder is a file, not a folder; choose another name or delete the file"
    if out.is_dir() and not is_marked(out) and any(out.iterdir()):
        return (
            f"the output folder already exists, is not empty and was not made by sitegen "
            f"(it has no {MARKER_NAME} file); choose an empty folder or delete it yourself"
        )
    return None


def display_dir(out_dir: Path, site_dir: Path) -> str:
    out, site = out_dir.resolve(), site_dir.resolve()
    if out != site and out.is_relative_to(site):
        return out.relative_to(site).as_posix()
    return out.as_posix()


# ---------------------------------------------------------------------------------------------
# Output paths


def check_output_paths(files: Iterable[OutputFile]) -> None:
    """Refuse paths that could escape the output folder and paths two files would share."""
    problems: list[Problem] = []
    safe: list[OutputFile] = []
    for file in files:
        reason = _path_problem(file.path)
        if reason is None:
            safe.append(file)
        else:
            problems.append(Problem(file_ref(file), f"output path {show(file.path)} {reason}"))
    problems.extend(_collisions(safe))
    if problems:
        raise SiteError(problems)


def _path_problem(path: str) -> str | None:
    """Return why `path` is not a safe relative output path, or None if it is."""
    if isinstance(path, str) and _PLAINLY_SAFE.fullmatch(path):
        return None
    if not isinstance(path, str) or path == "":
        return "is empty"
    if "\x00" in path:
        return "contains a NUL character"
    if "\\" in path:
        return "contains a backslash; output paths use / between folders"
    if path.startswith("/"):
        return "is absolute; output paths are relative to the output folder"
    if _DRIVE_LETTER.match(path):
        return "starts with a Windows drive letter; output paths are relative to the output folder"
    if _CONTROL.search(path):
        return "contains a control character"
    segments = path.split("/")
    if "" in segments:
        return "has an empty segment (`//` or a trailing `/`)"
    if any(segment in (".", "..") for segment in segments):
        return "contains a `.` or `..` segment, which could lead outside the output folder"
    if "%" in path and any(_encodes_traversal(segment) for segment in segments):
        return "contains a percent-encoded `.`, `..`, `/` or `\\`, which could lead outside"
    if _fold(path) == _fold(MARKER_NAME):
        return "is reserved for sitegen's marker file"
    return None


def _encodes_traversal(segment: str) -> bool:
    """Tell whether a segment percent-decodes (repeatedly) into a separator or a dot segment."""
    decoded = segment
    for _ in range(5):
        once = urllib.parse.unquote(decoded)
        if once == decoded:
            break
        decoded = once
    if decoded == segment:
        return False
    return decoded in (".", "..") or any(char in decoded for char in "/\\\x00")


def _collisions(files: list[OutputFile]) -> list[Problem]:
    """Report files whose paths name one file once NFC-normalised and case-folded."""
    folded = [(_fold(f.path), f) for f in files]
    folded.sort(key=lambda pair: (pair[0], file_ref(pair[1])))
    claimed: dict[str, OutputFile] = {}
    problems: list[Problem] = []
    for fold, file in folded:
        first = claimed.setdefault(fold, file)
        if first is not file:
            problems.append(Problem(file_ref(first), _collision_message(first, file)))
    folds = [fold for fold, _ in folded]  # sorted
    if not any(_has_paths_below(folds, fold) for fold in claimed):
        return problems  # no file stands where a folder is needed
    for fold, file in folded:
        end = fold.find("/")
        while end != -1:
            folder = claimed.get(fold[:end])
            end = fold.find("/", end + 1)
            if folder is not None:
                problems.append(
                    Problem(
                        file_ref(folder),
                        f"{_name(folder)} writes the file {show(folder.path)} but "
                        f"{_name(file)} needs a folder of that name for {show(file.path)}",
                    )
                )
    return problems


def _has_paths_below(folds: list[str], fold: str) -> bool:
    """Tell whether a sorted list holds a path inside the folder `fold`."""
    below = fold + "/"
    at = bisect.bisect_left(folds, below)
    return at < len(folds) and folds[at].startswith(below)


def _collision_message(first: OutputFile, second: OutputFile) -> str:
    message = f"{_name(first)} and {_name(second)} would both write {show(nfc(first.path))}"
    if nfc(first.path) != nfc(second.path):
        message += f" (also spelled {show(nfc(second.path))}; the same file on Windows and macOS)"
    return message


def _fold(path: str) -> str:
    if path.isascii():
        return path.lower()  # the same as below, for ASCII
    return nfc(nfc(path).casefold())


def file_ref(file: OutputFile) -> SourceRef:
    return file.source or SourceRef(show(file.path))


def _name(file: OutputFile) -> str:
    return str(file.source) if file.source else f"a generated file ({show(file.path)})"


def show(path: str) -> str:
    """Return `path` with unprintable characters escaped so a message stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))
