"""Read the file given to `sitegen import` as plain text, whatever it was saved as.

Text and Markdown as written (strict UTF-8); an e-mail message (`.eml`) through the standard
library's `email`, its own header written as the header of the first letter; HTML copied from a
mail client or Word through `htmltext`; a Word document (`.docx`) through mammoth. A PDF, an
image or any other file that is not text is refused with a message saying what to do.
"""

from __future__ import annotations

import email
import email.policy
import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

from sitegen.errors import SiteError, SourceRef
from sitegen.importer.htmltext import html_to_text
from sitegen.textfile import decode_text

_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
_HTML_SUFFIXES = (".html", ".htm")
_NOT_TEXT = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a WebP image or other media"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or Outlook (.msg) file"),
    (b"{\\rtf", "an RTF document"),
)
_HOW = (
    "sitegen import reads text or Markdown, an e-mail saved as .eml, HTML saved from a mail "
    "client or Word, or a Word .docx: copy the text into a .txt file (or save as .docx) and "
    "import that"
)


def read_source(path: Path, shown: str) -> str:
    """Return the text of the file to import; `shown` is how messages name it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SiteError.at(SourceRef(shown), f"cannot read the file: {exc.strerror}") from exc
    suffix = path.suffix.lower()
    if suffix == ".docx" or (raw.startswith(b"PK") and suffix not in _TEXT_SUFFIXES):
        return _docx_text(raw, shown)
    for magic, what in _NOT_TEXT:
        if raw.startswith(magic):
            raise SiteError.at(SourceRef(shown), f"this is {what}, not text: {_HOW}")
    if raw.startswith(b"PK"):
        raise SiteError.at(SourceRef(shown), f"this is a zip archive, not text: {_HOW}")
    if suffix == ".eml":
        return _email_text(raw, shown)
    text = decode_text(raw, shown)
    if suffix in _HTML_SUFFIXES or _looks_like_html(text):
        return html_to_text(text)
    return text


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<meta", "<div", "<p"))


def _docx_text(raw: bytes, shown: str) -> str:
    import mammoth  # only for Word documents: it brings a document model with it

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise SiteError.at(
                    SourceRef(shown), f"this zip file is not a Word document: {_HOW}"
                )
        result = mammoth.convert_to_html(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise SiteError.at(SourceRef(shown), f"this .docx file is damaged: {_HOW}") from None
    return html_to_text(result.value)


def _email_text(raw: bytes, shown: str) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise SiteError.at(SourceRef(shown), f"this is not an e-mail message: {_HOW}")
    body = message.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        raise SiteError.at(SourceRef(shown), "this e-mail has no text to import")
    content = body.get_content()
    text = html_to_text(content) if body.get_content_subtype() == "html" else content
    return "\n".join([*_header_lines(message), "", text.replace("\r\n", "\n")])


def _header_lines(message: EmailMessage) -> list[str]:
    """The message's own header, written as a pasted reply header is."""
    lines = []
    for name, shown in (("From", "From"), ("Date", "Sent"), ("To", "To"), ("Subject", "Subject")):
        value = message.get(name)
        if value:
            lines.append(f"{shown}: {' '.join(str(value).split())}")
    return lines if lines and lines[0].startswith("From:") else []
