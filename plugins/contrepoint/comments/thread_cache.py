"""Comment threads that a rebuild need not render again. Pure: no Pelican.

The theme's ``partials/comments.html`` is rendered with ``thread`` alone, so
its HTML follows from the thread's comments (fields, stances and replies
detected, bodies) and from the code that renders it: that template and every
template it names, the plain values of the Jinja globals, the modules of
the custom filters and tests, and the versions of Jinja, MarkupSafe and Babel.
:func:`render_stamp` hashes the code once a build, :func:`thread_key` each
thread with it; a stored body's key (:mod:`.store`) stands for its HTML. The
store keeps each thread's HTML under its key (``DiskStore.find_thread``).
"""

import dataclasses
import hashlib
import inspect
import json
import os
from importlib.metadata import version

from jinja2 import meta

from .model import Comment
from .store import stored_key

PARTIAL = "partials/comments.html"
LIBRARIES = ("jinja2", "markupsafe", "babel")
# Where a comment's file is, and what its body's key already stands for.
NOT_SHOWN = {"folder", "file_name", "body_line", "header_lines", "passages",
             "annotation_problems", "body", "parent", "replies"}
SHOWN = [f.name for f in dataclasses.fields(Comment) if f.name not in NOT_SHOWN]
PLAIN = (str, int, float, bool, type(None))


def render_stamp(env, name=PARTIAL):
    """Hash of what renders template ``name`` of ``env`` besides the thread,
    or None when it cannot be known (a template named by a variable)."""
    sources = template_sources(env, name)
    if sources is None:
        return None
    plain_globals = {key: value for key, value in env.globals.items() if isinstance(value, PLAIN)}
    digest = hashlib.sha256(json.dumps(
        [sources, plain_globals, [version(library) for library in LIBRARIES]],
        sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for path in code_files([*env.filters.values(), *env.tests.values()]):
        with open(path, "rb") as stream:
            digest.update(stream.read())
    return digest.digest()


def template_sources(env, name, found=None):
    """``{name: source}`` of ``name`` and of the templates it includes, imports
    or extends, all the way down; None if one is named by a variable."""
    found = {} if found is None else found
    if name not in found:
        found[name] = source = env.loader.get_source(env, name)[0]
        for other in meta.find_referenced_templates(env.parse(source)):
            if other is None or template_sources(env, other, found) is None:
                return None
    return found


def code_files(functions):
    """The Python files the ``functions`` come from (not Jinja's own), with
    their packages' other modules (a filter calls its neighbours), sorted."""
    files = set()
    for function in functions:
        module = inspect.getmodule(function)
        path = getattr(module, "__file__", None)
        if not path or module.__name__.split(".")[0] == "jinja2":
            continue
        if module.__package__:
            folder = os.path.dirname(path)
            files.update(os.path.join(folder, entry) for entry in os.listdir(folder)
                         if entry.endswith(".py"))
        else:
            files.add(path)
    return sorted(files)


def thread_key(thread, stamp):
    """Hash of ``stamp`` and of what ``thread`` shows, or None when it cannot
    stand for the HTML (no stamp, or a body held in memory: no key of its own)."""
    if stamp is None:
        return None
    comments = []
    for comment in thread.comments:
        body_key = stored_key(comment.body)
        if body_key is None:
            return None
        comments.append([body_key.hex(), comment.parent.id if comment.parent else None,
                         *(_plain(getattr(comment, name)) for name in SHOWN)])
    digest = hashlib.sha256(stamp)
    digest.update(json.dumps(comments, ensure_ascii=False).encode("utf-8"))
    return digest.digest()


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
