"""The translators' commands: `sitegen translations status | new | done | extract`.

Takes: a site folder. Gives: what is left to translate and what is out of date, a new
translation started from its original, a translation marked up to date, the theme's words as
a `.pot` template. Reads the site through the same stages as a build; writes only the files a
translator asked for.

Must not know: how pages are rendered or written; it never touches the output folder.
"""
