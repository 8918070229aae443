"""Stage 1, read: the site's files and YAML exactly as the editor wrote them.

Takes: a site folder. Gives: `SiteConfig` (site.yaml, checked against its schema), the list of
`SourceFile`s under `content/` (each classified as page, letter, directory or asset, with its
language), and the tools every later stage reads files with: plain-data YAML that keeps each
scalar as the text written, with its line (`yamlread`), front matter (`frontmatter`), and the
declarative schemas that check it (`schema`).

Must not know: Markdown, HTML, URLs, templates or the output folder. Every value it hands on
carries its `SourceRef` (path, line), so that any later stage can say where a problem is.
"""
