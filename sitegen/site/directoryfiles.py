"""Read the site's contact directories and their translations, through the cache."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sitegen.content.contactfiles import load_directory
from sitegen.content.contacts import Directory
from sitegen.errors import Problems
from sitegen.i18n.phones import LIBRARY as PHONES_LIBRARY
from sitegen.incremental.cache import Cache, fingerprint
from sitegen.read.config import SiteConfig
from sitegen.read.discover import CONTACTS_DIR, SourceFile
from sitegen.read.yamlread import LIBRARY as YAML_LIBRARY


def load_directories(
    sources: list[SourceFile], config: SiteConfig, problems: Problems, cache: Cache
) -> dict[str, Directory]:
    defaults = {s.name: s for s in sources if s.lang == config.default_language}
    translations: dict[str, dict[str, Path]] = defaultdict(dict)
    for source in sources:
        if source.lang == config.default_language:
            continue
        if source.name not in defaults:
            problems.error(
                source.ref,
                f"translation of a directory that does not exist: add content/{CONTACTS_DIR}/"
                f"{source.name}.yaml in the default language first",
            )
            continue
        translations[source.name][source.lang] = source.path
    directories = {}
    for name, source in sorted(defaults.items()):
        directory = _load_directory_cached(source, translations[name], config, problems, cache)
        if directory is not None:
            directories[directory.id] = directory
    return directories


# What reads a directory: another version may read its YAML or its numbers differently, and a
# cached directory must not outlive it.
DIRECTORY_LIBRARIES = f"{PHONES_LIBRARY}, {YAML_LIBRARY}"
DIRECTORY_FORMAT = "directory-3"  # change when what loading a directory returns or reports changes


def _load_directory_cached(
    source: SourceFile,
    translations: dict[str, Path],
    config: SiteConfig,
    problems: Problems,
    cache: Cache,
) -> Directory | None:
    """Load a directory and its translations, or take them from the cache if no file changed."""
    try:
        parts: list[bytes | str] = [source.rel, source.path.read_bytes()]
        for lang in sorted(translations):
            parts += [lang, translations[lang].read_bytes()]
    except OSError:
        return load_directory(source.path, translations, config.root, config.region, problems)
    key = fingerprint(
        DIRECTORY_FORMAT, DIRECTORY_LIBRARIES, config.region, str(config.root), *parts
    )
    cached = cache.get(key)
    if (
        isinstance(cached, tuple)
        and len(cached) == 2
        and (cached[0] is None or isinstance(cached[0], Directory))
        and isinstance(cached[1], tuple)
    ):
        problems.extend(cached[1])
        return cached[0]
    found = Problems()
    directory = load_directory(source.path, translations, config.root, config.region, found)
    problems.extend(found.items)
    cache.put(key, (directory, tuple(found.items)))
    return directory
