"""What detection decided for a thread, kept by a hash of all it read. Pure.

:func:`thread_key` hashes everything :func:`.thread.detect_thread` reads
(the post's author and text, each comment's id, kind, author, text, header
replies and explicit stance) with the detection code itself, so a key
found again means the same decisions. :func:`outcome` records them
(detected replies and stances, in thread order); :func:`replay` applies
them to a freshly read thread as detection would have. Their strings are
interned: the same few stances and cues come back on thousands of comments.
"""

import hashlib
import json
import sys
from pathlib import Path

CODE = sorted(Path(__file__).parent.glob("*.py"))  # cues, rules, address…: part of the key


def code_hash():
    """Hash of the detection code (this package's modules)."""
    digest = hashlib.sha256()
    for path in CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def thread_key(thread, texts, post_author, post_text, code):
    """Hash of the detection inputs of ``thread``, its comments' ``texts`` given in order.

    ``code``: :func:`code_hash`. The texts are read by the caller, once:
    detection needs them too. What determines a text may stand for it (a
    stored body's key, itself a hash of the source and the settings).
    """
    comments = [
        [c.id, c.kind, c.author, text, c.replyto if c.replyto_source == "header" else [],
         c.stance if c.stance_source == "annotation" else None, c.stance_source == "annotation"]
        for c, text in zip(thread.comments, texts)
    ]
    source = json.dumps([code, post_author, post_text, comments], ensure_ascii=False)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def outcome(thread):
    """``[[detected replyto or None, stance, stance_source, evidence]]``, in comment order."""
    return [
        [list(c.replyto) if c.replyto_source == "detected" else None,
         c.stance, c.stance_source, _interned(c.stance_evidence)]
        for c in thread.comments
    ]


def replay(thread, decisions):
    """Apply :func:`outcome` ``decisions`` to ``thread`` (read again, same inputs)."""
    for comment, (replyto, stance, source, evidence) in zip(thread.comments, decisions):
        if replyto:
            thread.link_reply(comment, replyto, source="detected")
        comment.stance, comment.stance_source = _interned(stance), _interned(source)
        comment.stance_evidence = _interned(evidence)


def _interned(text):
    """The one copy of ``text`` (a string, or None)."""
    return text and sys.intern(text)
