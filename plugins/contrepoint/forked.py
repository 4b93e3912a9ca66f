"""Share a loop among forked processes, one per core: Pelican uses one.

:func:`forked_map` is for pure work on what the build has read, once it is
read: each forked process computes a contiguous share of the items from
the state it inherited and sends its results back pickled; this process
computes the first share meanwhile. What a forked process changes stays
in it: the results are all that comes back. A share whose process failed
is computed again here, where an error is reported as usual.
"""

import os
import pickle
import signal
import sys


def forked_map(function, items, processes=None):
    """``[function(item) for item in items]``, shared among ``processes`` (default: cores)."""
    items = list(items)
    processes = min(processes or os.cpu_count() or 1, len(items))
    if processes < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    bounds = [len(items) * index // processes for index in range(processes + 1)]
    shares = [items[start:end] for start, end in zip(bounds, bounds[1:])]
    sys.stdout.flush()
    sys.stderr.flush()
    children = [(_fork(function, share), share) for share in shares[1:]]
    try:
        results = [function(item) for item in shares[0]]
    except BaseException:
        for (pid, pipe), _share in children:  # no process left behind
            os.kill(pid, signal.SIGKILL)
            _collect(pid, pipe)
        raise
    for (pid, pipe), share in children:
        part = _collect(pid, pipe)
        results += part if part is not None else [function(item) for item in share]
    return results


def _fork(function, share):
    """Start a process computing ``share``; return ``(pid, pipe to read)``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    status = 1
    try:
        with os.fdopen(write, "wb") as stream:
            pickle.dump([function(item) for item in share], stream, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:  # never back into the caller: this process only computed its share
        os._exit(status)


def _collect(pid, pipe):
    """The results of the process ``pid``, or None if it failed."""
    with os.fdopen(pipe, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) or not data:
        return None
    return pickle.loads(data)
