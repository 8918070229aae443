"""Guess a letter's front matter from its header, salutation and signature.

- `date`: the header's Sent:/Date:, the date in "On ... wrote:" or "Reply from ... on ...", or
  else the first date above the salutation (a letterhead's);
- `to`: what follows "Dear" in the salutation;
- `from`, `role`, `organisation`, `address`: the lines under the sign-off ("Yours sincerely",
  "Kind regards", ...): a name, then a role, then an organisation, then the address; a role line
  "Leader, Northfield Borough Council" gives both role and organisation.

What cannot be found is said plainly, so the editor fills it in before publishing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sitegen.content.pasted_blocks import sign_off
from sitegen.importer.dates import find_date
from sitegen.importer.thread import Message

_DEAR = re.compile(r"^\s*Dear\s+(?P<to>[^,\n]{1,120}?)\s*[,:]?\s*$", re.IGNORECASE)
_NAME_IN_FROM = re.compile(r"^\s*\"?(?P<name>[^<\"]+?)\"?\s*(?:<[^>]*>)?\s*$")
_SIGNATURE_LINES = 8


@dataclass(frozen=True)
class Guess:
    """What was guessed about one letter, and what was not found."""

    date: dt.date | None
    fields: dict[str, str]  # from, role, organisation, address, to: only those found
    missing: tuple[str, ...]
    hint: str  # where the missing sender might be found (the e-mail's From:), or ""

    @property
    def sender(self) -> str:
        return self.fields.get("from", "")


def guess_letter(message: Message, lang: str = "en") -> Guess:
    """Guess the front matter of one letter."""
    lines = message.body.split("\n")
    fields: dict[str, str] = {}
    to = _salutation(lines)
    if to:
        fields["to"] = to
    fields.update(_signature(lines))
    date = _date(message, lines, lang)
    missing = tuple(
        name
        for name in ("date", "from", "role", "organisation", "to")
        if (name == "date" and date is None) or (name != "date" and name not in fields)
    )
    sent_by = _NAME_IN_FROM.match(message.field("From"))
    hint = sent_by.group("name").strip() if sent_by and "from" not in fields else ""
    return Guess(date, fields, missing, hint)


def _salutation(lines: list[str]) -> str:
    for line in lines[:12]:
        match = _DEAR.match(line)
        if match:
            return match.group("to").strip()
    return ""


def _signature(lines: list[str]) -> dict[str, str]:
    """Read the block under the last sign-off in the letter."""
    opened = [n for n, line in enumerate(lines) if sign_off(line) == (True, "")]
    if not opened:
        return {}
    under: list[str] = []
    for line in lines[opened[-1] + 1 :]:
        if not line.strip():
            if under:
                break
            continue
        under.append(line.strip().rstrip(","))
        if len(under) == _SIGNATURE_LINES:
            break
    if not under:
        return {}
    found = {"from": under[0]}
    rest = under[1:]
    if rest:
        role = rest.pop(0)
        if not rest and ", " in role:
            role, organisation = role.split(", ", 1)
            rest = [organisation]
        found["role"] = role
    if rest:
        found["organisation"] = rest.pop(0)
    if rest:
        found["address"] = ", ".join(rest)
    return found


def _date(message: Message, lines: list[str], lang: str) -> dt.date | None:
    for value in (message.field("Sent"), message.field("Date"), *message.header):
        if value:
            found = find_date(value, lang)
            if found is not None:
                return found
    above = []
    for line in lines:
        if _DEAR.match(line):
            break
        above.append(line)
    return find_date("\n".join(above), lang) if len(above) < len(lines) else None
