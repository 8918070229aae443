"""Who pages are for and what they are about: a generated page for each audience and each tag.

A page's `audience:` and `tags:` (read from its original, in the default language: a
translation keeps its original's settings) put it on the page of each value it names, at
`audience/<id>` and `tags/<id>` (see `sitegen.read.vocabulary` for ids and labels). A value the
site does not declare is an error at the line of the page that names it.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from sitegen.content.doc import Doc
from sitegen.errors import Problems
from sitegen.read.config import SiteConfig
from sitegen.read.vocabulary import Vocabulary

# front matter field -> (page type, the folder of its pages, the site.yaml key declaring them)
TOPIC_FIELDS = {"audience": ("audience", "audience", "audiences"), "tags": ("tag", "tags", "tags")}
TOPIC_TYPES = tuple(page_type for page_type, _, _ in TOPIC_FIELDS.values())


@dataclass(frozen=True)
class Topic:
    """An audience or a tag, the generated page listing what carries it."""

    type: str  # "audience" or "tag"
    value: str  # the id (or words) pages write
    pages: tuple[str, ...]  # keys of the pages that carry it, in the order found

    def label(self, config: SiteConfig, lang: str) -> tuple[str, str]:
        """Return the topic's label for `lang` readers and the language it is written in."""
        return vocabulary(config, self.type).label(self.value, lang, config.default_language)


def vocabulary(config: SiteConfig, page_type: str) -> Vocabulary:
    """Return the declared (or free) values of a topic type."""
    return config.audiences if page_type == "audience" else config.tags


def find_topics(
    docs: dict[str, dict[str, Doc]], config: SiteConfig, problems: Problems
) -> tuple[dict[str, Topic], dict[str, tuple[str, ...]]]:
    """Return the topic pages by key, and each carrying page's topic keys in the order written.

    `docs` is each page key's documents by language; every document's values are checked,
    the original's decide where the page is listed.
    """
    carried: dict[str, list[str]] = defaultdict(list)
    values: dict[str, tuple[str, str]] = {}
    # each topic's pages in the order found: a dict as an ordered set (a list's `in` made this
    # quadratic, 5 s at 100,000 pages carrying the same tags)
    topic_pages: dict[str, dict[str, None]] = defaultdict(dict)
    fields = [
        (name, page_type, folder, setting, vocabulary(config, page_type))
        for name, (page_type, folder, setting) in TOPIC_FIELDS.items()
    ]
    slugs: dict[tuple[str, str], str] = {}  # the same few values on thousands of pages
    for key in sorted(docs):
        for lang, doc in sorted(docs[key].items()):
            values_of = doc.meta.values
            for name, page_type, folder, setting, vocab in fields:
                if name not in values_of:
                    continue
                for value in values_of[name] or ():
                    if not vocab.has(value):
                        _report_unknown(doc, name, page_type, value, vocab, setting, problems)
                        continue
                    slug = slugs.get((page_type, value))
                    if slug is None:
                        slug = slugs[page_type, value] = vocab.slug(value)
                    if not slug:
                        problems.error(
                            doc.source.ref.at(doc.line_of(name)),
                            f"{page_type} '{value}' has no letters or digits to make the address "
                            f"of its page from: write it in words, or declare '{setting}:' in "
                            "site.yaml",
                        )
                        continue
                    if lang != config.default_language:
                        continue
                    topic_key = f"{folder}/{slug}"
                    values.setdefault(topic_key, (page_type, value))
                    if key not in topic_pages[topic_key]:
                        topic_pages[topic_key][key] = None
                        carried[key].append(topic_key)
    topics = {
        topic_key: Topic(values[topic_key][0], values[topic_key][1], tuple(keys))
        for topic_key, keys in sorted(topic_pages.items())
    }
    return topics, {key: tuple(keys) for key, keys in carried.items()}


def _report_unknown(
    doc: Doc,
    name: str,
    what: str,
    value: str,
    vocab: Vocabulary,
    setting: str,
    problems: Problems,
) -> None:
    close = difflib.get_close_matches(value, list(vocab.labels), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    problems.error(
        doc.source.ref.at(doc.line_of(name)),
        f"unknown {what} '{value}'{hint}: use one declared under '{setting}:' in site.yaml "
        f"({', '.join(sorted(vocab.labels))}), or declare it there",
    )
