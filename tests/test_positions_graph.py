"""The position graph, from plain data (no Pelican)."""

from contrepoint.comments.store import Body
from contrepoint.positions.graph import STANCES, Passage, Position, PositionGraph, build_graph
from contrepoint.positions.definitions import load_definitions

POST_A, POST_B = "/clash/", "/autre/"


def positions():
    return {
        "asym": Position("asym", "L’éthique n’est pas symétrique", "Ethics is not symmetric",
                         opposes=["sym"], related=["conv"], url="positions/asym/"),
        "sym": Position("sym", "La symétrie des attentes", url="positions/sym/"),
        "conv": Position("conv", "Agir selon ses convictions", url="positions/conv/"),
        "seule": Position("seule", "Sans passage", source_path="content/positions/seule.md",
                          lines={"statement": 1}),
    }


def comment(id_, **fields):
    return {"id": id_, "anchor": f"comment-{id_}", "author": fields.pop("author", "Lu"),
            "source_path": f"content/comments/clash/{id_}.md", "passages": [],
            "stance_positions": [], "stance": None, "stance_source": None,
            "stance_evidence": "", "parent": None, "body": Body(text="Un texte de commentaire."),
            **fields}


def documents():
    return [
        {"url": POST_A, "title": "Clash", "author": "Michelle", "source_path": "a.md",
         "stances": [("support", "asym", 5), ("oppose", "sym", 5)],
         "passages": [
             {"key": "asym", "stance": "support", "id": "passage-asym-1",
              "quote": "L’éthique n’est pas symétrique !", "line": 9, "block": False},
             {"key": "sym", "stance": "support", "id": "passage-sym-1",
              "quote": "la symétrie des attentes", "line": 12, "block": False},
         ],
         "comments": [
             comment("1", stance="oppose", stance_source="annotation",
                     stance_positions=[("oppose", "asym")], author="Victor"),
             comment("2", stance="support", stance_source="detected", stance_evidence="tout à fait"),
             comment("3", stance="support", stance_source="detected", parent="1",
                     stance_evidence="d’accord"),
             comment("4", stance="oppose", stance_source="detected", parent="1"),
             comment("5", passages=[{"key": "conv", "stance": "nuance",
                                     "id": "comment-5-passage-conv-1", "quote": "Oui mais",
                                     "line": 2, "block": False}]),
         ]},
        {"url": POST_B, "title": "Autre", "author": None, "source_path": "b.md",
         "passages": [{"key": "asym", "stance": "oppose", "id": "passage-asym-1",
                       "quote": "Tout se rend", "line": 3, "block": True}]},
    ]


def graph():
    return build_graph(positions(), documents())


def test_viewpoints_are_sorted_by_post_url_then_anchor():
    found = [(p.article_url, p.anchor) for p in graph().viewpoints("asym")]
    assert found == [(POST_A, "comment-2"), (POST_A, "passage-asym-1")]


def test_counterpoints_include_explicit_comment_stance_and_other_post():
    found = [(p.article_url, p.anchor, p.author, p.origin) for p in graph().counterpoints("asym")]
    assert found == [(POST_B, "passage-asym-1", None, "annotation"),
                     (POST_A, "comment-1", "Victor", "annotation"),
                     (POST_A, "comment-3", "Lu", "detected")]


def test_passage_urls_anchor_and_text_fragment():
    passage = graph().counterpoints("asym")[0]
    assert passage.url == "/autre/#passage-asym-1"
    assert passage.fragment_url == "/autre/#:~:text=Tout%20se%20rend"


def test_detected_toward_post_counts_for_the_posts_support_positions_only():
    detected = [p for p in graph().passages if p.anchor == "comment-2"]
    assert [(p.key, p.stance, p.origin, p.evidence) for p in detected] == [
        ("asym", "support", "detected", "tout à fait")]


def test_detected_support_of_a_comment_inherits_its_stances():
    inherited = [p for p in graph().passages if p.anchor == "comment-3"]
    assert [(p.key, p.stance, p.origin) for p in inherited] == [("asym", "oppose", "detected")]


def test_oppose_of_an_oppose_is_not_support():
    assert [p for p in graph().passages if p.anchor == "comment-4"] == []


