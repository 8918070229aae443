"""The files of a new site, as text: each one short, correct, and saying what to write where."""

from __future__ import annotations

import datetime as dt
import json

from sitegen.scaffold.regions import Service

DEFAULT_QUICK_EXIT = "https://www.bbc.co.uk/weather"

GITIGNORE = """\
# The built site: made again by every build, never edited by hand.
/public/
/.qa/
/.cache/
__pycache__/
*.pyc
"""


def _quote(text: str) -> str:
    """Quote a text for YAML (JSON strings are valid YAML, and escape everything needed)."""
    return json.dumps(text, ensure_ascii=False)


def site_yaml(
    name: str, languages: tuple[str, ...], names: tuple[str, ...], region: str, timezone: str
) -> str:
    """Return site.yaml: the group's name, languages (the first is the one pages are written
    in), region and time zone, and the quick-exit address."""
    listed = "\n".join(
        f"  - {code}  # {label}" for code, label in zip(languages, names, strict=True)
    )
    return f"""\
# Settings for the whole site. docs/content.md explains every line.
title: {_quote(name)}
# Where the site will be published; change it when you know the address.
base_url: https://example.org/
default_language: {languages[0]}
languages:
{listed}
# The country phone numbers are local to, and the time zone of dates written without one.
region: {region}
timezone: {timezone}
# Where "leave this site quickly" takes a reader who needs to hide what they were reading.
quick_exit_url: {DEFAULT_QUICK_EXIT}
# Where the site is published, so the build writes that host's security headers and redirects
# (docs/publishing.md): netlify, cloudflare, github, gitlab, apache, nginx or usb.
# host: github
"""


def home_page(name: str, today: dt.date, has_contacts: bool) -> str:
    """Return content/index.md, the home page."""
    call = (
        "- [Who to call](contacts/emergency.yaml), in an emergency and when it is not one.\n"
        if has_contacts
        else ""
    )
    return f"""\
---
title: {_quote(name)}
summary: Reassurance, safety advice and who to call, from your neighbours.
updated: {today.isoformat()}
---

This is your home page: say in two or three sentences who you are and what this site is for.
Readers may be frightened; keep it short and calm.

{call}- [Statements](statements/index.md): what we have said after worrying events.
- [Advice](advice/index.md): how to stay safe and how to report.
"""


def advice_index() -> str:
    """Return content/advice/index.md, the advice section's own page."""
    return """\
---
title: Advice
summary: Practical, calm advice on staying safe and reporting.
weight: 20
---

Each guide in this folder is one page. Start a new one with `sitegen new advice NAME`.
"""


def advice_page(today: dt.date) -> str:
    """Return the advice section's first page, for the group to rewrite."""
    return f"""\
---
title: Staying safe
summary: What to do if you feel unsafe, and how to report what happened.
date: {today.isoformat()}
weight: 1
---

Write your first guide here: short sentences, one idea in each, and the numbers to call.

## If something has happened {{#reporting}}

Write down what happened, when and where, as soon as you can. Keep photos and messages.
"""


def statements_index() -> str:
    """Return content/statements/index.md, the statements section's own page."""
    return """\
---
title: Statements
summary: What we have said after worrying events, with letters from the police and council.
weight: 10
---

When something worrying happens, publish a short statement here once the facts are checked.
Start one with `sitegen new statement statements/NAME`, and add the letters you receive with
`sitegen new letter statements/NAME`.
"""


def emergency_directory(region: str, services: tuple[Service, ...]) -> str:
    """Return content/contacts/emergency.yaml: the region's cited numbers, with their sources."""
    entries = "\n".join(
        f"""\
  # Source: {service.source}
  - id: {service.id}
    name: {_quote(service.name)}
    phone: "{service.phone}"
    when: {_quote(service.when)}"""
        for service in services
    )
    return f"""\
# The numbers to call in {region}. Check each against its source before you publish, and add
# your local services below. After any change, run `sitegen contacts accept` to record it.
title: Who to call
intro: If you are in danger now, call the emergency number.
entries:
{entries}
"""


def directory_to_fill(region: str) -> str:
    """Return a skeleton directory for a region whose numbers sitegen cannot cite."""
    return f"""\
# sitegen does not know the emergency numbers for {region}, and will not guess them.
# Fill in the numbers your emergency services publish (and the page that says so), move this
# file to content/contacts/emergency.yaml, then run `sitegen contacts accept`.
title: Who to call
intro: If you are in danger now, call the emergency number.
entries:
  # Source: (the official page that gives this number)
  - id: emergency
    name: Emergency services
    phone: ""
    when: A crime is happening now, someone is in danger, or someone is hurt.
"""
