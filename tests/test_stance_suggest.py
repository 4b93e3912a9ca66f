"""`python -m contrepoint.stance.suggest`: ranked position-like sentences, never the annotated ones."""

import io
import textwrap

import pytest

from contrepoint.stance import suggest

POSITIONS = {
    "savoir-dire-non.md": "Statement: Savoir dire non à un client est une preuve de professionnalisme\n\nRésumé.\n",
    "ne-jamais-refuser.md": "Statement: On ne refuse jamais un client\n\nRésumé.\n",
}
POST = """\
    Title: Un billet sur les clients
    Slug: billet
    Stance: +savoir-dire-non

    Hier, j’ai bu un café avec un ami.
    Il faut savoir dire non à un client quand il exige l’impossible.

    [Je refuse les clients qui mentent.]{+savoir-dire-non} Le soleil brillait ce jour-là.

    On ne doit jamais refuser un client, disent-ils toujours. {-ne-jamais-refuser}

    Je ne refuse jamais un client pour une question de prix !
    """
COMMENT = """\
    Author: Léa
    Order: 1

    Merci. Il faut toujours respecter un client qui dit non.
    """
PINGBACK = """\
    Author: Blogue
    Order: 2
    Kind: pingback

    […] Il faut toujours dire non […]
    """


@pytest.fixture
def content(tmp_path):
    files = {"articles/billet.md": POST, "comments/billet/01-lea.md": COMMENT,
             "comments/billet/02-ping.md": PINGBACK,
             **{f"positions/{name}": text for name, text in POSITIONS.items()}}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def post_path(content):
    return str(content / "articles" / "billet.md")


def test_normative_sentence_is_suggested_with_its_line(content):
    ranked = suggest.suggest(str(content))[post_path(content)]
    lines = {s.text: s.line for s in ranked}
    assert lines["Il faut savoir dire non à un client quand il exige l’impossible."] == 6


def test_narrative_sentence_is_not_suggested(content):
    texts = [s.text for s in suggest.suggest(str(content))[post_path(content)]]
    assert not any("café" in t or "soleil" in t for t in texts)


def test_annotated_passage_and_block_are_not_suggested_again(content):
    texts = [s.text for s in suggest.suggest(str(content))[post_path(content)]]
    assert not any("mentent" in t or "disent-ils" in t for t in texts)


def test_position_match_carries_its_sign(content):
    ranked = {s.text: s for s in suggest.suggest(str(content))[post_path(content)]}
    supports = ranked["Il faut savoir dire non à un client quand il exige l’impossible."]
    assert supports.matches[0][:2] == ("+", "savoir-dire-non")
    negative = ranked["Je ne refuse jamais un client pour une question de prix !"]
    assert ("+", "ne-jamais-refuser") == negative.matches[0][:2]


def test_ready_to_paste_annotation_uses_the_best_position(content):
    ranked = {s.text: s for s in suggest.suggest(str(content))[post_path(content)]}
    sentence = ranked["Il faut savoir dire non à un client quand il exige l’impossible."]
    assert suggest.annotation(sentence) == (
        "[Il faut savoir dire non à un client quand il exige l’impossible.]{+savoir-dire-non}")


def test_comments_are_suggested_and_pingbacks_are_not(content):
    result = suggest.suggest(str(content))
    comment = str(content / "comments" / "billet" / "01-lea.md")
    assert [s.line for s in result[comment]] == [4]
    assert str(content / "comments" / "billet" / "02-ping.md") not in result


def test_main_prints_path_line_sentence_and_annotation(content):
    out = io.StringIO()
    assert suggest.main([str(content)], out=out) == 0
    text = out.getvalue()
    assert f"{post_path(content)}:6: " in text
    assert "annotation : [Il faut savoir dire non" in text
    assert "soutient +savoir-dire-non" in text


def test_contesting_sentence_gets_a_minus_sign():
    positions = [suggest.Position("ne-jamais-refuser", "On ne refuse jamais un client",
                                  suggest.lemmas("On ne refuse jamais un client"), True)]
    sentence = suggest.Sentence("x.md", 1, "Il faut parfois refuser un client.")
    assert suggest.match_positions(sentence, positions)[0][:2] == ("-", "ne-jamais-refuser")
