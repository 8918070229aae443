"""Languages and regions: the facts every stage needs about them, and the theme's catalogs.

Takes: language codes, a region, `.po` files. Gives: a language's names, direction and date
formats (`languages`, from CLDR through Babel), phone numbers as a region writes and dials them
(`phones`, through phonenumbers), and the theme's words compiled and checked for each language
(`catalogs`, gettext through Babel).

It sits below `read` because reading a site already needs it: a file name `page.ur.md`, a `lang:`
field and `languages:` in site.yaml are checked against CLDR. Only this package talks to Babel
and to phonenumbers. Must not know: sites, pages, templates or the output.
"""
