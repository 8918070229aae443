""" "Did you mean" for links that lead nowhere: the linkable path closest to the one written.

Closeness is difflib's ratio, as before, but a missing path is compared only with near paths,
not with every file of the site: those whose length allows the ratio at all, and of those (on a
big site) the ones sharing the most three-letter pieces with it, plus any with the same file
name in another folder. The index behind that is made once per build, on first use; each missing
path's answer is worked out once, so a missing path costs at most `NEAR` full comparisons
however big the site is.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

NEAR = 48  # paths compared in full with a missing one; up to this many, all in length range
GRAM = 3


@dataclass(frozen=True)
class _Pool:
    """Paths of one kind, by length, by three-letter piece and by file name."""

    paths: tuple[str, ...]
    by_length: dict[int, tuple[int, ...]]
    by_gram: dict[str, tuple[int, ...]]
    by_name: dict[str, tuple[int, ...]]
    common: int  # a piece in more paths than this says little about which is meant

    @classmethod
    def of(cls, paths: Iterable[str]) -> _Pool:
        ordered = tuple(sorted(set(paths)))
        by_length: defaultdict[int, list[int]] = defaultdict(list)
        by_gram: defaultdict[str, list[int]] = defaultdict(list)
        by_name: defaultdict[str, list[int]] = defaultdict(list)
        for number, path in enumerate(ordered):
            by_length[len(path)].append(number)
            by_name[posixpath.basename(path)].append(number)
            for gram in _grams(path):
                by_gram[gram].append(number)
        return cls(
            ordered,
            {length: tuple(numbers) for length, numbers in by_length.items()},
            {gram: tuple(numbers) for gram, numbers in by_gram.items()},
            {name: tuple(numbers) for name, numbers in by_name.items()},
            max(NEAR, len(ordered) // 4),
        )

    def near(self, word: str, cutoff: float) -> list[str]:
        """Return the paths that can be at least `cutoff` close to `word`, the likeliest first
        when there are more than `NEAR`."""
        # difflib's ratio is 2 * matches / (len(a) + len(b)), and matches <= the shorter length.
        shortest = int(len(word) * cutoff / (2 - cutoff))
        longest = int(len(word) * (2 - cutoff) / cutoff) + 1
        in_range = [
            number
            for length in range(shortest, longest + 1)
            for number in self.by_length.get(length, ())
        ]
        if len(in_range) <= NEAR:
            return [self.paths[number] for number in in_range]
        allowed = frozenset(in_range)
        grams = _grams(word)
        postings = [self.by_gram[gram] for gram in grams if gram in self.by_gram]
        telling = [numbers for numbers in postings if len(numbers) <= self.common]
        shared = Counter(chain.from_iterable(telling or postings))
        ranked = sorted(
            (number for number in shared if number in allowed),
            key=lambda number: (-shared[number], number),
        )
        same_name = [n for n in self.by_name.get(posixpath.basename(word), ()) if n in allowed]
        chosen = dict.fromkeys(chain(same_name, ranked[:NEAR]))
        return [self.paths[number] for number in chosen]


def closest_two(word: str, paths: Iterable[str], cutoff: float) -> tuple[str, ...]:
    """Return what `difflib.get_close_matches(word, paths, n=2, cutoff=cutoff)` returns, sooner.

    The full ratio is the costly part; `quick_ratio` is an upper bound of it. Paths are tried
    from the highest bound down, and once two are found the rest, whose bounds are lower than
    both, cannot take their place (ties go to the greater path, as in difflib).
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded = []
    for path in paths:
        matcher.set_seq1(path)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounded.append((bound, path))
    bounded.sort(reverse=True)
    best: list[tuple[float, str]] = []  # (ratio, path), the greatest first, two at most
    for bound, path in bounded:
        if len(best) == 2 and bound < best[1][0]:
            break
        matcher.set_seq1(path)
        score = matcher.ratio()
        if score >= cutoff:
            best = sorted([*best, (score, path)], reverse=True)[:2]
    return tuple(path for _, path in best)


def _grams(text: str) -> set[str]:
    padded = f"\x00{text}\x00"
    return {padded[at : at + GRAM] for at in range(len(padded) - GRAM + 1)}


@dataclass
class Suggester:
    """The closest existing path to a missing one, worked out once per missing path."""

    candidates: dict[str, tuple[str, ...]]  # kind ("file", "static") -> the paths of that kind
    _pools: dict[str, _Pool] = field(default_factory=dict, repr=False)
    _answers: dict[tuple[str, str, float], tuple[str, ...]] = field(
        default_factory=dict, repr=False
    )

    def closest(self, word: str, kind: str, cutoff: float, exclude: str = "") -> str | None:
        """Return the path of `kind` closest to `word`, if any is at least `cutoff` close;
        never `exclude` (the linking file itself)."""
        key = (word, kind, cutoff)
        answer = self._answers.get(key)
        if answer is None:
            near = self._pool(kind).near(word, cutoff)
            # Two, so that dropping `exclude` still leaves the best of the others.
            answer = self._answers[key] = closest_two(word, near, cutoff)
        return next((path for path in answer if path != exclude), None)

    def _pool(self, kind: str) -> _Pool:
        pool = self._pools.get(kind)
        if pool is None:
            pool = self._pools[kind] = _Pool.of(self.candidates.get(kind, ()))
        return pool
