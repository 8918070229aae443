"""The `organisation:` setting of site.yaml: who publishes the site, in each language.

It is what the site's structured data (schema.org JSON-LD) and its feeds name as the publisher.
Everything is optional: without it, the publisher is the site itself, by its title, at its home
page, with no contact details of its own. Only the organisation's *own* details are here: the
services in the contact directories are not the organisation, and are never described as it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.read.validate import Record


@dataclass(frozen=True)
class Organisation:
    """The publisher's own details; a text per language ("" key: one text for every language)."""

    names: dict[str, str] = field(default_factory=dict)  # empty: the site's title
    descriptions: dict[str, str] = field(default_factory=dict)  # empty: the site's description
    url: str = ""  # "": the site's home page
    email: str = ""
    phone: Phone | None = None


def read_organisation(
    record: Record | None, region: str, path: str, problems: Problems
) -> Organisation:
    """Turn the validated `organisation:` mapping into an `Organisation`, checking its phone."""
    if record is None:
        return Organisation()
    phone = None
    written = record.get("phone")
    if written:
        ref = SourceRef(path, record.lines.get("phone", record.line))
        try:
            phone = parse_phone(str(written), region, ref)
        except SiteError as exc:
            problems.extend(exc.problems)
    return Organisation(
        names=language_map(record.get("name")),
        descriptions=language_map(record.get("description")),
        url=str(record.get("url") or ""),
        email=str(record.get("email") or ""),
        phone=phone,
    )


def language_map(value: object) -> dict[str, str]:
    """Return a text-or-per-language value as a mapping ("" key: the one text for all)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"": str(value)}


def in_language(texts: dict[str, str], lang: str, default: str) -> str:
    """Return the text for `lang`, else the default language's, else the one text, else ""."""
    return texts.get(lang) or texts.get(default) or texts.get("") or next(iter(texts.values()), "")
