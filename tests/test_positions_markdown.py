"""The annotation extension: Markdown input beside the HTML it must give."""

import markdown
from hypothesis import given, settings, strategies as st
from markdown.test_tools import TestCase

from contrepoint.positions.markdown_ext import PositionsExtension

POSITIONS = {"a": "Position A", "b": "Position B", "ethique-asymetrique": "L’éthique"}


def link(key, stance, label):
    statement = POSITIONS[key]
    return (f'<a class="passage-link stance-{stance}" href="/positions/{key}/">'
            f'<span class="stance-label">{label}</span>'
            f'<span class="visually-hidden"> la position « {statement} »</span></a>')


def convert(source, **config):
    md = markdown.Markdown(extensions=[PositionsExtension(positions=POSITIONS, **config)])
    html = md.convert(source)
    return md, html


def problems(source):
    md, _html = convert(TestCase.dedent(None, source))
    return md.annotation_problems


class TestAnnotationHTML(TestCase):
    def setUp(self):
        self.default_kwargs = {"extensions": [PositionsExtension(positions=POSITIONS)]}

    def test_inline_span_support(self):
        self.assertMarkdownRenders(
            "Il dit [une phrase]{+a} ici.",
            '<p>Il dit <mark class="passage stance-support" data-positions="a" '
            'data-stances="support" id="passage-a-1">une phrase</mark>'
            + link("a", "support", "pour") + " ici.</p>",
        )

    def test_inline_span_oppose_and_nuance(self):
        self.assertMarkdownRenders(
            "[Non]{-a} et [peut-être]{~b}",
            '<p><mark class="passage stance-oppose" data-positions="a" '
            'data-stances="oppose" id="passage-a-1">Non</mark>' + link("a", "oppose", "contre")
            + ' et <mark class="passage stance-nuance" data-positions="b" '
            'data-stances="nuance" id="passage-b-1">peut-être</mark>'
            + link("b", "nuance", "nuance") + "</p>",
        )

    def test_inline_span_keeps_emphasis_inside(self):
        self.assertMarkdownRenders(
            "[un *fort* passage]{+a}",
            '<p><mark class="passage stance-support" data-positions="a" '
            'data-stances="support" id="passage-a-1">un <em>fort</em> passage</mark>'
            + link("a", "support", "pour") + "</p>",
        )

    def test_inline_span_may_hold_a_link(self):
        self.assertMarkdownRenders(
            "[voir [ce billet](/b/)]{+a}",
            '<p><mark class="passage stance-support" data-positions="a" '
            'data-stances="support" id="passage-a-1">voir <a href="/b/">ce billet</a></mark>'
            + link("a", "support", "pour") + "</p>",
        )

    def test_links_and_references_unchanged(self):
        self.assertMarkdownRenders("[un lien](/u/) et [ref]\n\n[ref]: /r/",
                                   '<p><a href="/u/">un lien</a> et <a href="/r/">ref</a></p>')

    def test_several_keys_one_mark_one_link_each(self):
        self.assertMarkdownRenders(
            "[Les deux]{+a -b}",
            '<p><mark class="passage stance-support stance-oppose" data-positions="a b" '
            'data-stances="support oppose" id="passage-a-1">Les deux</mark>'
            + link("a", "support", "pour") + link("b", "oppose", "contre") + "</p>",
        )

    def test_block_paragraph(self):
        self.assertMarkdownRenders(
            self.dedent(
                """
                Tout ce paragraphe
                est contre. {-a}
                """
            ),
            '<p class="passage passage-block stance-oppose" data-positions="a" '
            'data-stances="oppose" id="passage-a-1">Tout ce paragraphe\nest contre.'
            + link("a", "oppose", "contre") + "</p>",
        )

    def test_block_list_item(self):
        self.assertMarkdownRenders(
            self.dedent(
                """
                - premier {+a}
                - second
                """
            ),
            self.dedent(
                """
                <ul>
                <li class="passage passage-block stance-support" data-positions="a" data-stances="support" id="passage-a-1">premier"""
            ).strip() + link("a", "support", "pour") + "</li>\n<li>second</li>\n</ul>",
        )

    def test_ids_count_each_key_in_document_order(self):
        md, html = convert("[x]{+a} [y]{+b} [z]{-a}\n\n- w {~a}")
        self.assertEqual([p["id"] for p in md.passages],
                         ["passage-a-1", "passage-b-1", "passage-a-2", "passage-a-3"])

    def test_id_prefix_option_and_attribute(self):
        md, _ = convert("[x]{+a}", id_prefix="comment-c1-")
        self.assertEqual(md.passages[0]["id"], "comment-c1-passage-a-1")
        md.reset()
        md.annotation_id_prefix = "comment-c2-"
        md.convert("[x]{+a}")
        self.assertEqual(md.passages[0]["id"], "comment-c2-passage-a-1")

    def test_escaped_brackets_are_text(self):
        self.assertMarkdownRenders(r"\[pas un passage\]{+a}", "<p>[pas un passage]{+a}</p>")

    def test_escaped_brace_is_text(self):
        self.assertMarkdownRenders(r"fin \{+a}", "<p>fin {+a}</p>")

    def test_code_span_left_alone(self):
        self.assertMarkdownRenders("Écrire `[x]{+a}` ou `fin {+a}`",
                                   "<p>Écrire <code>[x]{+a}</code> ou <code>fin {+a}</code></p>")

    def test_code_block_left_alone(self):
        self.assertMarkdownRenders(
            self.dedent(
                """
                Exemple :

                    [x]{+inconnue} et fin {+a}
                """
            ),
            "<p>Exemple :</p>\n<pre><code>[x]{+inconnue} et fin {+a}\n</code></pre>",
        )
        md, _ = convert("    [x]{+inconnue}\n")
        self.assertEqual((md.passages, md.annotation_problems), ([], []))

    def test_passages_published_with_quote_line_and_block(self):
        md, _ = convert("Titre\n\nIci [un \\[beau\\] passage]{+a}.\n\nTout. {~b}")
        self.assertEqual(md.passages, [
            {"key": "a", "stance": "support", "id": "passage-a-1",
             "quote": "un [beau] passage", "fragment": ":~:text=un%20%5Bbeau%5D%20passage",
             "line": 3, "block": False},
            {"key": "b", "stance": "nuance", "id": "passage-b-1",
             "quote": "Tout.", "fragment": "", "line": 5, "block": True},
        ])

    def test_a_block_quotes_its_text_without_the_links_of_the_passages_in_it(self):
        md, html = convert("[Oui.]{+a} Le reste suit, et [là aussi]{-b} encore. {~b}")
        self.assertEqual([p["quote"] for p in md.passages],
                         ["Oui.", "là aussi", "Oui. Le reste suit, et là aussi encore."])
        self.assertIn(link("a", "support", "pour") + " Le reste", html)  # still in the page
        # Words that meet in the page: "aussi" is followed there by the label "contre".
        self.assertEqual(md.passages[2]["fragment"], ":~:text=reste%20suit%2C%20et%20l%C3%A0")

    def test_reset_clears_passages_and_problems(self):
        md, _ = convert("[x]{+zz}")
        md.reset()
        self.assertEqual((md.passages, md.annotation_problems), ([], []))

    def test_position_url_option(self):
        md, html = convert("[x]{+a}", position_url="https://ex.test/p/{key}/")
        self.assertIn('href="https://ex.test/p/a/"', html)

    def test_any_slug_accepted_without_known_positions(self):
        md = markdown.Markdown(extensions=[PositionsExtension()])
        html = md.convert("[x]{+nouvelle}")
        self.assertEqual(md.annotation_problems, [])
        self.assertIn("la position « nouvelle »", html)


