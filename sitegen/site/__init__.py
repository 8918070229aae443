"""Stage 3, site: the model of the whole site across its languages.

Takes: the parsed documents and directories. Gives: `Site` (pages, each with its variant in every
language: a translation, a fallback to the original, outdated or not), the URL and output path of
everything (`routing`, the only module that knows URL shapes), internal links resolved
(`links`), whether a translation is older than its original (`freshness`), and the check of
published numbers against `contacts.lock` (`lock`).

Must not know: templates, HTML rendering or how files are written.
"""
