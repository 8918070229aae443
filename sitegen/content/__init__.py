"""Stage 2, content: one source file to one parsed document.

Takes: a `SourceFile` and the settings. Gives: `Doc` (checked front matter and the facts about its
body: sanitised HTML split around its internal links, headings, ids, links with their lines,
the words' fingerprint), and `Directory` (a contact directory with checked numbers). Markdown is
set up and extended in `markdown`, made safe in `sanitize` (nh3) and finished in `finish`.
`parse` parses on every core through the parse index (`parseindex`), one file at a time in
`parsefile`.

Must not know: URLs or output paths (links stay as the source paths the editor wrote; only
`site.routing` turns them into URLs), other documents, templates or the theme.
"""
