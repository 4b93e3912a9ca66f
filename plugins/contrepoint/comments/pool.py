"""Render comment bodies in worker processes while the main one does other work.

Pelican builds on one core. :class:`BodyPool` sends ``(body, anchor)`` pairs
to ``workers`` processes (``spawn``: nothing of the parent's state is
inherited) in batches, each worker rendering with its own
:class:`~.source.Renderer`; :meth:`BodyPool.collect` takes the results and
renders itself, in the calling process, the batches no worker has started,
rather than wait for them. Results are the entries
:meth:`.source.Renderer.convert` gives, keyed as :meth:`.source.Renderer.key`:
they go into a renderer's cache, so a missing one is just rendered again in
the main process. Pure: no Pelican.
"""

import concurrent.futures
import multiprocessing
import os

from .source import Renderer

BATCH = 100  # comments per job: pickles of a few hundred KiB; a short wait for the last ones

_worker_renderer = None  # in a worker process: its Renderer, built once


def spare_cores():
    """Cores this process may use, but one (Pelican's), and at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def render_batch(renderer, items):
    """``{key: entry}`` for the ``(body, anchor)`` pairs, rendered by ``renderer``."""
    return {renderer.key(body, anchor): renderer.convert(body, anchor) for body, anchor in items}


def _start_worker(markdown_factory, fingerprint):
    global _worker_renderer
    _worker_renderer = Renderer(markdown_factory, fingerprint)


def _render_in_worker(items):
    return render_batch(_worker_renderer, items)


class BodyPool:
    """Worker processes rendering comment bodies.

    ``markdown_factory`` (picklable: e.g. a ``functools.partial`` of
    ``markdown.Markdown``) and ``fingerprint`` are given to each worker once.
    Always :meth:`close` it (it is a context manager too).
    """

    def __init__(self, markdown_factory, fingerprint, workers=None):
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers or spare_cores(),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(markdown_factory, fingerprint),
        )
        self._jobs = []  # (future, items), in submission order
        self.failures = []  # errors of failed batches, as text

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def submit(self, items, batch=BATCH):
        """Queue ``items`` (``(body, anchor)`` pairs) in batches of ``batch``."""
        for start in range(0, len(items), batch):
            chunk = items[start:start + batch]
            self._jobs.append((self._executor.submit(_render_in_worker, chunk), chunk))

    def collect(self, renderer=None):
        """Every result, as ``{key: entry}``. With a ``renderer``, the batches
        no worker has started are rendered here by it (last first, while the
        workers take the first); without, the workers render them all.

        A batch whose worker failed is left out: its comments are not in the
        result, and the caller renders them; the error is kept in ``failures``.
        """
        entries = {}
        jobs, self._jobs = self._jobs, []
        # Workers take batches first to last: take them from the end, one at a
        # time, until the last one left has been started.
        while renderer is not None and jobs and jobs[-1][0].cancel():
            entries.update(render_batch(renderer, jobs.pop()[1]))
        for future, _items in jobs:
            try:
                entries.update(future.result())
            except Exception as error:  # a worker died or failed: the caller renders them
                self.failures.append(f"{type(error).__name__}: {error}")
        return entries

    def close(self):
        """Stop the workers now: pending batches are dropped, processes joined."""
        self._jobs = []
        self._executor.shutdown(wait=True, cancel_futures=True)
