"""Stage 4, render: the site model to the bytes of every output file.

Takes: the `Site`, the resolved links, the theme (`theme`: the site's templates over the
default theme's) and the catalogs. Gives: `OutputFile`s. `views` turns the model into the typed
template context of one page in one language (`context`), each part of a page built by its own
module (`navigation`, `pagelists`, `directories`, `alerts`, `bodylinks`, all reading
`viewfacts`); `pages` renders them with one Jinja environment per language (`environments`;
template mistakes located by `templates`), on every core, keyed by what each page depends on
(`depends`, `templatedeps`); `feeds`, `seo` (sitemap, robots.txt, JSON-LD), `search` and
`leaflet` (PDF) make the other outputs.

Must not know: where the output folder is or how it is replaced (that is `output`).
"""
