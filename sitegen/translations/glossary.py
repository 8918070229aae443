"""The site's glossary (`translations/glossary.yaml`): terms kept as they are, and terms with an
agreed translation per language.

    keep:                      # names never translated
      - True Vision
    terms:                     # agreed translations
      hate crime:
        ur: نفرت پر مبنی جرم
        pl: przestępstwo z nienawiści

Export notes the terms a segment holds, so the translator sees them beside it; import warns
where a translation breaks the glossary (a kept name not kept, an agreed term not used).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import SiteError, SourceRef
from sitegen.read.yamlread import YList, YMap, load_yaml
from sitegen.textfile import read_text

GLOSSARY = "translations/glossary.yaml"


@dataclass(frozen=True)
class Glossary:
    """Terms to keep and terms with agreed translations (term -> language -> words)."""

    keep: tuple[str, ...] = ()
    terms: dict[str, dict[str, str]] = field(default_factory=dict)

    def notes(self, source: str, lang: str) -> list[str]:
        """Return the glossary notes for an original segment, for translators."""
        notes = [f"glossary: keep {term!r} as it is" for term in self.keep if _has(source, term)]
        for term, words in self.terms.items():
            if lang in words and _has(source, term):
                notes.append(f"glossary: {term!r} is {words[lang]!r}")
        return notes

    def breaches(self, source: str, translation: str, lang: str) -> list[str]:
        """Say where a translation does not follow the glossary ([] when it does)."""
        found = [
            f"{term!r} is to be kept as it is"
            for term in self.keep
            if _has(source, term) and term not in translation
        ]
        for term, words in self.terms.items():
            agreed = words.get(lang)
            if agreed and _has(source, term) and agreed.casefold() not in translation.casefold():
                found.append(f"{term!r} is to be translated {agreed!r}")
        return found


def _has(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def read_glossary(site_dir: Path) -> Glossary:
    """Read `translations/glossary.yaml` (an empty glossary when there is none)."""
    path = site_dir / GLOSSARY
    if not path.is_file():
        return Glossary()
    document = load_yaml(read_text(path, GLOSSARY), GLOSSARY)
    if document is None:
        return Glossary()
    if not isinstance(document, YMap):
        raise SiteError.at(SourceRef(GLOSSARY, 1), "the glossary must be 'keep:' and 'terms:'")
    for key in document:
        if key not in ("keep", "terms"):
            line = document.key_lines.get(key, 1)
            raise SiteError.at(
                SourceRef(GLOSSARY, line), f"unknown key {key!r}: the glossary has keep and terms"
            )
    keep = document.get("keep") or YList(document.line)
    terms = document.get("terms") or YMap(document.line)
    if not isinstance(keep, YList) or not all(isinstance(term, str) for term in keep):
        raise SiteError.at(_line(document, "keep"), "keep: must be a list of names")
    if not isinstance(terms, YMap):
        raise SiteError.at(_line(document, "terms"), "terms: must map each term to its languages")
    agreed: dict[str, dict[str, str]] = {}
    for term, words in terms.items():
        if not isinstance(words, YMap) or not all(isinstance(w, str) for w in words.values()):
            raise SiteError.at(
                _line(terms, term),
                f"the term {term!r} must map language codes to its translation, e.g. 'ur: ...'",
            )
        agreed[str(term)] = {str(lang): str(text) for lang, text in words.items()}
    return Glossary(tuple(str(term) for term in keep), agreed)


def _line(mapping: YMap, key: str) -> SourceRef:
    return SourceRef(GLOSSARY, mapping.key_lines.get(key, mapping.line))
