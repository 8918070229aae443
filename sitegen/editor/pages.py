"""The pages the editor lists and the form it shows for one: fields read from, and written
back into, the front matter as text, so every other key, comment and order stays as it was.

Only top-level `key: value` lines are edited; a value the form cannot show faithfully (a block
or a list) is left alone and its field shown read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.editor.formfields import ALL_FIELDS, date_names
from sitegen.editor.listfields import ListField, read_lists, write_lists
from sitegen.read.config import load_config
from sitegen.read.discover import MARKDOWN_EXTENSIONS, split_language
from sitegen.read.vocabulary import Vocabulary
from sitegen.translations.status import status

FIELDS = ALL_FIELDS  # every one-line field a form may show (which ones: `formfields`)
DATE_FIELDS = date_names()
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ListedPage:
    """One Markdown file of content/: its section, language and translation state."""

    path: str  # site-relative
    section: str  # first folder under content/, "" for the top
    lang: str
    state: str  # "original", or the translation's state (translated, outdated, ...)


@dataclass(frozen=True)
class PageText:
    """A page split for the form: the editable fields, the body and where the body starts."""

    fields: dict[str, str]
    locked: frozenset[str]  # fields present but not a one-line value: shown, not editable
    front: list[str]  # the front matter's lines, between the `---` lines
    body: str
    body_line: int  # file line of the body's first line
    has_front: bool
    lists: dict[str, ListField] = field(default_factory=dict)  # audience, tags, contacts


class FormError(ValueError):
    """A form value that cannot be written (a date that is no date)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def decoded(data: bytes, relative: str) -> str:
    """Return a file's text; a file that is not UTF-8 is refused, not shown with its unreadable
    bytes replaced (saving that would lose them)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormError(
            "text",
            f"{relative} is not saved as UTF-8 (line {line} cannot be read), so the "
            "editor cannot show it without changing it: open it in a text editor, save it as "
            "UTF-8, then open it here again",
        ) from None


def read_utf8(site_dir: Path, relative: str) -> str:
    """Return the text of a file of the site (see `decoded`)."""
    return decoded((site_dir / relative).read_bytes(), relative)


def list_pages(site_dir: Path) -> list[ListedPage]:
    """List content/'s Markdown files by section, then name, then language."""
    config = load_config(site_dir)
    states = _translation_states(site_dir)
    listed = []
    content = site_dir / "content"
    for file in sorted(content.rglob("*")):
        if file.suffix not in MARKDOWN_EXTENSIONS or not file.is_file() or file.is_symlink():
            continue
        relative = file.relative_to(site_dir).as_posix()
        parts = file.relative_to(content).parts
        lang = split_language(file.stem, config.languages)[1] or config.default_language
        state = "original" if lang == config.default_language else states.get(relative, "unknown")
        listed.append(ListedPage(relative, parts[0] if len(parts) > 1 else "", lang, state))
    return sorted(listed, key=lambda page: (page.section, page.path))


def list_choices(site_dir: Path, directories: list[str]) -> dict[str, list[tuple[str, str]] | None]:
    """What each list field may hold: declared audiences and tags with their labels in the
    site's language (None where site.yaml declares none: any words), and the directories."""
    config = load_config(site_dir)
    default = config.default_language

    def declared(vocabulary: Vocabulary) -> list[tuple[str, str]] | None:
        if not vocabulary.declared:
            return None
        return [
            (value, vocabulary.label(value, default, default)[0]) for value in vocabulary.labels
        ]

    contacts = [(Path(path).stem, f"{Path(path).stem} ({path})") for path in directories]
    return {
        "audience": declared(config.audiences),
        "tags": declared(config.tags),
        "contacts": contacts,
    }


def _translation_states(site_dir: Path) -> dict[str, str]:
    report = status(site_dir)
    return {
        file.translation: file.state
        for language in report.languages
        for file in language.files
        if file.translation
    }


def split_page(text: str) -> PageText:
    """Split a page's text into the form's fields and its body."""
    lines = text.split("\n")
    close = _closing(lines) if lines[0].rstrip() == "---" else None
    if close is None:
        return PageText({}, frozenset(), [], text, 1, False)
    front = lines[1:close]
    fields: dict[str, str] = {}
    locked = set()
    for index, line in enumerate(front):
        match = _KEY_LINE.match(line)
        if match and match.group(1) in FIELDS:
            value = _scalar(match.group(2).strip())
            if value is None or _continues(front, index):
                locked.add(match.group(1))
                value = match.group(2).strip()
            fields[match.group(1)] = value
    body = "\n".join(lines[close + 1 :])
    return PageText(fields, frozenset(locked), front, body, close + 2, True, read_lists(front))


def _closing(lines: list[str]) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index
    return None


def _continues(front: list[str], index: int) -> bool:
    return index + 1 < len(front) and front[index + 1][:1] in (" ", "\t", "-")


def _scalar(raw: str) -> str | None:
    """Return a one-line YAML scalar's text, or None if the form cannot show it faithfully."""
    if raw == "" or raw[0] in "|>[{&*!%@`":
        return None
    if raw[0] == '"':
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    if raw[0] == "'":
        return raw[1:-1].replace("''", "'") if raw.endswith("'") and len(raw) > 1 else None
    return raw.split(" #")[0].rstrip()


def compose(
    page: PageText, values: dict[str, str], body: str, lists: dict[str, list[str]] | None = None
) -> str:
    """Return the file text with the form's values (and lists) written into the front matter."""
    front = write_lists(page.front, page.lists, lists or {})
    for name in FIELDS:
        if name not in values or name in page.locked:
            continue
        value = values[name].strip()
        line = _yaml_line(name, value)
        found = next((i for i, text in enumerate(front) if _is_key(text, name)), None)
        if found is not None:
            if value:
                front[found] = line
            else:
                del front[found]
        elif value:
            front.append(line)
    if not front and not page.has_front:
        return body
    return "\n".join(["---", *front, "---", body])


def _is_key(line: str, name: str) -> bool:
    match = _KEY_LINE.match(line)
    return match is not None and match.group(1) == name


def _yaml_line(name: str, value: str) -> str:
    if name in DATE_FIELDS:
        if value and not (_DATE.fullmatch(value) and _is_date(value)):
            raise FormError(name, f"{name} must be a date written YYYY-MM-DD, not {value!r}")
        return f"{name}: {value}"
    # JSON's double-quoted strings are YAML too: nothing in a title can break the front matter.
    return f"{name}: {json.dumps(value, ensure_ascii=False)}"


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def field_at(text: str, line: int | None) -> tuple[str, int | None]:
    """Return the form field a file line belongs to, and the body line (1-based) if in the body."""
    page = split_page(text)
    if line is None:
        return "", None
    if line >= page.body_line:
        return "body", line - page.body_line + 1
    index = line - 2
    for name, found in page.lists.items():
        if found.start <= index < found.end:
            return name, None
    if 0 <= index < len(page.front):
        match = _KEY_LINE.match(page.front[index])
        if match and match.group(1) in FIELDS:
            return match.group(1), None
    return "front", None


def sections(pages: Iterable[ListedPage]) -> dict[str, list[ListedPage]]:
    """Group listed pages by section, in order."""
    grouped: dict[str, list[ListedPage]] = {}
    for page in pages:
        grouped.setdefault(page.section, []).append(page)
    return grouped
