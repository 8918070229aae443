"""A three-language fixture site for the catalog workflow (export, translate, import, build)."""

from __future__ import annotations

from pathlib import Path

import polib

from sitegen.site.lock import accept_contacts
from tests.sitefixture import write_site

SITE_YAML = """\
title: Northfield Together
base_url: https://example.test/
default_language: en
languages: [en, ur, ar]
region: GB
"""

STAYING_SAFE = """\
---
title: Staying safe
summary: Simple steps, and who to call when.
date: 2026-10-01
weight: 2
contacts: [reporting]
---
Most people here will never be the target of a crime.

## Reporting {#reporting}

Reporting matters, even when it seems small.

Call Crimestoppers on 0800 555 111 to report without giving your name.

- Save 999 and 101 in your phone.
- Report online at [True Vision](https://www.report-it.org.uk).

> Nobody should face hate alone.

| What is happening | Who to call |
| --- | --- |
| Someone is in danger | 999 |

![A police officer talking to a shopkeeper](officer.png)

## Online

Take screenshots, then write to help@example.org.
"""

REPORTING = """\
title: Who to call
entries:
  - id: crimestoppers
    name: Crimestoppers
    phone: 0800 555 111
    when: You want to stay anonymous
    hours: Every day, all day
  - id: emergency
    name: Emergency
    phone: "999"
    when: Someone is in danger now
"""


def write_translation_site(root: Path) -> Path:
    """Write the fixture site (English originals only) and accept its contacts."""
    site = write_site(
        root,
        {
            "content/index.md": "---\ntitle: Home\n---\nWelcome to our site.\n",
            "content/advice/staying-safe.md": STAYING_SAFE,
            "content/advice/officer.png": b"\x89PNG\r\n\x1a\n",
            "content/contacts/reporting.yaml": REPORTING,
        },
        site_yaml=SITE_YAML,
    )
    accept_contacts(site)
    return site


PREFIX = {"ur": "اردو ", "ar": "عربي "}


def translate(catalog: polib.POFile, lang: str) -> None:
    """Translate every entry as a translator would: their words, the placeholders kept."""
    for entry in catalog:
        entry.msgstr = PREFIX[lang] + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
