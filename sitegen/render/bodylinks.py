"""A document's body as one page shows it: its internal links pointed at the reader's language.

Each link is resolved once per document and language (where it leads, and what is wrong with it,
depends on nothing else): a link to no page, or to an anchor the page lacks in that language, is
reported there and then. Only the relative URL depends on the page showing the body.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from sitegen.content.doc import Doc
from sitegen.errors import Level, Problem, SourceRef
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.links import LinkTarget, resolve_link
from sitegen.site.model import Page
from sitegen.site.routing import page_link, relative_url


def body_html(views: ViewFacts, doc: Doc, lang: str, here: str) -> Markup:
    """Return a document's body with its internal links pointing at `lang` pages."""
    return Markup(doc.linked.fill(link_resolver(views, doc, lang, here)))


def link_resolver(views: ViewFacts, doc: Doc, lang: str, here: str) -> Callable[[str], str]:
    # Where a link leads (and what is wrong with it) depends on the document and the
    # reader's language only; only the relative URL depends on the page showing it.
    memo_key = (doc.source.rel, lang)
    known = views.memo.links.get(memo_key)
    if known is None:
        known = views.memo.links[memo_key] = {}
    lines: dict[str, int | None] | None = None

    def resolve(target: str) -> str:
        nonlocal lines
        if target not in known:
            if lines is None:
                lines = {link.target: link.line for link in reversed(doc.body.links)}
            known[target] = resolve_target(views, doc, lang, target, lines.get(target))
        found = known[target]
        return target if found is None else url_of(found, lang, here)

    return resolve


def resolve_target(
    views: ViewFacts, doc: Doc, lang: str, target: str, line: int | None
) -> LinkTarget | None:
    """Find where a link of `doc` leads for `lang` readers, reporting it if it leads nowhere."""
    ref = doc.source.ref.at(line)
    found = resolve_link(target, doc.source.rel, views.links)
    if found is None:  # leads to a file that could not be read: its own error says why
        return None
    if isinstance(found, str):
        views.reporter.report(Problem(ref, found))
        return None
    check_anchor(views, found, lang, ref, target, doc)
    return found


def url_of(target: LinkTarget, lang: str, here: str) -> str:
    if target.asset is not None:
        url = relative_url(here, target.asset)
        return f"{url}#{target.anchor}" if target.anchor else url
    if target.key is None:
        return f"#{target.anchor}" if target.anchor else "./"
    return page_link(here, target.key, lang, target.anchor)


def check_anchor(
    views: ViewFacts, target: LinkTarget, lang: str, ref: SourceRef, written: str, doc: Doc
) -> None:
    if not target.anchor or target.key is None:
        return
    page = views.site.pages[target.key]
    if doc.lang != lang and not (lang in page.variants and lang != views.default):
        return  # a fallback shows the same text as the original: checked there
    if target.anchor in page_ids(views, page, lang):
        return
    level: Level = "error" if lang == views.default else "warning"
    message = (
        f"link {written!r}: the page has no heading or element with id "
        f"{target.anchor!r} in {views.languages[lang].english_name} "
        "(give the heading an id: ## Heading {#" + target.anchor + "})"
    )
    views.reporter.report(Problem(ref, message, level))


def page_ids(views: ViewFacts, page: Page, lang: str) -> frozenset[str]:
    """Return every element id a page has in a language (for #anchor checks)."""
    key = (page.key, lang)
    ids = views.memo.ids.get(key)
    if ids is None:
        ids = views.memo.ids[key] = _page_ids(views, page, lang)
    return ids


def _page_ids(views: ViewFacts, page: Page, lang: str) -> frozenset[str]:
    ids: set[str] = set()
    doc, _ = page.doc_for(lang, views.default)
    if doc is not None:
        ids |= doc.body.ids
    for letter in page.letters:
        ids.add(letter.anchor)
        letter_doc = letter.variants.get(lang) or letter.variants.get(views.default)
        if letter_doc is not None:
            ids |= letter_doc.body.ids
    if page.directory is not None:
        ids |= {entry.id for entry in page.directory.entries}
    return frozenset(ids)
