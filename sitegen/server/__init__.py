"""The dev server: serve the last good build, rebuild on change, reload the browser.

Takes: a site folder and a build function. Gives: HTTP on 127.0.0.1, a watcher of the site's
sources, an error page while the site has errors. Sits above the pipeline and calls it only
through a build function (`sitebuild` makes the real one, run in a spawned worker process).

Must not know: how pages are made.
"""
