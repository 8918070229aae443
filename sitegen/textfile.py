"""Read source files as strict UTF-8 text with Unix line endings, locating any bad byte."""

from __future__ import annotations

import codecs
import os
import pathlib
import re
import stat

from sitegen.errors import SiteError, SourceRef

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A NUL or a lone surrogate means the file is not the text the editor thinks it is.
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def read_text(path: pathlib.Path, ref_path: str) -> str:
    """Return the file's text: strict UTF-8, BOM dropped, CRLF and lone CR turned into LF."""
    return decode_text(read_regular(path, ref_path), ref_path)


def special_kind(mode: int) -> str | None:
    """Name what a file of this mode is when it is not a regular file or a folder, else None.

    A FIFO blocks whoever opens it until something writes to it, a device can be endless and a
    socket cannot be opened at all: a build reads none of them.
    """
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def is_regular(path: pathlib.Path | str) -> bool:
    """Tell whether `path` is (or links to) a regular file: one a build may open."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_regular(path: pathlib.Path | str, ref_path: str) -> bytes:
    """Return a regular file's bytes; a FIFO, socket or device is a located error, never opened
    to wait (opened without blocking, then checked by its open handle, so a file swapped for a
    FIFO after a listing cannot hang the build either)."""
    try:
        kind = special_kind(os.stat(path).st_mode)
        if kind is None:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            with open(descriptor, "rb") as handle:
                kind = special_kind(os.fstat(descriptor).st_mode)
                if kind is None:
                    return handle.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError.at(SourceRef(ref_path), f"cannot read the file: {reason}") from exc
    raise SiteError.at(SourceRef(ref_path), f"not a regular file ({kind}): it cannot be read")


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
