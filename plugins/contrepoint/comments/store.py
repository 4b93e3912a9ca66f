"""Where rendered comment bodies live: in memory, or on disk until a page needs them.

A :class:`~.source.Renderer` keeps each body it renders in a store, under a
hash of what made it, and a comment holds the store's handle of its body
(``comment.body.html`` and ``.text``). :class:`MemoryStore` keeps bodies in a
dict, and its handles are the bodies themselves. :class:`DiskStore` writes them
to an SQLite file: a site's tens of thousands of comments are not all held in
memory for the whole build, worker processes write there what they render,
and the file is the next build's cache. It keeps the HTML of whole threads
too, by a key of their own (:mod:`.thread_cache`). Pure: no Pelican.
"""

import json
import os
import sqlite3
from typing import NamedTuple

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stamp (value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (
    key BLOB PRIMARY KEY, html TEXT NOT NULL, text TEXT NOT NULL,
    passages TEXT NOT NULL, problems TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS threads (key BLOB PRIMARY KEY, html TEXT NOT NULL);
"""


class Body(NamedTuple):
    """A rendered body in memory: cleaned HTML and plain text."""

    html: str = ""
    text: str = ""


class Rendered(NamedTuple):
    """What a store gives for a key: the body's handle, its passages and problems."""

    body: object  # a Body, or a StoredBody
    passages: tuple  # dicts, as md.passages
    problems: tuple  # (line, message, hint)


class MemoryStore:
    """Bodies in a dict: for one process, tests and tools."""

    def __init__(self):
        self._entries = {}

    def find(self, key):
        """The :class:`Rendered` of ``key``, or None."""
        return self._entries.get(key)

    def add(self, key, html, text, passages, problems):
        self._entries[key] = rendered = Rendered(Body(html, text), passages, problems)
        return rendered

    def flush(self):
        """Nothing waits to be written."""

    def keep_only(self, keys):
        """Forget every body but those of ``keys``."""
        self._entries = {key: self._entries[key] for key in keys if key in self._entries}

    def __len__(self):
        return len(self._entries)


def stored_key(body):
    """The store's key of ``body`` (a hash of its source and the settings, so it
    stands for the body's HTML and text), or None for a body held in memory."""
    return getattr(body, "key", None)


class StoredBody:
    """A body in a :class:`DiskStore`, read each time it is asked for."""

    __slots__ = ("store", "key")

    def __init__(self, store, key):
        self.store, self.key = store, key

    @property
    def html(self):
        return self.store.read(self.key, "html")

    @property
    def text(self):
        return self.store.read(self.key, "text")

    def __reduce__(self):
        return StoredBody, (self.store, self.key)


class DiskStore:
    """Bodies in the SQLite file at ``path``, made with ``stamp`` (a string).

    Each process opens its own connection when it first needs one (forked
    and spawned processes included). Bodies are written in batches
    (:meth:`flush`). Pickled, a store is its path: unpickled in a process
    that has the same one open, it is that store.
    """

    _open = {}  # path -> the DiskStore of this process
    _inherited = []  # connections a forked process got from its parent: never closed here
    BATCH = 200

    def __init__(self, path, stamp):
        self.path, self.stamp = path, stamp
        self._connection, self._pid = None, None
        self._pending = {}  # key -> row, added but not written yet

    @classmethod
    def open(cls, path, stamp, reuse=True):
        """The store at ``path``, emptied unless ``reuse`` and made with ``stamp``.

        A file that is not an SQLite database of ours (a cache broken by a
        crash or by hand) is replaced: it only held what can be made again.
        """
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        store = cls._open[path] = cls(path, stamp)
        try:
            store._start(reuse)
        except sqlite3.DatabaseError:
            store._connection = store._pid = None
            for name in (path, path + "-wal", path + "-shm"):
                if os.path.exists(name):
                    os.remove(name)
            store._start(reuse)
        return store

    def _start(self, reuse):
        db = self._db()
        db.executescript(_SCHEMA)
        with db:
            found = db.execute("SELECT value FROM stamp").fetchall()
            if not reuse or found != [(self.stamp,)]:
                db.execute("DELETE FROM bodies")
                db.execute("DELETE FROM threads")
                db.execute("DELETE FROM stamp")
                db.execute("INSERT INTO stamp VALUES (?)", (self.stamp,))

    def _db(self):
        if self._pid != os.getpid():
            if self._connection is not None:
                self._inherited.append(self._connection)
            self._connection = sqlite3.connect(self.path, timeout=60)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=OFF")  # a cache: a crash loses nothing
            self._pid, self._pending = os.getpid(), {}
        return self._connection

    def find(self, key):
        db = self._db()
        pending = self._pending.get(key)
        found = pending[3:] if pending else db.execute(
            "SELECT passages, problems FROM bodies WHERE key = ?", (key,)).fetchone()
        if found is None:
            return None
        passages, problems = found
        return Rendered(StoredBody(self, key), tuple(json.loads(passages)),
                        tuple(map(tuple, json.loads(problems))))

    def add(self, key, html, text, passages, problems):
        self._db()
        self._pending[key] = (key, html, text, json.dumps(passages, ensure_ascii=False),
                              json.dumps(problems, ensure_ascii=False))
        if len(self._pending) >= self.BATCH:
            self.flush()
        return Rendered(StoredBody(self, key), passages, problems)

    def flush(self):
        """Write the bodies added since the last flush: then any process can read them."""
        if self._pending:
            db, rows, self._pending = self._db(), self._pending.values(), {}
            with db:
                db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?, ?, ?, ?)", rows)

    def read(self, key, column):
        self.flush()
        row = self._db().execute(f"SELECT {column} FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(f"no comment body {key.hex()} in {self.path}")
        return row[0]

    def keep_only(self, keys):
        """Delete every body but those of ``keys``."""
        self.flush()
        self._keep_only("bodies", keys)

    def find_thread(self, key):
        """The HTML of the thread rendered as ``key``, or None."""
        row = self._db().execute("SELECT html FROM threads WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def add_thread(self, key, html):
        """Keep ``html``, a thread rendered as ``key`` (written now: any process may ask)."""
        db = self._db()
        with db:
            db.execute("INSERT OR IGNORE INTO threads VALUES (?, ?)", (key, html))

    def keep_only_threads(self, keys):
        """Delete every thread's HTML but those of ``keys``."""
        self._keep_only("threads", keys)

    def _keep_only(self, table, keys):
        db = self._db()
        with db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key BLOB PRIMARY KEY) WITHOUT ROWID")
            db.execute("DELETE FROM kept")
            db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))
            db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM kept)")
            db.execute("DELETE FROM kept")

    def __len__(self):
        return self._db().execute("SELECT count(*) FROM bodies").fetchone()[0]

    def __reduce__(self):
        return _store_at, (self.path, self.stamp)


def _store_at(path, stamp):
    """The process's store at ``path`` (unpickling one)."""
    store = DiskStore._open.get(path)
    if store is None or store.stamp != stamp:
        store = DiskStore._open[path] = DiskStore(path, stamp)
    return store
