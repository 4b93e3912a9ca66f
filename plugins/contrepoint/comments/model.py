"""Comments and the thread they form under one article.

Pure: no Pelican, no file reading (see :mod:`.source`). :func:`build_thread`
nests the comments of one folder and returns every problem it finds;
a broken ``Replyto`` is reported and the comment stays at the top level,
so a build can go on and list the other problems.
"""

import difflib
import os
import sys
from dataclasses import dataclass, field

from contrepoint.problems import Problem

from .store import Body

KINDS = ("comment", "pingback")


def anchor_for(comment_id):
    """The element id of a comment on its article page."""
    return f"comment-{comment_id}"


def located(path):
    """The ``folder`` and ``file_name`` fields of the comment read from ``path``.

    The folder is one string for all the comments of a thread.
    """
    folder, file_name = os.path.split(path)
    return {"folder": sys.intern(folder), "file_name": file_name}


@dataclass(eq=False, slots=True)
class Comment:
    """One comment or pingback (the contract is in ``docs/architecture.md``).

    Slots, not a ``__dict__``, and tuples for what is only read once the
    file is (empty ones are no object at all; a header layout is shared by
    the comments that have it, and so is the folder of a thread's files):
    a site holds tens of thousands of them.
    """

    id: str
    article_slug: str
    order: int
    kind: str = "comment"
    author: str = ""
    author_url: str | None = None
    date: object = None  # datetime or None
    title: str | None = None  # pingbacks: title of the linking page
    replyto: tuple = ()  # ids of the comments it answers
    replyto_source: str | None = None  # "header" | "detected" | None
    parent: "Comment | None" = None
    replies: tuple = ()  # by Order
    body: object = Body()  # its rendered body: .html (sanitised) and .text (plain), see .store
    folder: str = ""  # of its file (see ``located``)
    file_name: str = ""
    body_line: int = 1
    header_lines: tuple = field(default=(), repr=False)  # ((key, line), …)
    passages: tuple = ()  # as md.passages (dicts)
    annotation_problems: tuple = ()  # (line, message, hint)
    stance: str | None = None
    stance_source: str | None = None  # "annotation" | "detected" | None
    stance_evidence: str = ""
    stance_positions: tuple = ()  # ((stance, key), …)

    @property
    def content(self):
        """The sanitised HTML of the body."""
        return self.body.html

    @property
    def text(self):
        """The plain text of the body."""
        return self.body.text

    @property
    def source_path(self):
        """The path of its file."""
        return os.path.join(self.folder, self.file_name) if self.folder else self.file_name

    @property
    def anchor(self):
        return anchor_for(self.id)

    @property
    def is_pingback(self):
        return self.kind == "pingback"

    def line_of(self, key):
        """Line of header ``key`` in the source file (1 when absent)."""
        return next((line for name, line in self.header_lines if name == key), 1)

    def problem(self, key, message, hint=""):
        return Problem(self.source_path, self.line_of(key), message, hint)


class Thread:
    """The comments of one article, nested by their first ``Replyto``."""

    def __init__(self, comments=()):
        self.comments = sorted(comments, key=lambda c: c.order)
        self.pingbacks = [c for c in self.comments if c.is_pingback]
        self.count = len(self.comments) - len(self.pingbacks)
        self.html_key = None  # its rendered HTML's key, once final (see .thread_cache)
        self._nest()

    def __bool__(self):
        return bool(self.comments)

    def __len__(self):
        return self.count

    @property
    def by_id(self):
        """``{id: comment}``, made when asked (a site has thousands of threads)."""
        return {c.id: c for c in self.comments}

    def find(self, comment_id):
        """The comment with this id, or None (a thread is short: no index kept)."""
        return next((c for c in self.comments if c.id == comment_id), None)

    def parents_of(self, comment):
        """The comments ``comment`` answers (its ``Replyto`` in this thread), in its order."""
        return [parent for parent in map(self.find, comment.replyto) if parent is not None]

    @property
    def roots(self):
        """Top-level comments (not pingbacks), by ``Order``."""
        return [c for c in self.comments if c.parent is None and not c.is_pingback]

    def _nest(self):
        by_id = self.by_id
        for comment in self.comments:
            comment.parent, comment.replies = None, ()
        for comment in self.comments:  # by Order: so are the replies
            parent = by_id.get(comment.replyto[0]) if comment.replyto else None
            if parent is not None and self._can_nest(comment, parent):
                comment.parent = parent
                parent.replies += (comment,)

    def _can_nest(self, comment, parent):
        """A parent is an earlier comment, not a pingback, and not a descendant."""
        if parent.is_pingback or comment.is_pingback or parent.order >= comment.order:
            return False
        ancestor = parent
        while ancestor is not None:
            if ancestor is comment:
                return False
            ancestor = ancestor.parent
        return True

    def link_reply(self, comment, parent_ids, source="detected"):
        """Make ``comment`` a reply to ``parent_ids`` (nested under the first).

        Returns False, and changes nothing, when the first id names no
        earlier comment of this thread.
        """
        by_id = self.by_id
        parent = by_id.get(parent_ids[0]) if parent_ids else None
        if parent is None or not self._can_nest(comment, parent):
            return False
        if comment.parent is not None:
            comment.parent.replies = tuple(r for r in comment.parent.replies if r is not comment)
        comment.replyto = tuple(by_id[i].id for i in parent_ids if i in by_id)
        comment.replyto_source = source
        comment.parent = parent
        parent.replies = tuple(sorted(parent.replies + (comment,), key=lambda c: c.order))
        return True


