"""Detection decisions kept by thread: replayed, a thread ends as detection leaves it."""

import shutil

from contrepoint.comments.model import Comment, build_thread
from contrepoint.comments.store import Body
from contrepoint.stance import memo
from contrepoint.stance.thread import detect_thread

POST = dict(post_author="Michelle Blanc", post_text="Il faut croire en son produit.")
TEXTS = [
    ("01-paul", "Paul", "Je ne suis pas du tout d’accord avec ce billet."),
    ("02-ines", "Inès", "Tout à fait d’accord, merci Michelle pour ce billet."),
    ("03-lea", "Léa", "Paul, je pense au contraire que vous avez tort."),
    ("04-michelle", "Michelle Blanc", "Merci Inès, c’est exactement ça."),
]


def fresh_thread(texts=TEXTS):
    comments = [Comment(id=id_, article_slug="billet", order=n, author=author, body=Body(text=text))
                for n, (id_, author, text) in enumerate(texts, start=1)]
    thread, problems = build_thread(comments)
    assert problems == []
    return thread


def shape(thread):
    return [(c.id, c.parent.id if c.parent else None, c.replyto, c.replyto_source, c.stance,
             c.stance_source, c.stance_evidence, [r.id for r in c.replies])
            for c in thread.comments]


def test_replayed_decisions_leave_the_thread_as_detection_does():
    detected = fresh_thread()
    detect_thread(detected, **POST)
    assert any(c.replyto_source == "detected" for c in detected.comments)
    assert any(c.stance_source == "detected" for c in detected.comments)
    replayed = fresh_thread()
    memo.replay(replayed, memo.outcome(detected))
    assert shape(replayed) == shape(detected)


def test_the_key_changes_with_what_detection_reads_and_with_its_code():
    code = memo.code_hash()

    def key(thread=None, author=POST["post_author"], post=POST["post_text"], code=code):
        thread = thread or fresh_thread()
        return memo.thread_key(thread, [c.text for c in thread.comments], author, post, code)

    assert key() == key()
    assert key() != key(post="Autre billet.")
    assert key() != key(author="Quelqu’un")
    assert key() != key(code=code + "x")
    edited = fresh_thread()
    edited.comments[1].body = Body(text=edited.comments[1].text + " Pas du tout d’accord.")
    assert key() != key(edited)


def test_a_cached_build_detects_only_the_threads_that_changed(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from contrepoint.stance import plugin

    settings = {"PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "cache"),
                "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}

    def build(texts=TEXTS):
        articles = [SimpleNamespace(metadata={"author": "Michelle Blanc"},
                                    thread=fresh_thread(texts if n == 2 else TEXTS),
                                    _content=f"<p>Billet {n}.</p>") for n in range(3)]
        plugin.detect(SimpleNamespace(settings=settings, articles=articles))
        return articles

    calls = []
    monkeypatch.setattr(plugin, "detect_thread",
                        lambda thread, **post: calls.append(post) or detect_thread(thread, **post))
    forked = build()  # threads detected on every core: calls in other processes are not seen
    shutil.rmtree(settings["CACHE_PATH"])
    monkeypatch.setattr(plugin, "forked_map", lambda function, items: list(map(function, items)))
    calls.clear()
    first = build()
    assert [shape(a.thread) for a in first] == [shape(a.thread) for a in forked]
    assert len(calls) == 3
    calls.clear()
    again = build()
    assert calls == []  # every thread replayed from CACHE_PATH/stances.json
    assert [shape(a.thread) for a in again] == [shape(a.thread) for a in first]
    build([*TEXTS[:1], ("02-ines", "Inès", "Pas d’accord du tout."), *TEXTS[2:]])
    assert len(calls) == 1  # only the thread whose comment changed


class CountedBody:
    """A body whose text is counted at each reading (in a build, each one reads the disk)."""

    def __init__(self, text):
        self.html, self._text, self.reads = "", text, 0

    @property
    def text(self):
        self.reads += 1
        return self._text


def test_detection_reads_each_comment_text_once(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from contrepoint.stance import plugin

    thread = fresh_thread()
    for comment in thread.comments:
        comment.body = CountedBody(comment.text)
    article = SimpleNamespace(metadata={"author": "Michelle Blanc"}, thread=thread,
                              _content="<p>Billet.</p>")
    monkeypatch.setattr(plugin, "forked_map", lambda function, items: list(map(function, items)))
    plugin.detect(SimpleNamespace(settings={"PATH": str(tmp_path)}, articles=[article]))
    assert any(c.stance_source == "detected" for c in thread.comments)
    assert [c.body.reads for c in thread.comments] == [1] * len(TEXTS)


def test_replayed_strings_are_shared_among_comments():
    import json

    detected = fresh_thread([(f"{n:02}", f"Auteur {n}", "Bravo !") for n in range(1, 4)])
    detect_thread(detected, post_text="Un billet.")
    decisions = json.loads(json.dumps(memo.outcome(detected)))  # as read from the cache
    replayed = fresh_thread([(f"{n:02}", f"Auteur {n}", "Bravo !") for n in range(1, 4)])
    memo.replay(replayed, decisions)
    first, *others = replayed.comments
    assert first.stance_evidence == "Bravo"
    assert all(c.stance_evidence is first.stance_evidence and c.stance_source is first.stance_source
               for c in others)


class StoredBodyLike(CountedBody):
    """A stored body: its key is a hash of what made its text (see comments.store)."""

    def __init__(self, text, key):
        super().__init__(text)
        self.key = key


def test_a_cached_thread_of_stored_bodies_is_not_read(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from contrepoint.stance import plugin

    settings = {"PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "cache"),
                "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    monkeypatch.setattr(plugin, "forked_map", lambda function, items: list(map(function, items)))

    def build(second_key=b"2" * 32):
        thread = fresh_thread()
        for comment, key in zip(thread.comments, [b"1" * 32, second_key, b"3" * 32, b"4" * 32]):
            comment.body = StoredBodyLike(comment.text, key)
        article = SimpleNamespace(metadata={"author": "Michelle Blanc"}, thread=thread,
                                  _content="<p>Billet.</p>")
        plugin.detect(SimpleNamespace(settings=settings, articles=[article]))
        return thread

    first = build()
    assert [c.body.reads for c in first.comments] == [1] * len(TEXTS)  # detected: read once
    again = build()
    assert [c.body.reads for c in again.comments] == [0] * len(TEXTS)  # replayed, not read
    assert shape(again) == shape(first)
    changed = build(second_key=b"x" * 32)  # a body that changed has another key
    assert [c.body.reads for c in changed.comments] == [1] * len(TEXTS)
