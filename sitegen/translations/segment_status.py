"""`translations status`, segment by segment: per page and language, how many segments are
translated, changed since they were translated, and missing, and how many words are left."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sitegen.read.config import load_config
from sitegen.translations.units import site_units


@dataclass(frozen=True)
class FileSegments:
    """One original file's segments in one language."""

    lang: str
    original: str  # relative to content/
    translated: int
    changed: int
    missing: int
    words_left: int  # words of the original in the segments changed or missing


def segment_statuses(site_dir: Path) -> list[FileSegments]:
    """Count, per language and original file, the segments in each state."""
    found = []
    for lang in load_config(site_dir).languages[1:]:
        for file in site_units(site_dir, lang).files:
            states = Counter(unit.state for unit in file.units)
            left = sum(len(u.source.split()) for u in file.units if u.state != "translated")
            found.append(
                FileSegments(
                    lang,
                    file.rel,
                    states["translated"],
                    states["changed"],
                    states["missing"],
                    left,
                )
            )
    return found


def segments_text(statuses: list[FileSegments]) -> str:
    """Return the counts as lines for people, one per language and file."""
    out = ["segments (translated / changed since / missing, words to translate):"]
    for item in statuses:
        out.append(
            f"  {item.lang} {item.original}: {item.translated} translated, {item.changed} "
            f"changed since, {item.missing} missing, {item.words_left} words to translate"
        )
    return "\n".join(out) + "\n"
