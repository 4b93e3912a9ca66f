"""Share a loop among forked processes, one per core: Pelican uses one.

:func:`forked_map` is for pure work on what the build has read, once it is
read: each forked process computes a contiguous share of the items from
the state it inherited and sends its results back pickled; this process
computes the first share meanwhile. What a forked process changes stays
in it: the results are all that comes back. A share whose process failed
is computed again here, where an error is reported as usual.

:class:`ReadAhead` is for work this process is about to do itself, item by
item: a forked process computes the items from the last one back while this
one goes from the first, and gives its results when they are asked for.
"""

import io
import logging
import mmap
import os
import pickle
import signal
import sys
import tempfile

try:
    import fcntl
except ImportError:  # Windows, where nothing forks either
    fcntl = None


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


class ReadAhead:
    """Compute ``function(item)`` for ``items`` in a forked process, from the last one back,
    while this process asks for them (:meth:`take`) from the first.

    Each item is claimed once, by the first of the two to reach it, so they
    meet where they are equally done, whatever else keeps the cores busy.
    :meth:`take` gives ``(True, result)`` for an item the forked process
    computed (waiting for it to finish if need be), and ``(False, None)`` for
    one this process must compute itself: one it claims first, one that is
    not in ``items``, and one the forked process failed on or that logged or
    printed anything there (its messages, and what they mean to the build,
    belong here). ``shared`` (e.g. the settings) is pickled as a reference:
    results point to this process's object, not to copies of it.
    """

    def __init__(self, function, items, shared=None):
        self._index = {item: index for index, item in enumerate(items)}
        self._claims = mmap.mmap(-1, max(1, len(self._index)))  # shared with the fork
        self._results = tempfile.TemporaryFile()  # the fork's results; its lock guards claims
        self._shared = shared
        self._done = None  # {index: result} once the forked process is over
        self.taken = 0  # items given from the forked process
        sys.stdout.flush()
        sys.stderr.flush()
        self._pid = os.fork()
        if self._pid == 0:
            status = 1
            try:
                self._compute(function, list(self._index))
                status = 0
            finally:  # never back into the caller
                os._exit(status)

    def take(self, item):
        """``(True, result)`` if the forked process computed ``item``, else ``(False, None)``."""
        index = self._index.get(item)
        if index is None or self._claim(index):
            return False, None
        if self._done is None:
            self._done = self._collect()
        if index not in self._done:
            return False, None
        self.taken += 1
        return True, self._done.pop(index)

    def close(self):
        """Stop the forked process if it still runs, and forget its results."""
        if self._done is None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        self._done = {}
        self._results.close()

    def _claim(self, index):
        """Claim item ``index`` for this process; False if the other one has."""
        # A POSIX lock belongs to a process: the other one's is released if it dies.
        fcntl.lockf(self._results, fcntl.LOCK_EX)
        try:
            if self._claims[index]:
                return False
            self._claims[index] = 1
            return True
        finally:
            fcntl.lockf(self._results, fcntl.LOCK_UN)

    def _compute(self, function, items):
        """In the forked process: claim and compute from the last item back."""
        said = _Said()
        logging.getLogger().handlers = [said]
        sys.stdout = sys.stderr = said.printed
        for index in range(len(items) - 1, -1, -1):
            if not self._claim(index):
                continue
            said.clear()
            try:
                result = function(items[index])
            except Exception:  # noqa: BLE001 (the caller computes it again, and reports)
                continue
            if not said.anything():
                _SharedPickler(self._results, self._shared).dump((index, result))
        self._results.flush()

    def _collect(self):
        """The forked process's results, once it is over (none if it failed)."""
        _, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status):
            return {}
        self._results.seek(0)
        done = {}
        while True:
            try:
                index, result = _SharedUnpickler(self._results, self._shared).load()
            except EOFError:
                return done
            done[index] = result


class _Said(logging.Handler):
    """Notes whether anything was logged (handled here) or printed (to ``printed``)."""

    def __init__(self):
        super().__init__()
        self.printed, self.logged = io.StringIO(), False

    def emit(self, record):
        self.logged = True

    def clear(self):
        self.printed.seek(0)
        self.printed.truncate()
        self.logged = False

    def anything(self):
        return self.logged or bool(self.printed.tell())


class _SharedPickler(pickle.Pickler):
    """Pickles ``shared`` as a reference (see :class:`_SharedUnpickler`)."""

    def __init__(self, stream, shared):
        super().__init__(stream, pickle.HIGHEST_PROTOCOL)
        self._shared = shared

    def persistent_id(self, obj):
        return "shared" if obj is self._shared and obj is not None else None


class _SharedUnpickler(pickle.Unpickler):
    """Unpickles the reference to ``shared`` as ``shared`` itself."""

    def __init__(self, stream, shared):
        super().__init__(stream)
        self._shared = shared

    def persistent_load(self, pid):
        return self._shared
