"""Read `site.yaml` into a typed, validated `SiteConfig`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.languages import is_known_language
from sitegen.read.schemas import SITE_SCHEMA
from sitegen.read.validate import Record, validate
from sitegen.read.yamlread import YMap, load_yaml
from sitegen.textfile import read_text

CONFIG_NAME = "site.yaml"
DEFAULT_QUICK_EXIT = "https://www.bbc.co.uk/weather"


@dataclass(frozen=True)
class SiteConfig:
    """The site's settings, checked; languages listed with the default first."""

    root: Path
    titles: dict[str, str]  # language -> title ("" key: the one title for every language)
    base_url: str  # always ends with "/"
    default_language: str
    languages: tuple[str, ...]
    region: str
    quick_exit_url: str
    raw_html: bool
    leaflets: bool
    search: bool
    remote_media: str
    descriptions: dict[str, str]
    organisation: Record | None

    def title_for(self, lang: str) -> str:
        """Return the site title in a language, falling back to the default language."""
        return (
            self.titles.get(lang)
            or self.titles.get(self.default_language)
            or self.titles.get("")
            or next(iter(self.titles.values()), "")
        )

    def description_for(self, lang: str) -> str:
        """Return the site description in a language, falling back to the default language."""
        return (
            self.descriptions.get(lang)
            or self.descriptions.get(self.default_language)
            or self.descriptions.get("", "")
        )

    @property
    def base_path(self) -> str:
        """The path part of the base URL, e.g. "/" or "/our-group/"."""
        return urlsplit(self.base_url).path or "/"


def load_config(site_dir: Path) -> SiteConfig:
    """Read and check `site.yaml`, reporting every problem at once."""
    path = site_dir / CONFIG_NAME
    if not site_dir.is_dir():
        raise SiteError.at(
            SourceRef(CONFIG_NAME),
            f"there is no folder {site_dir}: give the site folder, the one holding "
            f"{CONFIG_NAME} (--site DIR)",
        )
    if not path.is_file():
        raise SiteError.at(
            SourceRef(CONFIG_NAME),
            f"no {CONFIG_NAME} in {site_dir.resolve()}: is this the site folder? (use --site DIR)",
        )
    node = load_yaml(read_text(path, CONFIG_NAME), CONFIG_NAME)
    if not isinstance(node, YMap):
        raise SiteError.at(SourceRef(CONFIG_NAME, 1), "site.yaml must be a mapping of settings")
    problems = Problems()
    record = validate(node, SITE_SCHEMA, CONFIG_NAME, problems, line=node.line)
    problems.raise_if_errors()
    config = _config_from_record(site_dir, record, problems)
    problems.raise_if_errors()
    return config


def _config_from_record(site_dir: Path, record: Record, problems: Problems) -> SiteConfig:
    def ref(key: str) -> SourceRef:
        return SourceRef(CONFIG_NAME, record.lines.get(key, record.line))

    default = str(record.get("default_language"))
    languages = [str(code) for code in record.get("languages", ())]
    if default not in languages:
        problems.error(
            ref("languages"),
            f"the default language {default!r} must be listed in languages",
        )
    duplicates = sorted({code for code in languages if languages.count(code) > 1})
    for code in duplicates:
        problems.error(ref("languages"), f"language {code!r} is listed twice")
    for code in languages:
        if not is_known_language(code):
            problems.error(ref("languages"), f"unknown language code {code!r}")
    ordered = (default, *[code for code in languages if code != default])
    region = str(record.get("region", "")).upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        problems.error(ref("region"), f"unknown region {region!r}: use a code such as GB")
    base_url = _check_url(str(record.get("base_url", "")), ref("base_url"), problems)
    quick_exit = str(record.get("quick_exit_url", DEFAULT_QUICK_EXIT))
    _check_url(quick_exit, ref("quick_exit_url"), problems)
    return SiteConfig(
        root=site_dir,
        titles=_language_map(record.get("title")),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        default_language=default,
        languages=tuple(dict.fromkeys(ordered)),
        region=region,
        quick_exit_url=quick_exit,
        raw_html=bool(record.get("raw_html", True)),
        leaflets=bool(record.get("leaflets", True)),
        search=bool(record.get("search", True)),
        remote_media=str(record.get("remote_media", "drop")),
        descriptions=_language_map(record.get("description")),
        organisation=record.get("organisation"),
    )


def _language_map(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"": str(value)}


def _check_url(url: str, ref: SourceRef, problems: Problems) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        problems.error(ref, f"{url!r} is not a web address: write it like https://example.org/")
    return url
