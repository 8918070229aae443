"""`sitegen new`: a new site folder from nothing, and new pages, letters, alerts and directories.

Takes a folder (and a name, languages, a region) or a kind and a path in an existing site; gives
ordinary source files (site.yaml, Markdown with front matter, contact YAML, contacts.lock, CI
workflows) that the build then reads like any other. Must not know how pages are parsed,
rendered or written to the output: it writes sources, never output.
"""
