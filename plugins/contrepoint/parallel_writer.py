"""Write the site with one process per core: Pelican alone renders on one.

Once every generator has read its content, the context is final and each
page depends on nothing else. When Pelican asks for its writer
(``get_writer``, after ``all_generators_finalized``), we fork: every process
runs the same output code, and a page, feed or file is written by the process
that claims its output name first (:func:`owns`): the processes go through the
same list of files, each taking the next one nobody has taken, so a process
slowed by a costly page leaves the next ones to the others. Plugins that write
files themselves ask :func:`owns` first.

Generators that write outside the writer (static files, the sitemap) run in
the main process only. At ``finalized`` the other processes tell the main
one which pages they wrote, so that ``content_written`` receivers (the
sitemap) see every page, and end; the main one waits for them, and any
failure among them fails the build. Same output, byte for byte, as one
process: ``OUTPUT_PROCESSES = 1`` turns it off (default: one per core).
"""

import atexit
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import traceback

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator
from pelican.writers import Writer

from contrepoint.pelican_glue import BuildStopped

# They write through the writer only (or ask ``owns``): safe to run in every process.
SHARDED_GENERATORS = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)
SHARDED_NAMES = ("PositionsGenerator",)  # ours, imported late by its plugin
MEMORY_FOLDER = "/dev/shm"  # Linux's shared memory, a file system in memory


class _Build:
    """This process's part of the current build."""

    index = 0  # 0: the main process
    processes = 1
    generators = ()
    children = []  # main process: [(pid, pipe to read)]
    claims = None  # folder shared by the processes: one empty file per output name taken
    owned = {}  # output name -> whether this process took it
    written = []  # other processes: [(path, source path of its article or page)]
    pipe = None  # other processes: where to send ``written``


def owns(writer, name):
    """True if this process writes ``name`` (always, without parallel output).

    The first process to ask for a name takes it, by creating a file named
    after it in the shared claims folder (``O_EXCL``: one creator wins);
    later questions about the same name get the same answer.
    """
    if not isinstance(writer, ShardedWriter):
        return True
    name = name.replace(os.sep, "/")
    if name not in _Build.owned:
        claim = hashlib.sha1(name.encode("utf-8")).hexdigest()
        try:
            os.close(os.open(os.path.join(_Build.claims, claim), os.O_CREAT | os.O_EXCL))
            _Build.owned[name] = True
        except FileExistsError:
            _Build.owned[name] = False
    return _Build.owned[name]


def process_index():
    """This output process's number: 0 for the main one (and without parallel output)."""
    return _Build.index


class ShardedWriter(Writer):
    """Pelican's writer, writing only the files of this process."""

    def write_file(self, name, *args, **kwargs):
        if owns(self, name):
            return super().write_file(name, *args, **kwargs)
        return None

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path is None or owns(self, path):
            return super().write_feed(elements, context, path, *args, **kwargs)
        return None


def remember_generators(generators):
    # ``all_generators_finalized``: the last moment we see the generators.
    _Build.generators = list(generators)


def fork_writers(pelican):
    # ``get_writer``: contents are read and linked, nothing is written yet.
    processes = pelican.settings.get("OUTPUT_PROCESSES") or os.cpu_count() or 1
    if processes < 2 or not hasattr(os, "fork"):
        _Build.processes = 1
        return None
    _Build.index, _Build.processes, _Build.children = 0, processes, []
    _Build.claims, _Build.owned = _claims_folder(), {}
    atexit.register(shutil.rmtree, _Build.claims, ignore_errors=True)  # if the build fails
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # what is read so far is shared, not copied by the collector's visits
    for index in range(1, processes):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _become_helper(index, write)
            break
        os.close(write)
        _Build.children.append((pid, read))
    return ShardedWriter


def _claims_folder():
    """A new folder for the claims, in memory where the system has one.

    A claim is a file created: on a disk's file system that costs 30 to 700 µs
    of the kernel's time (a journal entry), in memory some 15 µs.
    """
    usable = os.path.isdir(MEMORY_FOLDER) and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK)
    return tempfile.mkdtemp(prefix="contrepoint-output-", dir=MEMORY_FOLDER if usable else None)


def _become_helper(index, pipe):
    """In a forked process: write only our share, then report and leave."""
    _Build.index, _Build.children, _Build.written, _Build.pipe = index, [], [], pipe
    for generator in _Build.generators:
        if isinstance(generator, SHARDED_GENERATORS) or type(generator).__name__ in SHARDED_NAMES:
            generator.generate_output = _guarded(generator.generate_output)
        elif hasattr(generator, "generate_output"):
            generator.generate_output = _skip


def _skip(_writer):
    """What the main process alone writes (static files, the sitemap)."""


def _guarded(generate_output):
    """Any error here ends this process with status 1 and its message."""

    def run(writer):
        try:
            generate_output(writer)
        except BaseException as error:  # noqa: BLE001 -- reported, then the process ends
            message = "".join(traceback.format_exception_only(type(error), error)).strip()
            where = traceback.extract_tb(error.__traceback__)[-1]
            sys.stderr.write(f"output process {_Build.index}: {message}\n"
                             f"  (raised at {where.filename}:{where.lineno})\n")
            sys.stderr.flush()
            os._exit(1)

    return run


def record_written(path, context):
    # ``content_written``, in a helper process: the main one replays it.
    if _Build.index:
        content = context.get("article") or context.get("page")
        _Build.written.append((path, getattr(content, "source_path", None)))


def finish(pelican):
    # ``finalized``: helpers report and leave; the main process waits for them.
    if _Build.index:
        status = 1
        try:
            with os.fdopen(_Build.pipe, "w", encoding="utf-8") as stream:
                json.dump(_Build.written, stream)
            status = 0
        finally:  # never back into Pelican: the main process finishes the build
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    failed, written = [], []
    for pid, pipe in _Build.children:
        with os.fdopen(pipe, encoding="utf-8") as stream:
            report = stream.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) or not report:
            failed.append(pid)
        else:
            written += json.loads(report)
    _Build.children, _Build.processes = [], 1
    shutil.rmtree(_Build.claims, ignore_errors=True)
    if failed:
        raise BuildStopped(f"{len(failed)} output process(es) failed, see above")
    _replay(written)


def _replay(written):
    """``content_written`` for the pages the helpers wrote, with their content."""
    contents = {}
    for generator in _Build.generators:
        for name in ("articles", "translations", "pages", "hidden_pages", "hidden_articles",
                     "drafts", "draft_pages"):
            for content in getattr(generator, name, []):
                contents[content.source_path] = content
    for path, source_path in sorted(written):
        content = contents.get(source_path)
        key = "article" if isinstance(content, Article) else "page" if isinstance(
            content, Page) else None
        signals.content_written.send(path, context={key: content} if key else {})


def register():
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(fork_writers)
    signals.content_written.connect(record_written)
    # Before other plugins' ``finalized`` (the sitemap): list them after us in PLUGINS.
    signals.finalized.connect(finish)
