"""Read source files as strict UTF-8 text with Unix line endings, locating any bad byte."""

from __future__ import annotations

import codecs
import pathlib
import re

from sitegen.errors import SiteError, SourceRef

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A NUL or a lone surrogate means the file is not the text the editor thinks it is.
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def read_text(path: pathlib.Path, ref_path: str) -> str:
    """Return the file's text: strict UTF-8, BOM dropped, CRLF and lone CR turned into LF."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(SourceRef(ref_path), f"cannot read the file: {reason}") from exc
    return decode_text(raw, ref_path)


def decode_text(raw: bytes, ref_path: str) -> str:
    """Decode file bytes as strict UTF-8 and normalise line endings; `ref_path` names the file."""
    if raw.startswith(_UTF16_BOMS):
        raise SiteError.at(
            SourceRef(ref_path, 1),
            "the file is saved as UTF-16, not UTF-8: save the file as UTF-8",
        )
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[bom:].decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        position = bom + exc.start
        line = _line_at_byte(raw, position)
        raise SiteError.at(
            SourceRef(ref_path, line),
            f"not valid UTF-8 at byte {position} (line {line}): save the file as UTF-8",
        ) from None
    _check_characters(text, ref_path, bom)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_characters(text: str, ref_path: str, byte_offset: int) -> None:
    """Refuse a NUL or a lone surrogate in decoded text; `byte_offset` is the BOM's length."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    before = text[: found.start()].encode("utf-8", errors="surrogatepass")
    position = byte_offset + len(before)
    line = _line_at_byte(before, len(before))
    char = found.group()
    if char == "\x00":
        what = "a NUL character (byte 0)"
        advice = "remove it; is this really a text file?"
    else:
        what = f"a lone surrogate U+{ord(char):04X}"
        advice = "save the file as UTF-8"
    raise SiteError.at(
        SourceRef(ref_path, line), f"{what} at byte {position} (line {line}): {advice}"
    )


def _line_at_byte(raw: bytes, position: int) -> int:
    """Return the 1-based line holding byte `position`, counting CRLF, LF and CR as one break."""
    before = raw[:position].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return before.count(b"\n") + 1
