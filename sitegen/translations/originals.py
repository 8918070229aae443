"""The original words each translated segment was translated from, kept by their hash.

`translations import` records here the original of every segment it writes
(`translations/originals.json`, one entry per hash), so that when the original changes, the
next export can show the translator the previous words beside the new ones (`#| msgid`). It is
a help, not a source of truth: without it, a changed segment is still marked fuzzy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sitegen.content.segmentrecord import segment_hash
from sitegen.translations.edits import write_atomically

ORIGINALS = "translations/originals.json"


def read_originals(site_dir: Path) -> dict[str, str]:
    """Return hash -> original words ({} when there is no readable store)."""
    try:
        data = json.loads((site_dir / ORIGINALS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


def remember_originals(site_dir: Path, texts: Iterable[str]) -> None:
    """Add original words to the store (sorted, so the same words give the same bytes)."""
    known = read_originals(site_dir)
    added = {segment_hash(text): text for text in texts}
    if all(known.get(key) == value for key, value in added.items()):
        return
    merged = dict(sorted((known | added).items()))
    data = json.dumps(merged, ensure_ascii=False, indent=1) + "\n"
    write_atomically(site_dir / ORIGINALS, data.encode("utf-8"))
