"""Run a pure function over many items on every core, with results in input order.

Workers are forked, so they inherit the read-only state a stage built (compiled templates, the
site model) without pickling it; only items and results cross between processes. Output order
never depends on which worker finished first, so builds stay byte-identical.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, forking costs more than it saves.
MIN_PARALLEL_ITEMS = 64
# Chunks shrink as the work left does ("guided" scheduling): each is 1/GUIDE of a worker's fair
# share of what is left, so the first ones are large (few to hand out) and the last ones small
# (no worker waits long at the end for another's). A chunk holds MIN_CHUNK to MAX_CHUNK items
# (what a batch function keeps in memory until the end of its batch stays bounded).
GUIDE = 4
MIN_CHUNK = 8
MAX_CHUNK = 500

# The state a forked worker inherited: set in the worker process only, by `_install`.
_worker_state: dict[str, Any] = {}


def default_workers() -> int:
    """Return how many worker processes to use: the cores this process may run on."""
    env = os.environ.get("SITEGEN_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parallel_map(
    function: Callable[[Any, Item], Result],
    state: Any,
    items: Sequence[Item],
    workers: int | None = None,
    min_items: int = MIN_PARALLEL_ITEMS,
    on_done: Callable[[int], None] | None = None,
) -> list[Result]:
    """Return `[function(state, item) for item in items]`, computed on several cores if worth it.

    `min_items` is the least number of items worth forking for (lower it for slow items).
    `on_done` is called in this process with the number of items of each batch done, as they
    come back (in no particular order), for a progress display.
    The calling process does its share of the work beside `workers - 1` forked ones: it would
    only wait otherwise, and each forked process costs memory (whatever of the parent's objects
    it touches is copied).
    """
    return parallel_batches(partial(_apply, function), state, items, workers, min_items, on_done)


def parallel_batches(
    function: Callable[[Any, Sequence[Item]], list[Result]],
    state: Any,
    items: Sequence[Item],
    workers: int | None = None,
    min_items: int = MIN_PARALLEL_ITEMS,
    on_done: Callable[[int], None] | None = None,
) -> list[Result]:
    """Like `parallel_map`, but `function` takes a batch of items and returns a result for each.

    For work that costs something per batch as well as per item, such as writing one file for
    many items. Batches are consecutive items; on one core the items still come in batches, so
    a batch never holds more than a share of the work.
    """
    workers = default_workers() if workers is None else workers
    report = on_done or _ignore
    if workers <= 1 or len(items) < max(2, min_items) or not _can_fork():
        done = []
        for chunk in _chunks(items, 1):
            done += function(state, chunk)
            report(len(chunk))
        return done
    # Imported here: a rebuild that forks nothing (a one-page edit) is spared their 15 ms.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(items, workers)
    results: list[list[Result] | None] = [None] * len(chunks)
    context = multiprocessing.get_context("fork")
    # What the parent made so far is only read by workers: keep the cycle collector from touching
    # (and so copying) every inherited page of it in each worker.
    gc.freeze()
    _return_free_memory()
    try:
        with ProcessPoolExecutor(
            max_workers=workers - 1,
            mp_context=context,
            initializer=_install,
            initargs=(function, state),
        ) as pool:
            _share_chunks(
                pool, workers - 1, chunks, results, lambda chunk: function(state, chunk), report
            )
    finally:
        gc.unfreeze()
    return [result for chunk in results for result in (chunk or [])]


class Aside:
    """Jobs run in forked processes beside the build, for work that only writes files the build
    itself does not read (such as saving the cache's parse index while the build goes on).

    A job's failure is silent: use it only for work whose loss costs nothing but time. `wait`
    before anything reads what the jobs write; without fork the jobs run at once.
    """

    def __init__(self) -> None:
        self._pids: list[int] = []

    def run(self, job: Callable[[], object]) -> None:
        if not _can_fork():
            with contextlib.suppress(Exception):  # as silent as in a process of its own
                job()
            return
        pid = os.fork()
        if pid == 0:  # the child: do the job and leave at once, running nothing of the parent's
            code = 1
            try:
                gc.disable()  # a collection would touch (and so copy) every inherited object
                job()
                code = 0
            finally:
                os._exit(code)
        self._pids.append(pid)

    def wait(self) -> None:
        """Wait until every job has ended."""
        while self._pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pids.pop(), 0)


def _share_chunks(
    pool: ProcessPoolExecutor,
    children: int,
    chunks: list[Sequence[Item]],
    results: list[list[Result] | None],
    run_here: Callable[[Sequence[Item]], list[Result]],
    report: Callable[[int], None],
) -> None:
    """Hand chunks out in order: each child keeps two queued, this process takes the rest."""
    pending: dict[Future[list[Any]], int] = {}
    next_chunk = 0

    def top_up() -> None:
        nonlocal next_chunk
        for future in [f for f in pending if f.done()]:
            index = pending.pop(future)
            results[index] = future.result()
            report(len(chunks[index]))
        while next_chunk < len(chunks) and len(pending) < 2 * children:
            pending[pool.submit(_run_chunk, chunks[next_chunk])] = next_chunk
            next_chunk += 1

    top_up()
    while next_chunk < len(chunks):
        mine = next_chunk
        next_chunk += 1
        results[mine] = run_here(chunks[mine])
        report(len(chunks[mine]))
        top_up()
    for future, index in pending.items():
        results[index] = future.result()
        report(len(chunks[index]))


def _ignore(count: int) -> None:
    pass


def _apply(
    function: Callable[[Any, Item], Result], state: Any, chunk: Sequence[Item]
) -> list[Result]:
    return [function(state, item) for item in chunk]


def _return_free_memory() -> None:
    """Give memory freed by earlier stages back to the system before forking (glibc only).

    Otherwise every forked process starts out sharing, and soon copying, pages that hold
    nothing but freed space.
    """
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _can_fork() -> bool:
    return hasattr(os, "fork")  # as multiprocessing tells whether "fork" is a start method


def _chunks(items: Sequence[Item], workers: int) -> list[Sequence[Item]]:
    """Cut items into consecutive chunks, each smaller than the one before (see GUIDE)."""
    chunks = []
    start = 0
    while start < len(items):
        size = min(MAX_CHUNK, max(MIN_CHUNK, (len(items) - start) // (GUIDE * workers)))
        chunks.append(items[start : start + size])
        start += size
    return chunks


def _install(function: Callable[[Any, Any], Any], state: Any) -> None:
    _worker_state["function"] = function
    _worker_state["state"] = state


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    result: list[Any] = _worker_state["function"](_worker_state["state"], chunk)
    return result
