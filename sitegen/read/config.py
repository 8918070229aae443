"""Read `site.yaml` into a typed, validated `SiteConfig`."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.languages import is_known_language
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.read.organisation import Organisation, in_language, language_map, read_organisation
from sitegen.read.schemas import SITE_SCHEMA
from sitegen.read.sitefolder import require_site_folder
from sitegen.read.validate import Record, validate
from sitegen.read.vocabulary import Vocabulary, read_vocabulary
from sitegen.read.yamlread import YMap, load_yaml
from sitegen.textfile import read_text

CONFIG_NAME = "site.yaml"
DEFAULT_QUICK_EXIT = "https://www.bbc.co.uk/weather"
DEFAULT_TIMEZONE = "Europe/London"


_PERIOD = re.compile(r"\s*([1-9][0-9]{0,2})\s+(day|week|month|year)s?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ReviewPeriod:
    """How long a review holds: `review_every: 6 months`."""

    count: int
    unit: str  # "day", "week", "month" or "year"

    def after(self, day: dt.date) -> dt.date:
        """Return the day this long after `day` (31 January + 1 month: 28 or 29 February)."""
        if self.unit in ("day", "week"):
            return day + dt.timedelta(days=self.count * (7 if self.unit == "week" else 1))
        months = day.month - 1 + self.count * (12 if self.unit == "year" else 1)
        year, month = day.year + months // 12, months % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'s' if self.count > 1 else ''}"


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
    organisation: Organisation  # who publishes the site (its defaults: the site itself)
    audiences: Vocabulary  # who pages may be for (`audience:`)
    tags: Vocabulary  # the topics pages may have (`tags:`)
    strict: bool = False  # warnings fail the build, as with --strict
    timezone: str = DEFAULT_TIMEZONE  # an IANA name, checked: what alerts' dates are in
    host: str = ""  # where the site is published (read.schemas.HOSTS); "" for none named
    emergency: Phone | None = None  # `emergency: number:`: the strip at the top of every page
    non_emergency: Phone | None = None  # `emergency: non_emergency:`, shown beside it
    emergency_ref: SourceRef | None = None  # where `emergency:` is, for the contacts check
    review_every: ReviewPeriod = ReviewPeriod(6, "month")  # `review_every: 6 months`
    accessibility: Record | None = None  # `accessibility:` (contact, reviewed)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The site's time zone (alerts' dates and times without an offset are in it)."""
        return zoneinfo.ZoneInfo(self.timezone)

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

    def publisher_name(self, lang: str) -> str:
        """Return the publishing organisation's name in a language (the site title by default)."""
        name = in_language(self.organisation.names, lang, self.default_language)
        return name or self.title_for(lang)

    def publisher_description(self, lang: str) -> str:
        """Return what the organisation is, in a language (the site description by default)."""
        text = in_language(self.organisation.descriptions, lang, self.default_language)
        return text or self.description_for(lang)

    @property
    def base_path(self) -> str:
        """The path part of the base URL, e.g. "/" or "/our-group/"."""
        return urlsplit(self.base_url).path or "/"


def load_config(site_dir: Path) -> SiteConfig:
    """Read and check `site.yaml`, reporting every problem at once."""
    if not site_dir.is_dir():
        raise SiteError.at(
            SourceRef(CONFIG_NAME),
            f"there is no folder {site_dir}: give the site folder, the one holding "
            f"{CONFIG_NAME} (--site DIR)",
        )
    require_site_folder(site_dir)
    path = site_dir / CONFIG_NAME
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
    timezone = str(record.get("timezone", DEFAULT_TIMEZONE))
    _check_timezone(timezone, ref("timezone"), problems)
    organisation = read_organisation(record.get("organisation"), region, CONFIG_NAME, problems)
    if organisation.url:
        _check_url(organisation.url, _organisation_ref(record, "url"), problems)
    emergency, non_emergency = _emergency_numbers(record.get("emergency"), region, problems)
    review_every = _review_period(str(record.get("review_every", "6 months")), ref, problems)
    return SiteConfig(
        root=site_dir,
        titles=language_map(record.get("title")),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        default_language=default,
        languages=tuple(dict.fromkeys(ordered)),
        region=region,
        quick_exit_url=quick_exit,
        raw_html=bool(record.get("raw_html", True)),
        leaflets=bool(record.get("leaflets", True)),
        search=bool(record.get("search", True)),
        remote_media=str(record.get("remote_media", "drop")),
        descriptions=language_map(record.get("description")),
        organisation=organisation,
        audiences=read_vocabulary(record.get("audiences"), "audience", CONFIG_NAME, problems),
        tags=read_vocabulary(record.get("tags"), "tag", CONFIG_NAME, problems),
        strict=bool(record.get("strict", False)),
        timezone=timezone,
        host=str(record.get("host", "")),
        emergency=emergency,
        non_emergency=non_emergency,
        emergency_ref=ref("emergency") if emergency else None,
        review_every=review_every,
        accessibility=record.get("accessibility"),
    )


def _organisation_ref(record: Record, key: str) -> SourceRef:
    inner = record.get("organisation")
    line = inner.lines.get(key, inner.line) if isinstance(inner, Record) else record.line
    return SourceRef(CONFIG_NAME, line)


def _review_period(text: str, ref: Callable[[str], SourceRef], problems: Problems) -> ReviewPeriod:
    match = _PERIOD.fullmatch(text)
    if match is None:
        problems.error(
            ref("review_every"),
            f"review_every: {text!r} is not a period: write it like '6 months', '1 year' or "
            "'8 weeks'",
        )
        return ReviewPeriod(6, "month")
    return ReviewPeriod(int(match[1]), match[2].lower())


def _emergency_numbers(
    record: Record | None, region: str, problems: Problems
) -> tuple[Phone | None, Phone | None]:
    """Check `emergency:`'s numbers as any phone number is checked (999 and 101 are short codes)."""
    if record is None:
        return None, None
    found: list[Phone | None] = []
    for key in ("number", "non_emergency"):
        text = str(record.get(key, "") or "")
        phone = None
        if text:
            try:
                phone = parse_phone(text, region, SourceRef(CONFIG_NAME, record.lines.get(key)))
            except SiteError as exc:
                problems.extend(exc.problems)
        found.append(phone)
    return found[0], found[1]


def _check_url(url: str, ref: SourceRef, problems: Problems) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        problems.error(ref, f"{url!r} is not a web address: write it like https://example.org/")
    return url


def _check_timezone(name: str, ref: SourceRef, problems: Problems) -> None:
    """Report a time zone the IANA database (through zoneinfo) does not list by that name.

    Listed, not merely loadable: on a case-insensitive disk `europe/london` would load too.
    """
    known = _known_zones()
    if name in known:
        return
    by_folded = {zone.casefold(): zone for zone in known}
    close = difflib.get_close_matches(name.casefold().replace(" ", "_"), by_folded, n=1)
    hint = f"did you mean {by_folded[close[0]]!r}? " if close else ""
    problems.error(
        ref,
        f"unknown time zone {name!r}: {hint}use a name from the IANA time zone database, "
        "such as Europe/London or Asia/Karachi",
    )


@functools.lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    """The IANA zone names zoneinfo can load (listing them reads a folder: once a process)."""
    return frozenset(zoneinfo.available_timezones())
