"""The theme: where a site's templates and catalogs come from, the site's own first.

Kept apart from rendering so that what reads no template (the up-to-date check of a command
line build) can know the theme's folders without importing Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    """Where templates and catalogs come from: the site's own first, then the default theme."""

    template_dirs: tuple[tuple[Path, str], ...]  # (folder, how to name it in messages)
    catalog_dirs: tuple[tuple[Path, str], ...]  # lowest priority first
    bytecode_dir: Path | None = None  # where compiled templates are kept between builds
    # what seals them (`incremental.sealing`)
    bytecode_key: bytes = field(default=b"", repr=False, compare=False)


# Where an installed sitegen keeps the default theme (see `[tool.setuptools]` in pyproject.toml).
PACKAGED_THEME = "_theme"


def default_theme_dir() -> Path:
    """Return the folder holding the default theme's `templates/` and `translations/`.

    An installed sitegen has them inside the package (`sitegen/_theme/`, mapped there when the
    wheel is built); run from a checkout, or installed editable, they are the checkout's own
    folders beside the package. Either way the folder is a real one on disk: the theme is read
    as files (Jinja's loader, Babel's catalogs, the up-to-date check's stamps), and a wheel is
    installed unpacked.
    """
    package = resources.files("sitegen")
    packaged = package / PACKAGED_THEME
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(str(package)).resolve().parent


def theme_for(site_dir: Path, theme_root: Path | None = None) -> Theme:
    """Stack the site's templates and catalogs over the default theme's."""
    theme_root = theme_root or default_theme_dir()
    template_dirs = [(site_dir / "templates", "templates")]
    if (theme_root / "templates").resolve() != (site_dir / "templates").resolve():
        template_dirs.append((theme_root / "templates", "theme/templates"))
    catalog_dirs = [(theme_root / "translations", "theme/translations")]
    if (theme_root / "translations").resolve() != (site_dir / "translations").resolve():
        catalog_dirs.append((site_dir / "translations", "translations"))
    else:
        catalog_dirs = [(site_dir / "translations", "translations")]
    return Theme(tuple(d for d in template_dirs if d[0].is_dir()), tuple(catalog_dirs))
