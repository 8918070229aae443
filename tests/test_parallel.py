"""Work spread over forked processes gives what one process would, in the same order."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from sitegen.incremental.parallel import MAX_CHUNK, MIN_CHUNK, Aside, parallel_batches, parallel_map


def square_with_pid(offset: int, item: int) -> tuple[int, int]:
    return item * item + offset, os.getpid()


def test_parallel_map_keeps_the_order_and_uses_another_process() -> None:
    found = parallel_map(square_with_pid, 1, list(range(3000)), workers=2)
    assert [value for value, _ in found] == [n * n + 1 for n in range(3000)]
    assert len({pid for _, pid in found}) == 2  # the parent and one forked worker


def batch_bounds(_: None, batch: Sequence[int]) -> list[tuple[int, int, int]]:
    return [(item, batch[0], len(batch)) for item in batch]


def test_batches_are_consecutive_shrinking_and_bounded() -> None:
    for workers in (1, 2):
        found = parallel_batches(batch_bounds, None, list(range(6000)), workers=workers)
        assert [item for item, _, _ in found] == list(range(6000))
        sizes = [size for item, first, size in found if item == first]
        assert sum(sizes) == 6000
        assert all(MIN_CHUNK <= size <= MAX_CHUNK for size in sizes[:-1])
        assert sizes == sorted(sizes, reverse=True)  # the last ones are the smallest
        assert sizes[-2] <= 2 * MIN_CHUNK  # so no process waits long for another at the end


def test_a_job_aside_runs_in_another_process_and_wait_waits_for_it(tmp_path: Path) -> None:
    mark = tmp_path / "mark"

    def job() -> None:
        time.sleep(0.3)
        mark.write_text(str(os.getpid()))

    aside = Aside()
    aside.run(job)
    assert not mark.exists()  # the caller went on at once
    aside.wait()
    assert mark.read_text() != str(os.getpid())


def test_a_failing_job_aside_costs_the_caller_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    started = tmp_path / "started"

    def job() -> None:
        started.write_text(str(os.getpid()))
        raise OSError("disk full")

    aside = Aside()
    aside.run(job)
    aside.wait()  # the failure does not reach the caller
    aside.wait()  # nothing left to wait for
    # The job really ran, in another process, and failed there without a word.
    assert started.read_text() != str(os.getpid())
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize("workers", [1, 2])
def test_every_item_done_is_reported_in_this_process(workers: int) -> None:
    reported: list[tuple[int, int]] = []  # (count, the process that was told)
    items = list(range(300))
    results = parallel_map(
        square_with_pid,
        0,
        items,
        workers=workers,
        on_done=lambda count: reported.append((count, os.getpid())),
    )
    assert [square for square, _ in results] == [n * n for n in items]
    assert sum(count for count, _ in reported) == len(items)
    assert {pid for _, pid in reported} == {os.getpid()}
    assert len(reported) > 1  # batch by batch, not once at the end
