"""XLIFF 2.0, for translation tools that prefer it to PO: the same entries, written and read.

Each segment is a `<unit>` whose `name` is the entry's context (XLIFF ids may not hold `/` or
`#`); a fuzzy translation is a segment in state "initial", a translated one "translated" (or
"reviewed", "final"). Notes carry the hash, the kind of block and the previous original.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from sitegen.translations.entries import Entry

NS = "urn:oasis:names:tc:xliff:document:2.0"
PREVIOUS = "previous-source"
_DONE_STATES = ("translated", "reviewed", "final")


def xliff_bytes(entries: list[Entry], source_lang: str, target_lang: str) -> bytes:
    """Write entries as an XLIFF 2.0 document."""
    root = ET.Element(
        "xliff", {"xmlns": NS, "version": "2.0", "srcLang": source_lang, "trgLang": target_lang}
    )
    files: dict[str, ET.Element] = {}
    for number, entry in enumerate(entries, start=1):
        path = entry.occurrence[0]
        if path not in files:
            files[path] = ET.SubElement(
                root, "file", {"id": f"f{len(files) + 1}", "original": path}
            )
        unit = ET.SubElement(files[path], "unit", {"id": f"u{number}", "name": entry.context})
        notes = ET.SubElement(unit, "notes")
        for text in entry.notes:
            ET.SubElement(notes, "note", {"category": "comment"}).text = text
        ET.SubElement(
            notes, "note", {"category": "location"}
        ).text = f"{path}:{entry.occurrence[1]}"
        if entry.previous:
            ET.SubElement(notes, "note", {"category": PREVIOUS}).text = entry.previous
        state = "initial" if entry.fuzzy or not entry.target else "translated"
        segment = ET.SubElement(unit, "segment", {"state": state})
        ET.SubElement(segment, "source").text = entry.source
        if entry.target:
            ET.SubElement(segment, "target").text = entry.target
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="unicode").encode("utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


@dataclass(frozen=True)
class XliffUnit:
    """One unit read back: its context, source, target, whether done, and its line."""

    context: str
    source: str
    target: str
    done: bool
    line: int


def read_xliff(data: bytes, path: str) -> list[XliffUnit]:
    """Read the units of an XLIFF 2.0 document (ValueError with a reason if it is not one)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{path}:{exc.position[0]}: not well-formed XML: {exc}") from None
    if root.tag != f"{{{NS}}}xliff":
        raise ValueError(f"{path}:1: not an XLIFF 2.0 document")
    text = data.decode("utf-8", errors="replace")
    units = []
    for unit in root.iter(f"{{{NS}}}unit"):
        name = unit.get("name") or ""
        segment = unit.find(f"{{{NS}}}segment")
        if segment is None:
            continue
        source = _text(segment.find(f"{{{NS}}}source"))
        target = _text(segment.find(f"{{{NS}}}target"))
        done = segment.get("state", "initial") in _DONE_STATES
        units.append(XliffUnit(name, source, target, done, _line_of(text, name)))
    return units


def _text(element: ET.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _line_of(text: str, name: str) -> int:
    """The line of the unit named `name` (its `name="..."` attribute as written)."""
    from xml.sax.saxutils import quoteattr

    index = text.find(f"name={quoteattr(name)}")
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