def test_comment_passage_keeps_its_comment_id():
    (nuance,) = graph().nuances("conv")
    assert (nuance.comment_id, nuance.url) == ("5", "/clash/#comment-5-passage-conv-1")


def test_relations_are_symmetric():
    g = graph()
    assert [p.key for p in g.opposes("sym")] == ["asym"]
    assert [p.key for p in g.related("conv")] == ["asym"]


def test_authors_and_articles():
    g = graph()
    assert g.authors("asym", "support") == ["Lu", "Michelle"]
    assert g.articles("asym") == [("Autre", POST_B), ("Clash", POST_A)]


def test_most_debated_first():
    assert [p.key for p in graph().by_debate()] == ["asym", "sym", "conv", "seule"]


def test_alphabetical_ignores_accents_case_and_punctuation():
    assert [p.key for p in graph().alphabetical()] == ["conv", "sym", "asym", "seule"]


def test_position_without_passage_is_a_warning():
    assert [str(w) for w in graph().warnings] == [
        "content/positions/seule.md:1: position 'seule' has no passage "
        "(annotate a passage with [passage]{+seule} or remove the file)"]


def test_unknown_key_in_comment_stance_is_a_problem():
    docs = documents()
    docs[0]["comments"].append(comment("9", stance="oppose", stance_source="annotation",
                                       stance_positions=[("oppose", "inconnue")],
                                       stance_line=4))
    problems = build_graph(positions(), docs).problems
    assert [str(p) for p in problems] == [
        "content/comments/clash/9.md:4: unknown position 'inconnue' "
        "(add content/positions/inconnue.md)"]


def test_for_article_lists_own_stances_and_the_others():
    debate = {entry.position.key: (entry.stances, entry.more,
                                   [(p.article_url, p.anchor, here) for p, here in entry.others])
              for entry in graph().for_article(POST_A)}
    assert debate["asym"] == (["support"], 0, [
        (POST_A, "comment-2", True),
        (POST_B, "passage-asym-1", False), (POST_A, "comment-1", True),
        (POST_A, "comment-3", True)])  # a reply agreeing with Victor: contre
    assert debate["sym"] == (["oppose"], 0, [])


def test_for_article_shows_a_few_by_stance_and_counts_the_rest():
    entry = {e.position.key: e for e in graph().for_article(POST_A, limit=1)}["asym"]
    shown = [(p.stance, p.article_url, p.anchor) for p, _here in entry.others]
    # Another post's passage before a comment, annotated before detected.
    assert shown == [("support", POST_A, "comment-2"), ("oppose", POST_B, "passage-asym-1")]
    assert entry.more == 2  # comments 1 and 3 (contre); never the post's own text


def test_load_definitions_reports_every_problem(tmp_path):
    (tmp_path / "ok.md").write_text("Statement: Bien\nOpposes: okk, ok2\n\nRésumé *court*.\n")
    (tmp_path / "ok2.md").write_text("Statement: Autre\n")
    (tmp_path / "sans.md").write_text("Gloss: nothing\n")
    (tmp_path / "Pas_Slug.md").write_text("Statement: x\n")
    found, problems = load_definitions(str(tmp_path))
    assert sorted(found) == ["ok", "ok2"]
    assert found["ok"].summary == "<p>Résumé <em>court</em>.</p>"
    assert sorted((p.path.rsplit("/", 1)[1], p.line, p.message) for p in problems) == [
        ("Pas_Slug.md", 1, "position key 'Pas_Slug' is not a slug"),
        ("ok.md", 2, "Opposes: unknown position 'okk'"),
        ("sans.md", 1, "position without statement"),
    ]


class CountingPassage(Passage):
    """A passage that counts every attribute read, to measure the work done."""

    reads = 0

    def __getattribute__(self, name):
        CountingPassage.reads += 1
        return object.__getattribute__(self, name)


