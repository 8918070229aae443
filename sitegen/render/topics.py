"""A page's links to the pages of its audiences and tags (see `sitegen.site.topics`)."""

from __future__ import annotations

from sitegen.render.context import TopicLinkView
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.model import Page
from sitegen.site.routing import page_link


def topic_links(
    views: ViewFacts, page: Page, page_type: str, lang: str, here: str
) -> tuple[TopicLinkView, ...]:
    """Link the pages of a page's audiences (`page_type` "audience") or tags ("tag")."""
    links = []
    for key in views.site.topics_of.get(page.key, ()):
        topic = views.site.topics[key]
        if topic.type != page_type:
            continue
        label, label_lang = topic.label(views.site.config, lang)
        links.append(
            TopicLinkView(
                label=label,
                url=page_link(here, key, lang),
                lang=label_lang,
                dir=views.languages[label_lang].dir,
            )
        )
    return tuple(links)
