"""Review dates: when a page or a contact directory was last checked, and when it is due again.

Like the NHS's "Page last reviewed / Next review due". A page or directory says `reviewed:` (and
may say `review_by:`); without `review_by` the next review is due `review_every` (site.yaml, six
months unless it says otherwise) after the last. Statements, letters and alerts are dated
records, not advice that goes stale: they have no review dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitegen.content.doc import Doc
from sitegen.errors import Problems
from sitegen.i18n.languages import format_date
from sitegen.read.config import ReviewPeriod
from sitegen.site.model import Site

UNREVIEWED_TYPES = frozenset({"statement", "alert"})


@dataclass(frozen=True)
class Review:
    """When something was last reviewed and when it is due again (either may be unknown)."""

    reviewed: dt.date | None
    due: dt.date | None


def review_of(reviewed: dt.date | None, review_by: dt.date | None, every: ReviewPeriod) -> Review:
    """Return the review dates: `review_by` if given, else `reviewed` plus the period."""
    last = _day(reviewed)
    due = _day(review_by) or (every.after(last) if last else None)
    return Review(last, due)


def doc_review(doc: Doc, page_type: str, every: ReviewPeriod) -> Review | None:
    """Return a page's review dates, or None for a page that has none (or needs none)."""
    if page_type in UNREVIEWED_TYPES:
        return None
    review = review_of(doc.date("reviewed"), doc.date("review_by"), every)
    return review if review.reviewed or review.due else None


def check_reviews(site: Site, problems: Problems) -> None:
    """Warn about every page and directory whose next review date has passed."""
    config = site.config
    today = site.now.astimezone(config.zone).date()
    for page in site.pages.values():
        for doc in page.variants.values():
            review = doc_review(doc, page.type, config.review_every)
            if review is not None and review.due is not None and review.due < today:
                line = doc.line_of("review_by" if doc.date("review_by") else "reviewed")
                problems.warning(
                    doc.source.ref.at(line),
                    f"this page was due for review on {_english(review, config.region)}: check "
                    "it is still right, then change 'reviewed:' to the day you checked it",
                )
    for directory in site.directories.values():
        review = review_of(directory.reviewed, directory.review_by, config.review_every)
        if review.due is not None and review.due < today:
            key = "review_by" if directory.review_by else "reviewed"
            problems.warning(
                directory.ref.at(directory.review_lines.get(key, 1)),
                "the numbers in this directory were due a check on "
                f"{_english(review, config.region)}: check each with its service, then change "
                "'reviewed:' to the day you checked them",
            )


def _english(review: Review, region: str) -> str:
    """The due date as the site's messages (in English) write dates."""
    return format_date(review.due, "en", region)


def _day(value: dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value
