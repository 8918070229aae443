"""What `sitegen import` writes: the statement's index.md and its letters, oldest first.

Letters are put in date order where every letter has a date; otherwise in the reverse of the
order pasted, since a reply quotes what it answers below itself (a thread reads newest first).
Each letter file is named by its number and its sender's role (or organisation, or name):
`letters/01-chief-constable.md`. What could not be guessed is left in the front matter as a
comment ("# from:  fill in"), so the file builds as it is and says what to add.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from sitegen.content.headingids import slugify
from sitegen.content.pasted_tidy import tidy_pasted
from sitegen.importer.guess import Guess, guess_letter
from sitegen.importer.thread import Message, Thread

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw)\s*:\s*)+", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#\s+(?P<title>.+?)\s*#*\s*$")
_ORDER = ("date", "from", "role", "organisation", "address", "to")
_SLUG_LENGTH = 48


@dataclass(frozen=True)
class Letter:
    """One letter as it will be written."""

    name: str  # "01-chief-constable"
    message: Message
    guess: Guess


@dataclass(frozen=True)
class Plan:
    """The statement folder to write: its slug and title, its letters, each file's text."""

    slug: str
    title: str
    intro_found: bool
    letters: tuple[Letter, ...]
    files: dict[str, str]  # path under the statement folder ("index.md") -> text


def plan_statement(thread: Thread, slug: str, lang: str, suffix: str) -> Plan:
    """Lay out the files of a statement; `suffix` is "" or ".ur" for another language."""
    guesses = [(message, guess_letter(message, lang)) for message in thread.messages]
    ordered = _oldest_first(guesses)
    title = _title(thread, ordered)
    slug = slug or slugify(title)[:_SLUG_LENGTH].strip("-") or "statement"
    letters = tuple(
        Letter(f"{number:02d}-{_sender_slug(guess)}", message, guess)
        for number, (message, guess) in enumerate(ordered, start=1)
    )
    files = {f"index{suffix}.md": _index_text(thread, title, ordered, lang)}
    for letter in letters:
        files[f"letters/{letter.name}{suffix}.md"] = _letter_text(letter, lang)
    return Plan(slug, title, bool(thread.intro.strip()), letters, files)


def _oldest_first(guesses: list[tuple[Message, Guess]]) -> list[tuple[Message, Guess]]:
    if guesses and all(guess.date is not None for _, guess in guesses):
        # newest-first pastes are the rule: break ties by reversed position
        return sorted(guesses, key=lambda pair: (pair[1].date, -pair[0].position))
    return list(reversed(guesses))


def _title(thread: Thread, ordered: list[tuple[Message, Guess]]) -> str:
    for line in thread.intro.split("\n")[:5]:
        heading = _HEADING.match(line)
        if heading:
            return heading.group("title")
    for message, _ in ordered:
        subject = _REPLY_PREFIX.sub("", message.field("Subject")).strip()
        if subject:
            return subject
    if ordered:
        guess = ordered[0][1]
        who = guess.fields.get("organisation") or guess.fields.get("from")
        if who:
            return f"Letter from {who}"
    return "Letters"


def _sender_slug(guess: Guess) -> str:
    for value in (
        *(guess.fields.get(key, "") for key in ("role", "organisation", "from")),
        guess.hint,
    ):
        slug = slugify(value)[:_SLUG_LENGTH].strip("-")
        if slug:
            return slug
    return "letter"


def _index_text(thread: Thread, title: str, ordered: list[tuple[Message, Guess]], lang: str) -> str:
    meta: dict[str, object] = {"title": title}
    dates = [guess.date for _, guess in ordered if guess.date is not None]
    if dates:
        meta["date"] = max(dates)
    meta["pasted"] = True
    intro = "\n".join(line for line in thread.intro.split("\n") if not _HEADING.match(line)).strip()
    return _front_matter(meta, []) + (tidy_pasted(intro, lang).strip() + "\n" if intro else "")


def _letter_text(letter: Letter, lang: str) -> str:
    guess = letter.guess
    meta: dict[str, object] = {}
    if guess.date is not None:
        meta["date"] = guess.date
    for key in _ORDER[1:]:
        if key in guess.fields:
            meta[key] = guess.fields[key]
    missing = [key for key in _ORDER if key in guess.missing]
    return _front_matter(meta, missing) + tidy_pasted(letter.message.body, lang).strip() + "\n"


def _front_matter(meta: dict[str, object], missing: list[str]) -> str:
    ordered = {key: meta[key] for key in sorted(meta, key=_key_order)}
    written = yaml.safe_dump(
        ordered, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
    )
    comments = "".join(f"# {key}:   (fill in: not found in the paste)\n" for key in missing)
    return f"---\n{written}{comments}---\n"


def _key_order(key: str) -> int:
    order = ("title", *_ORDER, "pasted")
    return order.index(key) if key in order else len(order)


def describe_date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""
