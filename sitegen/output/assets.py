"""The files a build copies as they are: content/'s non-page files and static/."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import SourceRef
from sitegen.output.files import OutputFile
from sitegen.read.discover import STATIC_DIR, SourceFile, discover_static


def content_assets(sources: list[SourceFile]) -> list[OutputFile]:
    """Copy non-page files under content/ (images, PDFs) to the same path in the output."""
    return [
        OutputFile(source.rel, source.path.read_bytes(), source.ref)
        for source in sources
        if source.role == "asset"
    ]


def static_files(site_dir: Path) -> list[OutputFile]:
    """Read `static/`: files copied as they are to the output root."""
    static = site_dir / STATIC_DIR
    return [
        OutputFile(rel, (static / rel).read_bytes(), SourceRef(f"{STATIC_DIR}/{rel}"))
        for rel in discover_static(site_dir)
    ]


def merge_static(files: list[OutputFile], static: list[OutputFile]) -> list[OutputFile]:
    """Let `static/` override the theme's assets of the same path; other clashes are errors."""
    static_paths = {f.path for f in static}

    def overridden(file: OutputFile) -> bool:
        from_theme = file.source is not None and file.source.path.startswith("theme/")
        return from_theme and file.path in static_paths

    return [f for f in files if not overridden(f)] + static
