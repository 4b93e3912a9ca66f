"""Work shared with forked processes: the same results, whatever happens there."""

import logging
import os
import sys
import time

import pytest

from contrepoint.forked import ReadAhead, forked_map
from helpers import children


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


# -- ReadAhead ------------------------------------------------------------------

def slow_pid(item):
    time.sleep(0.005)
    return item, os.getpid()


def take_all(ahead, items, function):
    """What a caller does: take each item in order, or compute it here."""
    results = []
    for item in items:
        done, result = ahead.take(item)
        results.append(result if done else function(item))
    ahead.close()
    return results


def test_the_two_processes_meet_and_every_item_is_computed_once():
    items = [f"post-{n}" for n in range(40)]
    ahead = ReadAhead(slow_pid, items)
    results = take_all(ahead, items, slow_pid)
    assert [item for item, _pid in results] == items
    pids = [pid for _item, pid in results]
    here = pids.count(os.getpid())
    assert 0 < here < len(items) and ahead.taken == len(items) - here
    assert pids[:here] == [os.getpid()] * here  # this one from the first, the other from the last


def test_results_point_to_the_shared_object_not_to_a_copy():
    settings = {"SITEURL": "https://example.org"}
    items = list(range(20))

    def read(item):
        time.sleep(0.005)
        return {"n": item, "settings": settings}

    ahead = ReadAhead(read, items, shared=settings)
    results = take_all(ahead, items, read)
    assert ahead.taken > 0
    assert all(result["settings"] is settings for result in results)
    assert [result["n"] for result in results] == items


def test_an_item_that_failed_logged_or_printed_there_is_computed_here():
    here, items = os.getpid(), list(range(30))
    logger = logging.getLogger("test_forked")

    def touchy(item):
        time.sleep(0.005)
        if os.getpid() != here:
            if item == 29:
                raise ValueError("broken there")
            if item == 28:
                logger.warning("a warning about %s", item)
            if item == 27:
                print("a problem", file=sys.stderr)
        return item, os.getpid()

    ahead = ReadAhead(touchy, items)
    results = take_all(ahead, items, touchy)
    assert [item for item, _pid in results] == items
    assert [pid for item, pid in results if item >= 27] == [here] * 3
    assert ahead.taken > 0  # the others were taken from there


def test_a_forked_process_that_dies_leaves_every_item_here():
    here = os.getpid()

    def dying(item):
        if os.getpid() != here:
            os._exit(3)
        return item

    ahead = ReadAhead(dying, list(range(10)))
    assert take_all(ahead, list(range(10)), dying) == list(range(10))
    assert ahead.taken == 0


def test_an_unknown_item_is_computed_here():
    ahead = ReadAhead(slow_pid, ["a", "b"])
    assert ahead.take("z") == (False, None)
    ahead.close()


def test_close_stops_the_forked_process_and_leaves_none_behind():
    before = children()
    ahead = ReadAhead(lambda item: time.sleep(10), list(range(5)))
    assert len(children() - before) == 1
    started = time.monotonic()
    ahead.close()
    assert time.monotonic() - started < 5 and children() == before
