"""A loop shared among forked processes: the same results, in order, whatever happens there."""

import os

import pytest

from contrepoint.forked import forked_map


def square(n):
    return n * n


def test_results_come_back_in_order_from_every_process():
    pids = forked_map(lambda _n: os.getpid(), range(9), processes=3)
    assert forked_map(square, range(100), processes=3) == [n * n for n in range(100)]
    assert len(set(pids)) == 3 and pids[0] == os.getpid()  # the first share is computed here
    assert pids == sorted(pids, key=pids.index)  # contiguous shares


def test_what_another_process_changes_stays_there():
    seen = []
    forked_map(seen.append, range(10), processes=2)
    assert seen == list(range(5))  # this process's share only


def test_a_share_whose_process_failed_is_computed_here():
    here = os.getpid()

    def fragile(n):
        if os.getpid() != here:
            raise RuntimeError("broken in the other process")
        return n + 1

    assert forked_map(fragile, range(6), processes=2) == [1, 2, 3, 4, 5, 6]


def test_an_error_here_is_raised_as_usual():
    def broken(n):
        raise ValueError(f"item {n}")

    with pytest.raises(ValueError, match="item 0"):
        forked_map(broken, range(4), processes=2)


def test_few_items_or_one_process_mean_no_fork():
    here = os.getpid()
    assert forked_map(lambda _n: os.getpid(), [1], processes=4) == [here]
    assert forked_map(lambda _n: os.getpid(), range(3), processes=1) == [here] * 3
    assert forked_map(square, []) == []


def test_no_process_is_left_behind_when_this_one_fails():
    def broken_here(n):
        if n == 0:
            raise ValueError("here")
        return n

    before = children()
    with pytest.raises(ValueError):
        forked_map(broken_here, range(4), processes=2)
    assert children() == before  # none new, running or waiting to be reaped


def children():
    """Pids of this process's children, zombies included."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stream:
                if int(stream.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                    found.add(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found