def work(n):
    """Attribute reads to build a graph of ``n`` positions and query all of it."""
    keys = [f"p{i}" for i in range(n)]
    pos = {k: Position(k, f"Statement {k}", opposes=[keys[(i + 1) % n]], url=f"positions/{k}/")
           for i, k in enumerate(keys)}
    passages = [
        CountingPassage(key=k, stance=("support", "oppose", "nuance")[j % 3], quoted="q",
                        anchor=f"passage-{k}-{j}", author=f"a{j}",
                        article_title="t", article_url=f"/post{i % (n // 2 + 1)}/")
        for i, k in enumerate(keys) for j in range(6)
    ]
    CountingPassage.reads = 0
    g = PositionGraph(pos, passages)
    for k in keys:
        g.viewpoints(k), g.counterpoints(k), g.nuances(k), g.debate_score(k)
        g.authors(k, "support"), g.articles(k), g.opposes(k)
    g.by_debate()
    for i in range(n // 2 + 1):
        g.for_article(f"/post{i}/")
    return CountingPassage.reads


def test_graph_work_grows_linearly_not_quadratically():
    small, large = work(40), work(400)
    assert small > 0
    assert large <= 12 * small, (small, large)


def test_text_fragment_never_touches_a_word_glued_to_french_punctuation():
    from contrepoint.positions.fragments import text_fragment_url

    # On the page "symétrique\u202f!": Chromium reads "symétrique" and the
    # narrow no-break space as one word, so a fragment ending on it fails.
    assert text_fragment_url("/a/#p", "L’éthique n’est pas symétrique !") == (
        "/a/#:~:text=L%E2%80%99%C3%A9thique%20n%E2%80%99est%20pas")
    assert text_fragment_url("/a/#p", "Tout se rend") == "/a/#:~:text=Tout%20se%20rend"


def test_text_fragment_of_a_long_quote_is_start_and_end_without_its_edge_words():
    from contrepoint.positions.fragments import text_fragment_url

    quote = "« un deux trois quatre cinq six sept huit neuf dix onze »"
    assert text_fragment_url("/a/#p", quote) == (
        "/a/#:~:text=deux%20trois%20quatre%20cinq,sept%20huit%20neuf%20dix")


def test_text_fragment_falls_back_to_the_anchor_when_nothing_safe_is_left():
    from contrepoint.positions.fragments import text_fragment_url

    assert text_fragment_url("/a/#p", "« Non » : bof") == "/a/#p"
    assert text_fragment_url("/a/#p", "Secret professionnel exige!") == "/a/#p"


def box_work(posts, keys=("a", "b", "c", "d", "e")):
    """Attribute reads for every post's debate box, the positions fixed."""
    pos = {k: Position(k, f"Statement {k}", url=f"positions/{k}/") for k in keys}
    passages = [
        CountingPassage(key=keys[(i + j) % len(keys)], stance=STANCES[(i + j) % 3], quoted="q",
                        anchor=f"passage-{j}", author=f"a{j}",
                        article_title="t", article_url=f"/post{i}/",
                        comment_id=None if j < 2 else f"{j}")
        for i in range(posts) for j in range(4)
    ]
    g = PositionGraph(pos, passages)
    CountingPassage.reads = 0
    boxes = [g.for_article(f"/post{i}/") for i in range(posts)]
    assert all(len(entry.others) <= 3 * 3 for box in boxes for entry in box)
    return CountingPassage.reads


def test_debate_boxes_grow_linearly_with_posts_when_positions_do_not():
    # Each position gathers more passages as posts grow: listing them all in
    # every post's box would be quadratic; the box shows a few and counts.
    small, large = box_work(100), box_work(1000)
    assert small > 0
    assert large <= 12 * small, (small, large)


class CountingBody:
    """A stored body: counts the reads of its text (each a store query)."""

    def __init__(self, text):
        self._text, self.reads = text, 0

    @property
    def text(self):
        self.reads += 1
        return self._text


def test_a_whole_comment_quote_asked_again_is_not_read_again():
    body = CountingBody("Je ne suis pas d’accord " + "du tout " * 30)
    passage = Passage(key="k", stance="oppose", quoted=body, anchor="comment-1",
                      author="Ana", article_title="T", article_url="/t/", comment_id="1")
    first = passage.quote
    assert passage.quote == first == " ".join(body._text.split()[:40])
    assert body.reads == 1