class TestAnnotationProblems(TestCase):
    def test_unknown_key_with_did_you_mean(self):
        self.assertEqual(problems("Un\n\n[x]{+ethique-asymetriqe}"), [
            (3, "unknown position 'ethique-asymetriqe'", "did you mean 'ethique-asymetrique'?")])

    def test_key_without_anything_after_sign(self):
        self.assertEqual(problems("[x]{+}"), [
            (1, "malformed annotation '{+}': no key after '+'",
             "write +key, e.g. +ethique-asymetrique")])

    def test_key_that_is_not_a_slug(self):
        self.assertEqual(problems("Un\n\n[x]{+Bad_Key}"), [
            (3, "malformed annotation '{+Bad_Key}': 'Bad_Key' is not a slug",
             "keys are lowercase slugs: letters, digits and hyphens")])

    def test_malformed_key_with_space(self):
        found = problems("[x]{+Bad Key}")
        self.assertEqual([p[1] for p in found], [
            "malformed annotation '{+Bad Key}': 'Bad' is not a slug",
            "annotation '{+Bad Key}': 'Key' has no stance sign"])

    def test_unknown_stance_sign(self):
        self.assertEqual(problems("a\nb\n[x]{*a}"), [
            (3, "unknown stance sign '*' in '{*a}'", "use + (pour), - (contre) or ~ (nuance)")])

    def test_annotation_left_open(self):
        self.assertEqual(problems("Un\n\n[passage{+a} suite"), [
            (3, "annotation left open: '{+a}' follows no [passage] and does not end its "
                "paragraph", "write [passage]{+key}, or end the paragraph with ' {+key}'")])

    def test_leftover_closing_annotation(self):
        found = problems("passage]{+a} suite")
        self.assertEqual(found, [(1, "annotation ']{+a}' closes no '[passage'",
                                  "write [passage]{+key}, or end the paragraph with ' {+key}'")])

    def test_block_annotation_not_at_end(self):
        self.assertEqual([p[0] for p in problems("Un\n\nfin {+a}\nsuite")], [3])

    def test_repeated_fragment_gets_its_own_line(self):
        source = "[x]{+a}\n\n[y]{+a}\n\n[z]{+a} [w]{+nope}"
        self.assertEqual(problems(source)[0][0], 5)
        md, _ = convert(source)
        self.assertEqual([p["line"] for p in md.passages], [1, 3, 5])

    def test_every_problem_reported_not_only_the_first(self):
        found = problems("[x]{+zz}\n\n[y]{*a}\n\n[z]{+}")
        self.assertEqual([p[0] for p in found], [1, 3, 5])

    def test_broken_annotation_renders_no_link(self):
        _md, html = convert("[x]{+zz}")
        self.assertEqual(html, '<p><mark class="passage-error">x</mark></p>')

    def test_same_key_twice_in_one_annotation(self):
        self.assertEqual(problems("[x]{+a -a}"), [
            (1, "position 'a' given twice in '{+a -a}'", "keep one stance per position")])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}+-~*ab \n`\\#:.>-1", max_size=60))
def test_any_input_converts_without_raising_and_lines_stay_in_the_document(source):
    md, _html = convert(source)
    last_line = max(1, len(source.split("\n")))
    assert all(1 <= line <= last_line for line, _message, _hint in md.annotation_problems)
    assert all(1 <= p["line"] <= last_line for p in md.passages)
