"""`sitegen import`: a pasted thread (text, Markdown, .eml, .html, .docx) made a statement folder.

Takes one file and the site folder; gives `content/statements/SLUG/index.md` (the group's own
words) and one `letters/NN-sender.md` per letter, oldest first, with front matter guessed from
headers, salutations and signatures, the text cleaned by `content.pasted_tidy`. Must not know
how pages are rendered or built: what it writes is ordinary content, read like any other.
"""
