"""Stage 5, output: the built files written to the output folder, all at once or not at all.

Takes: `OutputFile`s (a path inside the output and its bytes). Gives: the output folder brought to
exactly those files, untouched where a file did not change, updated in place for a few changes,
swapped whole for many; the previous output is never left half-written. Checks that no two files
claim one path and that nothing escapes the folder.

Must not know: pages, languages or templates. Only this package writes to the output folder.
"""
