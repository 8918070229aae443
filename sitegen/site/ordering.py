"""The order of named things: letters by the numbers in their file names."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"([0-9]+)")


def natural_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting names in the order of the numbers in them: `9-x` before `10-x`.

    >>> sorted(["10-council", "9-police", "09-imam", "a"], key=natural_order)
    ['09-imam', '9-police', '10-council', 'a']
    """
    return tuple(
        (0, int(part), part) if index % 2 else (1, 0, part)
        for index, part in enumerate(_NUMBER.split(name))
        if part
    )
