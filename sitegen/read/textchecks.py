"""What a text value read from YAML may hold: a length within its field's limit, and only
directional controls that are closed in the same value.

Front matter is shown whole on every list, home and search page of every language, so one pasted
document in a `summary:` multiplies into hundreds of megabytes: each field has a limit in
characters (`schema.Field.max_length`).

A bidirectional embedding or override (U+202A-U+202E) left open reverses or reorders everything
after it in the `<title>`, the `og:title` and the list the value is shown in, text the editor
never wrote (the "Trojan Source" trick, CVE-2021-42574). As source-code linters do, each value
must close what it opens, innermost first: an embedding or override with POP DIRECTIONAL
FORMATTING (U+202C), an isolate (U+2066-U+2068) with POP DIRECTIONAL ISOLATE (U+2069); a closing
mark that closes nothing is refused too. `<title>` cannot hold markup to isolate a value, so
this check is what keeps it whole.

Zero-width characters are kept: none of them reorders anything, and each has real uses. ZERO
WIDTH NON-JOINER and ZERO WIDTH JOINER (U+200C, U+200D) shape Persian, Urdu, Bengali and Hindi
words and emoji; ZERO WIDTH SPACE (U+200B) marks word breaks in Thai, Khmer and Burmese; WORD
JOINER (U+2060) and U+FEFF keep words together; the marks LRM, RLM and ALM (U+200E, U+200F,
U+061C) set the direction of neutral characters and cannot leave anything open. Where an
invisible character could deceive (a phone number), `i18n.phones` removes them before reading.
"""

from __future__ import annotations

import unicodedata

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI
_PDF = "\u202c"
_PDI = "\u2069"
_CONTROLS = _EMBEDDINGS | _ISOLATES | {_PDF, _PDI}


def length_problem(text: str, name: str, limit: int) -> str | None:
    """Say that the value of `name` is longer than `limit` characters, else None."""
    if len(text) <= limit:
        return None
    return f"'{name}' is {len(text):,} characters long; the limit is {limit:,}"


def control_problem(text: str, name: str) -> str | None:
    """Say what is wrong with the directional controls of the value of `name`, else None.

    >>> control_problem("Help \\u202eenil", "title")  # doctest: +NORMALIZE_WHITESPACE
    "'title' has a RIGHT-TO-LEFT OVERRIDE (U+202E) at character 6 that is not closed: close
    it with POP DIRECTIONAL FORMATTING (U+202C) in the same value, or remove it"
    >>> control_problem("\\u2067مدد\\u2069 / Help", "title") is None
    True
    """
    if not _CONTROLS.intersection(text):
        return None
    opened: list[tuple[str, int]] = []  # (control, character number), innermost last
    for number, char in enumerate(text, start=1):
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append((char, number))
        elif char in (_PDF, _PDI):
            problem = _closing_problem(char, number, opened, name)
            if problem is not None:
                return problem
            opened.pop()
    if opened:
        char, number = opened[0]
        return (
            f"'{name}' has a {_describe(char)} at character {number} that is not closed: "
            f"close it with {_describe(_closer(char))} in the same value, or remove it"
        )
    return None


def _closing_problem(
    char: str, number: int, opened: list[tuple[str, int]], name: str
) -> str | None:
    """Say why a PDF or PDI does not close the innermost open control, else None."""
    if opened and _closer(opened[-1][0]) == char:
        return None
    if opened:
        inner, inner_number = opened[-1]
        return (
            f"'{name}' has a {_describe(char)} at character {number} while the "
            f"{_describe(inner)} at character {inner_number} is still open: close that first "
            f"with {_describe(_closer(inner))}"
        )
    return f"'{name}' has a {_describe(char)} at character {number} that closes nothing: remove it"


def _closer(char: str) -> str:
    return _PDF if char in _EMBEDDINGS else _PDI


def _describe(char: str) -> str:
    """Name a control as Unicode does: 'RIGHT-TO-LEFT OVERRIDE (U+202E)'."""
    return f"{unicodedata.name(char)} (U+{ord(char):04X})"
