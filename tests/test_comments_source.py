"""Reading comment folders without Pelican: header fields, rendering, cache."""

import datetime
import textwrap
import zoneinfo

import markdown

from contrepoint.comments.source import Renderer, load_comments

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


class CountingMarkdown(markdown.Markdown):
    """A Markdown that records the id prefix each document was converted with."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.prefixes = []

    def convert(self, source):
        self.prefixes.append(self.annotation_id_prefix)
        self.passages = [{"key": "k", "stance": "support", "id": f"{self.annotation_id_prefix}passage-k-1",
                          "quote": "q", "line": 1, "block": False}]
        self.annotation_problems = [(1, "unknown position 'k'", "add it")]
        return super().convert(source)


def test_header_fields_become_comment_attributes(tmp_path):
    root = write(tmp_path, {"billet/02-andree.md": """
        Author: Andrée Crevier
        Website: https://andree.example/
        Date: 2010-03-04 12:00
        Order: 2
        Kind: comment
        Stance: -pas-besoin ~choisir

        Je ne suis *pas* de cet avis.
        """})
    threads, problems, warnings = load_comments(root, ["billet", "autre"], markdown.Markdown())
    assert (problems, warnings) == ([], [])
    assert threads["autre"].comments == []
    [comment] = threads["billet"].comments
    assert (comment.id, comment.anchor, comment.order, comment.kind) == (
        "02-andree", "comment-02-andree", 2, "comment")
    assert (comment.author, comment.author_url) == ("Andrée Crevier", "https://andree.example/")
    assert comment.date == datetime.datetime(2010, 3, 4, 12, 0)
    assert comment.stance_positions == (("oppose", "pas-besoin"), ("nuance", "choisir"))
    assert (comment.stance, comment.stance_source) == ("oppose", "annotation")
    assert comment.content == "<p>Je ne suis <em>pas</em> de cet avis.</p>"
    assert comment.text == "Je ne suis pas de cet avis."
    assert (comment.source_path, comment.body_line) == (str(root / "billet/02-andree.md"), 8)


def test_naive_dates_take_the_site_timezone(tmp_path):
    root = write(tmp_path, {"billet/a.md": "Author: A\nOrder: 1\nDate: 2010-03-04\n\nx\n"})
    threads, _, _ = load_comments(root, ["billet"], markdown.Markdown(), tzinfo=PARIS)
    assert threads["billet"].comments[0].date == datetime.datetime(2010, 3, 4, tzinfo=PARIS)


def test_each_body_is_converted_with_its_anchor_as_id_prefix(tmp_path):
    root = write(tmp_path, {"billet/a.md": "Author: A\nOrder: 1\n\nun\n",
                            "billet/b.md": "Author: B\nOrder: 2\n\ndeux\n"})
    md = CountingMarkdown()
    threads, _, _ = load_comments(root, ["billet"], md)
    assert md.prefixes == ["comment-a-", "comment-b-"]
    first = threads["billet"].by_id["a"]
    assert first.passages[0]["id"] == "comment-a-passage-k-1"
    assert first.annotation_problems == ((1, "unknown position 'k'", "add it"),)


def test_cached_comments_are_not_rendered_again(tmp_path):
    root = write(tmp_path, {"billet/a.md": "Author: A\nOrder: 1\n\n*un*\n"})
    first = Renderer(CountingMarkdown, fingerprint="settings-1")
    load_comments(root, ["billet"], first)
    built = []
    again = Renderer(lambda: built.append(1) or CountingMarkdown(), "settings-1", first.store)
    threads, _, _ = load_comments(root, ["billet"], again)
    assert built == []  # no Markdown object was even built
    assert threads["billet"].by_id["a"].content == "<p><em>un</em></p>"
    assert threads["billet"].by_id["a"].annotation_problems == ((1, "unknown position 'k'", "add it"),)


def test_changed_settings_or_text_render_again(tmp_path):
    root = write(tmp_path, {"billet/a.md": "Author: A\nOrder: 1\n\nun\n"})
    first = Renderer(CountingMarkdown, fingerprint="settings-1")
    load_comments(root, ["billet"], first)
    other = Renderer(CountingMarkdown, "settings-2", first.store)
    load_comments(root, ["billet"], other)
    assert other._markdown.prefixes == ["comment-a-"]
    assert other.used.isdisjoint(first.used)


def test_missing_comments_folder_gives_empty_threads(tmp_path):
    threads, problems, _ = load_comments(tmp_path / "none", ["billet"], markdown.Markdown())
    assert (threads["billet"].count, problems) == (0, [])


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    root = write(tmp_path, {"billet/a.md": "Order: deux\nKind: avis\nDate: hier\nColor: red\n\nx\n"})
    _, problems, _ = load_comments(root, ["billet"], markdown.Markdown())
    path = root / "billet/a.md"
    assert [str(p) for p in sorted(problems)] == [
        f"{path}:1: Order 'deux' is not an integer (write a whole number, e.g. 'Order: 3')",
        f"{path}:1: no Author (add 'Author: Name')",
        f"{path}:2: unknown Kind 'avis' (write 'Kind: comment' or 'Kind: pingback')",
        f"{path}:3: Date 'hier' is not a date (write it as 2010-03-04 12:00)",
        f"{path}:4: unknown key 'color' (known keys: author, date, id, kind, order, replyto, "
        "stance, title, website)",
    ]
