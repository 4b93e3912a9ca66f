"""Detect the replies and stances of one thread (pure; used by the plugin and ``evaluate``).

Comments are taken in ``Order``: a reply's parent is decided before it, so
the post's author answering an objection can be recognised.
"""

from .address import addressed
from .detect import detect_stance
from .pingback import is_pingback


def detect_thread(thread, *, post_author=None, post_text="", ignore_annotations=False,
                  texts=None):
    """Link address-detected replies, then set each comment's detected stance.

    A comment keeps an explicit stance (``stance_source == "annotation"``)
    unless ``ignore_annotations``. Pingbacks, by kind or by form, get none.
    ``texts``: the comments' texts in order, if the caller read them already
    (``comment.text`` may be read from disk each time). Returns the number
    of stances detected.
    """
    detected = 0
    earlier = {}  # author -> (id, author) of their latest comment so far
    if texts is None:
        texts = [comment.text for comment in thread.comments]
    texts_by_id = {}  # of the comments so far: a parent's
    for comment, text in zip(thread.comments, texts):
        texts_by_id[comment.id] = text
        if comment.is_pingback or is_pingback(text):
            continue
        if not comment.replyto:
            link_addressed(thread, comment, earlier.values(), post_author, text)
        earlier[comment.author] = (comment.id, comment.author)
        if comment.stance_source == "annotation" and not ignore_annotations:
            continue
        parent = comment.parent  # an earlier comment
        decision = detect_stance(
            text,
            quoted_source=texts_by_id[parent.id] if parent else post_text,
            parent_author=parent.author if parent else None,
            parent_stance=parent.stance if parent else None,
            post_author=post_author,
            author=comment.author,
        )
        comment.stance = decision.stance
        comment.stance_source = "detected" if decision.stance else None
        comment.stance_evidence = decision.evidence
        detected += decision.stance is not None
    return detected


def link_addressed(thread, comment, earlier, post_author, text):
    """Nest ``comment`` (its ``text``) under the earlier commenters it addresses by name."""
    names = addressed(text, earlier, post_author)
    if names.comment_ids:
        return thread.link_reply(comment, names.comment_ids, source="detected")
    return False
