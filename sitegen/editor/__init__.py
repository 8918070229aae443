"""The local browser editor behind `sitegen serve --edit`: pages, preview, save with history.

Takes the site folder and one request at a time (method, path, headers, body) from the dev
server, and gives back a response; writes only under `content/`, `translations/` and
`contacts.lock`, atomically, keeping the previous version under `.sitegen/history/`.
It must not know HTTP sockets (the server's `handler` does) and does nothing without the
session cookie that the printed token is exchanged for (see `security`).
"""
