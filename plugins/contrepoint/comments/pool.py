"""Read comment folders in worker processes while the main one reads the posts.

Pelican builds on one core. :class:`FolderPool` sends article folders to
``workers`` processes (``spawn``: nothing of the parent's state is inherited)
in batches; each worker reads their files, renders the bodies with its own
:class:`~.source.Renderer` and nests the threads (:func:`.source.read_folder`).
:meth:`FolderPool.collect` takes the results and reads itself, in the calling
process, the batches no worker has started, rather than wait for them. It
gives what :func:`.source.load_comments` takes as ``read_ahead``, and the keys
of the bodies read (:meth:`.source.Renderer.key`). With a
:class:`~.store.DiskStore`, workers write the bodies there and send back only
their keys; without, the bodies come back with the threads. Pure: no Pelican.
"""

import concurrent.futures
import multiprocessing
import os

from .source import Renderer, read_folder

BATCH = 10  # folders per job, some 100 comments: a short wait for the last ones

_worker = None  # in a worker process: (its Renderer, max_bytes, tzinfo), built once


def spare_cores():
    """Cores this process may use, but one (Pelican's), and at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def read_batch(renderer, folders, max_bytes, tzinfo):
    """``{folder: ReadFolder}`` for ``folders``, bodies rendered by ``renderer``."""
    return {folder: read_folder(folder, renderer, max_bytes, tzinfo) for folder in folders}


def _start_worker(markdown_factory, fingerprint, max_bytes, tzinfo, store):
    global _worker
    _worker = (Renderer(markdown_factory, fingerprint, store), max_bytes, tzinfo)


def _read_in_worker(folders):
    renderer, max_bytes, tzinfo = _worker
    renderer.used = set()  # the keys of this batch, nothing more, go back
    read = read_batch(renderer, folders, max_bytes, tzinfo)
    renderer.store.flush()  # before the main process asks for a body
    return read, renderer.used


class FolderPool:
    """Worker processes reading comment folders.

    ``markdown_factory`` (picklable: e.g. a ``functools.partial`` of
    ``markdown.Markdown``), ``fingerprint``, ``max_bytes``, ``tzinfo`` and
    ``store`` (a ``DiskStore``, or None: each worker keeps its bodies in
    memory and sends them back) are given to each worker once. Always
    :meth:`close` it (it is a context manager too).
    """

    def __init__(self, markdown_factory, fingerprint, max_bytes, tzinfo, store=None,
                 workers=None):
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers or spare_cores(),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(markdown_factory, fingerprint, max_bytes, tzinfo, store),
        )
        self._max_bytes, self._tzinfo = max_bytes, tzinfo
        self._jobs = []  # (future, folders), in submission order
        self.failures = []  # errors of failed batches, as text

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def submit(self, folders, batch=BATCH):
        """Queue ``folders`` in batches of ``batch``."""
        for start in range(0, len(folders), batch):
            chunk = folders[start:start + batch]
            self._jobs.append((self._executor.submit(_read_in_worker, chunk), chunk))

    def collect(self, renderer=None):
        """``(read, used)``: ``{folder: ReadFolder}`` and the keys of the workers' bodies.

        With a ``renderer``, the batches no worker has started are read here
        with it (last first, while the workers take the first; the keys of
        what it reads are in its ``used``); without, the workers read them all. A batch whose
        worker failed is left out, for the caller to read; the error is kept
        in ``failures``.
        """
        read, used = {}, set()
        jobs, self._jobs = self._jobs, []
        # Workers take batches first to last: take them from the end, one at a
        # time, until the last one left has been started.
        while renderer is not None and jobs and jobs[-1][0].cancel():
            read.update(read_batch(renderer, jobs.pop()[1], self._max_bytes, self._tzinfo))
        for future, _folders in jobs:
            try:
                batch, keys = future.result()
            except Exception as error:  # a worker died or failed: the caller reads them
                self.failures.append(f"{type(error).__name__}: {error}")
                continue
            read.update(batch)
            used |= keys
        return read, used

    def close(self):
        """Stop the workers now: pending batches are dropped, processes joined."""
        self._jobs = []
        self._executor.shutdown(wait=True, cancel_futures=True)
