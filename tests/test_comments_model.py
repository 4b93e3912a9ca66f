"""Threads: nesting, several Replyto, ordering, and every broken Replyto."""

from contrepoint.comments.model import Comment, Thread, build_thread, located


def comments(*specs):
    """Comments from ``(id, order, replyto)`` or ``(id, order, replyto, kind)``."""
    made = []
    for id_, order, replyto, *kind in specs:
        made.append(Comment(
            id=id_, article_slug="billet", order=order, kind=kind[0] if kind else "comment",
            author=id_.title(), replyto=tuple(replyto), **located(f"c/billet/{id_}.md"),
            header_lines=(("author", 1), ("order", 2), ("replyto", 4), ("id", 1)),
        ))
    return made


def tree(thread):
    """The thread as nested tuples ``(id, [replies])``, for comparison."""
    def node(comment):
        return (comment.id, [node(reply) for reply in comment.replies])
    return [node(root) for root in thread.roots]


def messages(problems):
    return [str(p) for p in problems]


def test_replies_nest_under_their_parent_in_order():
    thread, problems = build_thread(comments(
        ("c", 3, ["a"]), ("a", 1, []), ("b", 2, []), ("d", 4, ["c"]), ("e", 5, ["a"]),
    ))
    assert problems == []
    assert tree(thread) == [("a", [("c", [("d", [])]), ("e", [])]), ("b", [])]
    assert [c.id for c in thread.comments] == ["a", "b", "c", "d", "e"]
    assert thread.by_id["d"].parent is thread.by_id["c"]
    assert thread.by_id["c"].replyto_source == "header"
    assert thread.by_id["a"].replyto_source is None


def test_several_replyto_nest_under_the_first_and_keep_all():
    thread, problems = build_thread(comments(
        ("andree", 2, []), ("femme", 4, []), ("michelle", 5, ["andree", "femme"]),
    ))
    assert problems == []
    assert tree(thread) == [("andree", [("michelle", [])]), ("femme", [])]
    assert thread.by_id["michelle"].replyto == ("andree", "femme")


def test_pingbacks_are_apart_and_not_counted():
    thread, problems = build_thread(comments(
        ("ping", 1, [], "pingback"), ("a", 2, []), ("b", 3, ["a"]),
    ))
    assert problems == []
    assert [p.id for p in thread.pingbacks] == ["ping"]
    assert tree(thread) == [("a", [("b", [])])]
    assert thread.count == 2


def test_empty_thread_has_no_comment():
    thread = Thread()
    assert (thread.count, thread.roots, thread.pingbacks, bool(thread)) == (0, [], [], False)


def test_anchor_is_comment_dash_id():
    assert comments(("02-andree", 2, []))[0].anchor == "comment-02-andree"


def test_unknown_replyto_is_reported_with_closest_id_and_comment_stays_at_top():
    thread, problems = build_thread(comments(
        ("02-andree-crevier", 1, []), ("05-michelle", 2, ["02-andree-crevie"]),
    ))
    assert messages(problems) == [
        "c/billet/05-michelle.md:4: Replyto '02-andree-crevie' names no comment "
        "(did you mean '02-andree-crevier'?)"
    ]
    assert tree(thread) == [("02-andree-crevier", []), ("05-michelle", [])]
    assert thread.by_id["05-michelle"].replyto == ()


def test_reply_to_a_later_comment_is_reported():
    thread, problems = build_thread(comments(("a", 1, ["b"]), ("b", 2, [])))
    assert messages(problems) == [
        "c/billet/a.md:4: Replyto 'b' is a later comment (Order 2 >= 1) "
        "(a comment replies to earlier ones; check Order)"
    ]
    assert tree(thread) == [("a", []), ("b", [])]


def test_reply_cycle_is_reported_for_each_member():
    _, problems = build_thread(comments(("a", 1, ["b"]), ("b", 2, ["a"])))
    cycles = [p for p in messages(problems) if "reply cycle" in p]
    assert cycles == [
        "c/billet/a.md:4: reply cycle: a -> b -> a "
        "(a comment cannot reply, even indirectly, to itself)",
        "c/billet/b.md:4: reply cycle: b -> a -> b "
        "(a comment cannot reply, even indirectly, to itself)",
    ]


def test_reply_to_itself_is_a_cycle_and_is_dropped():
    thread, problems = build_thread(comments(("a", 1, ["a"])))
    assert messages(problems) == [
        "c/billet/a.md:4: reply cycle: a -> a "
        "(a comment cannot reply, even indirectly, to itself)"
    ]
    assert thread.by_id["a"].replyto == ()


def test_duplicate_order_and_duplicate_id_are_reported():
    made = comments(("a", 1, []), ("b", 1, []), ("c", 2, []))
    made[2].id = "a"
    made[2].file_name = "other.md"
    _, problems = build_thread(made)
    assert messages(problems) == [
        "c/billet/b.md:2: duplicate Order 1 "
        "(also in c/billet/a.md; give each comment its own number)",
        "c/billet/other.md:1: duplicate comment id 'a' "
        "(also c/billet/a.md; change 'Id:' or the file name)",
    ]


def test_reply_to_a_pingback_is_reported():
    _, problems = build_thread(comments(("p", 1, [], "pingback"), ("a", 2, ["p"])))
    assert messages(problems) == ["c/billet/a.md:4: Replyto 'p' is a pingback (reply to a comment)"]


def test_link_reply_renests_a_detected_reply():
    thread, _ = build_thread(comments(("a", 1, []), ("b", 2, []), ("c", 3, ["a"])))
    assert thread.link_reply(thread.by_id["c"], ["b"]) is True
    assert tree(thread) == [("a", []), ("b", [("c", [])])]
    assert thread.by_id["c"].replyto_source == "detected"


def test_link_reply_refuses_a_later_parent():
    thread, _ = build_thread(comments(("a", 1, []), ("b", 2, [])))
    assert thread.link_reply(thread.by_id["a"], ["b"]) is False
    assert tree(thread) == [("a", []), ("b", [])]


def test_find_and_parents_of_follow_replyto_within_the_thread():
    made = comments(("a", 1, []), ("b", 2, []), ("c", 3, ["b", "a"]))
    thread, _ = build_thread(made)
    assert thread.find("b") is made[1] and thread.find("z") is None
    assert [p.id for p in thread.parents_of(made[2])] == ["b", "a"]  # its Replyto order
    made[2].replyto = ("a", "gone")  # an id of no comment here is left out
    assert [p.id for p in thread.parents_of(made[2])] == ["a"]