def build_thread(comments):
    """Return ``(Thread, problems)`` for the comments of one folder.

    Checks duplicate ``Order`` and ids, and every ``Replyto``: it must name
    an earlier comment (not a pingback) of the same article, without cycle.
    Bad ``Replyto`` ids are dropped from the comment after being reported.
    """
    problems = duplicate_problems(comments)
    problems += cycle_problems(comments)
    by_id = {}
    for comment in sorted(comments, key=lambda c: c.order):
        by_id.setdefault(comment.id, comment)
    for comment in comments:
        kept = []
        for target_id in comment.replyto:
            if target_id == comment.id:
                continue  # reported as a cycle
            problem = replyto_problem(comment, target_id, by_id)
            if problem:
                problems.append(problem)
            else:
                kept.append(target_id)
        comment.replyto = tuple(kept)
        comment.replyto_source = "header" if kept else None
    return Thread(comments), problems


def duplicate_problems(comments):
    """Problems for a second comment with the same ``Order`` or the same id."""
    problems, orders, ids = [], {}, {}
    for comment in sorted(comments, key=lambda c: (c.order, c.source_path)):
        first = orders.setdefault(comment.order, comment)
        if first is not comment:
            problems.append(comment.problem(
                "order", f"duplicate Order {comment.order}",
                f"also in {first.source_path}; give each comment its own number"))
    for comment in sorted(comments, key=lambda c: c.source_path):
        first = ids.setdefault(comment.id, comment)
        if first is not comment:
            problems.append(comment.problem(
                "id", f"duplicate comment id '{comment.id}'",
                f"also {first.source_path}; change 'Id:' or the file name"))
    return problems


def replyto_problem(comment, target_id, by_id):
    """The problem with ``comment`` replying to ``target_id``, or None."""
    target = by_id.get(target_id)
    if target is None:
        close = difflib.get_close_matches(target_id, list(by_id), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "no comment has this id"
        return comment.problem("replyto", f"Replyto '{target_id}' names no comment", hint)
    if target.is_pingback:
        return comment.problem("replyto", f"Replyto '{target_id}' is a pingback",
                               "reply to a comment")
    if target.order >= comment.order:
        return comment.problem(
            "replyto",
            f"Replyto '{target_id}' is a later comment (Order {target.order} "
            f">= {comment.order})",
            "a comment replies to earlier ones; check Order")
    return None


def cycle_problems(comments):
    """One problem per comment whose chain of first ``Replyto`` loops."""
    by_id = {c.id: c for c in comments}
    problems = []
    for comment in comments:
        chain, current = [comment.id], comment
        while current.replyto and current.replyto[0] in by_id:
            current = by_id[current.replyto[0]]
            if current is comment:
                problems.append(comment.problem(
                    "replyto", "reply cycle: " + " -> ".join(chain + [comment.id]),
                    "a comment cannot reply, even indirectly, to itself"))
                break
            if current.id in chain:
                break  # a loop not through this comment: reported for its members
            chain.append(current.id)
    return problems
