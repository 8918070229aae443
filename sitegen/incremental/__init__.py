"""What lets a build redo only what changed, on every core: the cache and the workers.

Takes and gives: bytes and Python values, by content fingerprints (`cache`: an on-disk store
outside the site, keyed so that a changed input is simply a new key), and a pure function mapped
over many items on every core, results in input order (`parallel`).

The stages use these as services, so this package sits below them all. Must not know: sites,
pages, languages or any stage's types. What decides whether a whole build can be skipped is
`sitegen.uptodate`, above the pipeline.
"""
