"""`sitegen new DIR`: a new site that builds at once, with no warnings, and its CI recipes."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__
from sitegen.errors import SiteError, SourceRef
from sitegen.i18n.languages import (
    is_known_language,
    language_view,
    region_name,
    region_time_zones,
)
from sitegen.scaffold import ci, sitetexts
from sitegen.scaffold.regions import cited_services
from sitegen.site.lock import accept_contacts

TO_FILL = "emergency-numbers-to-fill.yaml"


@dataclass(frozen=True)
class NewSiteRequest:
    """What `sitegen new DIR` was asked for."""

    folder: Path
    name: str
    languages: tuple[str, ...]  # the first is the one pages are written in
    region: str


@dataclass(frozen=True)
class NewSite:
    """What was made: the folder, the files written (relative, sorted), and facts to tell."""

    folder: Path
    files: tuple[str, ...]
    languages: tuple[str, ...]  # "English (en)", "اردو (ur)", ...
    region: str  # "United Kingdom (GB)"
    timezone: str
    has_contacts: bool
    started: tuple[str, ...] = ()  # translations begun (marked as started), relative paths


def parse_languages(text: str) -> tuple[str, ...]:
    """Split "en,ur,ar" into codes, each checked against CLDR, without repeats."""
    codes = tuple(dict.fromkeys(code.strip() for code in text.split(",") if code.strip()))
    unknown = [code for code in codes if not is_known_language(code)]
    if not codes or unknown:
        raise SiteError.at(
            SourceRef("--languages"),
            f"{', '.join(unknown) or 'nothing'}: give language codes CLDR knows, "
            "separated by commas, e.g. en,ur,ar",
        )
    return codes


def new_site(
    request: NewSiteRequest,
    now: dt.datetime | None = None,
    *,
    start_translation: Callable[[Path, Path, str], Path] | None = None,
) -> NewSite:
    """Write a new site into an empty (or new) folder; refuse a folder with anything in it.

    With `start_translation` (`translations new`), the home page gets a translation begun in
    every other language: marked as started, so readers see the original until it is done.
    """
    folder = request.folder
    _check_empty(folder)
    zones = region_time_zones(request.region)
    if not zones:
        raise SiteError.at(
            SourceRef("--region"),
            f"{request.region!r} is not a region CLDR knows: give a two-letter country code "
            "such as GB or PK",
        )
    region = request.region.upper()
    timezone = zones[0]
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zoneinfo.ZoneInfo(timezone)).date()
    files = _site_files(request, region, timezone, today)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "content" / "alerts").mkdir(parents=True, exist_ok=True)
    accept_contacts(folder, now=now)
    started = []
    if start_translation is not None:
        for code in request.languages[1:]:
            made = start_translation(folder, Path("index.md"), code)
            started.append(made.relative_to(folder).as_posix())
    views = [language_view(code) for code in request.languages]
    return NewSite(
        folder=folder,
        files=tuple(sorted([*files, *started, "contacts.lock"])),
        started=tuple(started),
        languages=tuple(f"{view.name} ({view.code})" for view in views),
        region=f"{region_name(region) or region} ({region})",
        timezone=timezone,
        has_contacts=bool(cited_services(region)),
    )


def _check_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise SiteError.at(SourceRef(str(folder)), "this is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise SiteError.at(
            SourceRef(str(folder)),
            "this folder is not empty: give a new folder's name (nothing is written into a "
            "folder that already holds files)",
        )


def _site_files(
    request: NewSiteRequest, region: str, timezone: str, today: dt.date
) -> dict[str, str]:
    names = tuple(language_view(code).english_name for code in request.languages)
    services = cited_services(region)
    files = {
        "site.yaml": sitetexts.site_yaml(request.name, request.languages, names, region, timezone),
        ".gitignore": sitetexts.GITIGNORE,
        "content/index.md": sitetexts.home_page(request.name, today, bool(services)),
        "content/advice/index.md": sitetexts.advice_index(),
        "content/advice/staying-safe.md": sitetexts.advice_page(today),
        "content/statements/index.md": sitetexts.statements_index(),
        ci.GITHUB_PATH: ci.github_workflow(__version__),
        ci.GITLAB_PATH: ci.gitlab_ci(__version__),
    }
    if services:
        files["content/contacts/emergency.yaml"] = sitetexts.emergency_directory(region, services)
    else:
        files[TO_FILL] = sitetexts.directory_to_fill(region)
    return files


def next_steps(site: NewSite, prog: str) -> str:
    """Return what to tell the group once the site is made."""
    lines = [
        f"Made a new site in {site.folder}/",
        f"  languages: {', '.join(site.languages)}",
        f"  region: {site.region}, time zone {site.timezone}",
    ]
    if site.started:
        lines.append(
            f"  translations begun (readers see the original until they are done): "
            f"{', '.join(site.started)}; translate one, then `{prog} translations done FILE`"
        )
    elif len(site.languages) > 1:
        lines.append(
            "  translations: none yet; when a page is written, start one with "
            f"`{prog} translations new content/index.md --lang CODE`"
        )
    if not site.has_contacts:
        lines.append(
            f"  who to call: sitegen cannot cite numbers for this region; fill in {TO_FILL} "
            "and move it to content/contacts/emergency.yaml"
        )
    lines += [
        "Next:",
        f"  cd {site.folder}",
        f"  {prog} serve                 # preview at http://127.0.0.1:8000/",
        "  write your pages in content/ (start with content/index.md)",
        f"  {prog} new statement statements/NAME   # or advice, alert, letter, page, directory",
        "  publishing: set host: in site.yaml, and SITEGEN_SOURCE for the CI recipes",
        "  (.github/workflows/publish.yml, .gitlab-ci.yml); sitegen's docs/publishing.md says how",
    ]
    return "\n".join(lines)
