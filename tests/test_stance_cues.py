"""French stance cues: negation and its scope, concessions, hedges, addresses, pingbacks."""

import pytest

from contrepoint.comments.model import Comment, build_thread
from contrepoint.comments.store import Body
from contrepoint.stance.address import addressed
from contrepoint.stance.detect import detect_stance
from contrepoint.stance.normalize import fold
from contrepoint.stance.pingback import is_pingback
from contrepoint.stance.thread import detect_thread


@pytest.mark.parametrize("text, stance", [
    ("Je suis d’accord.", "support"),
    ("Je ne suis pas d’accord.", "oppose"),
    ("Je suis pas d’accord.", "oppose"),
    ("Pas du tout d’accord avec toi.", "oppose"),
    ("Je ne suis pas de cet avis", "oppose"),
    ("Je partage votre avis.", "support"),
    ("Je ne partage pas votre avis.", "oppose"),
    ("Je n’adhère pas du tout à cette idée.", "oppose"),
    ("Vous avez tort.", "oppose"),
    ("Tu n’as pas tort.", "support"),
    ("C’est faux.", "oppose"),
    ("Je ne peux qu’approuver.", "support"),
    ("Je ne suis pas contre.", "support"),
])
def test_negation_flips_the_cue_it_scopes(text, stance):
    assert detect_stance(text).stance == stance


@pytest.mark.parametrize("text", [
    "Tu as raison, mais il faut aussi penser aux débutants.",
    "Certes, le client décide, mais on peut le convaincre.",
    "D’accord sur le fond, mais la forme me gêne.",
    "Je suis d’accord, sauf sur les prix où tu te trompes.",
    "Je te comprends. Une solution pourrait être de taire les noms.",
])
def test_concession_is_nuance(text):
    assert detect_stance(text).stance == "nuance"


@pytest.mark.parametrize("text", [
    "Je ne suis pas sûr que ce soit faux.",
    "Je ne dirais pas que tu as tort, c’est juste plus compliqué que ça.",
    "Je ne suis pas tout à fait d’accord.",
    "Oui et non.",
])
def test_hedge_or_partial_negation_is_nuance(text):
    assert detect_stance(text).stance == "nuance"


@pytest.mark.parametrize("text", [
    "Et comment fais-tu quand le client insiste ?",
    "J’ai un cousin qui est consultant à Lyon.",
    "",
])
def test_no_cue_leaves_the_stance_undecided(text):
    assert detect_stance(text).stance is None


def test_reported_words_of_the_post_are_not_the_commenters():
    text = "Tu dis que tu n’es pas d’accord avec Victor. Bravo !"
    assert detect_stance(text).stance == "support"


def test_quote_of_the_post_is_not_the_commenters_stance():
    post = "Je ne suis pas d’accord avec la symétrie des attentes."
    text = "« Je ne suis pas d’accord avec la symétrie des attentes » : merci, c’est exactement ça."
    assert detect_stance(text, quoted_source=post).stance == "support"


def test_evidence_quotes_the_deciding_words_as_written():
    decision = detect_stance("Bon. Je NE suis PAS d’accord, vraiment.")
    assert decision.evidence == "Je NE suis PAS d’accord"


def test_short_exclamation_echoing_the_post_is_weak_support():
    post = "Le consultant garde le secret sur les affaires de ses clients."
    decision = detect_stance("Secret professionnel exige !", quoted_source=post)
    assert (decision.stance, decision.confidence < 0.5) == ("support", True)


def test_spam_is_off_topic():
    assert detect_stance("Achetez des abonnés Instagram pas chers !").stance == "off-topic"


def test_post_author_answering_an_objection_opposes_it():
    decision = detect_stance("Pas besoin d’être malade pour être psy.", parent_author="Andrée",
                             parent_stance="oppose", author="Michelle Blanc",
                             post_author="Michelle Blanc")
    assert decision.stance == "oppose"


@pytest.mark.parametrize("text, kind", [
    ("[…] Je ne suis pas d’accord avec ce billet […]", "comment"),
    ("Pingback : Revue de presse", "comment"),
    ("Trackback: les billets de la semaine", "comment"),
    ("Un lien vers vous, merci !", "pingback"),
])
def test_pingbacks_get_no_stance(text, kind):
    assert is_pingback(text, kind)
    assert detect_stance(text, kind=kind).stance is None


def test_an_ordinary_comment_is_not_a_pingback():
    assert not is_pingback("Je cite […] ton billet, et je suis d’accord.")


EARLIER = [("02", "Andrée Crevier"), ("04", "Femme Tunisienne"), ("05", "Michelle Blanc"),
           ("07", "Karine")]


@pytest.mark.parametrize("text, ids, post", [
    ("à Andrée et à femme Tunisienne:\n\nPas besoin…", ["02", "04"], False),
    ("@Karine : non.", ["07"], False),
    ("Bien dit, Karine !", ["07"], False),
    ("Merci Michelle !", [], True),
    ("Tu as raison Michelle, pas besoin.", [], True),
    ("Une femme tunisienne ne dirait pas ça.", [], False),
    ("La karine est un poisson.", [], False),
])
def test_address_detection_by_name(text, ids, post):
    found = addressed(text, EARLIER, post_author="Michelle Blanc")
    assert (found.comment_ids, found.post_author) == (ids, post)


def comment(id_, order, author, text, **fields):
    return Comment(id=id_, article_slug="billet", order=order, author=author, body=Body(text=text), **fields)


def test_thread_links_addressed_replies_and_keeps_annotations():
    thread, _problems = build_thread([
        comment("a", 1, "Paul", "Je ne suis pas d’accord."),
        comment("b", 2, "Zoé", "@Paul tu te trompes."),
        comment("c", 3, "Léa", "Bof.", stance="nuance", stance_source="annotation"),
        comment("d", 4, "Blog", "[…] extrait […]", kind="pingback"),
    ])
    detect_thread(thread, post_author="Michelle")
    a, b, c, d = thread.comments
    assert (a.stance, a.stance_source) == ("oppose", "detected")
    assert (b.parent, b.replyto, b.replyto_source, b.stance) == (a, ("a",), "detected", "oppose")
    assert (c.stance, c.stance_source) == ("nuance", "annotation")
    assert d.stance is None


def test_fold_keeps_every_character_in_place():
    text = "Ça, « Élève » d’œuvre… !"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("ca, \" eleve \" d'")


def test_scan_and_cue_lookup_agree_on_the_longest_cue():
    from contrepoint.stance import cues

    folded = fold("Je suis tout à fait d’accord.")
    match = cues.CUE_RE.search(folded)
    assert match.group(0) == "tout a fait d'accord"
    assert cues._cue_at(folded, match.start())[1:3] == ("support", 3)


def test_exclamation_sharing_a_word_with_the_post_without_norm_stays_undecided():
    post = "Le consultant garde le secret sur les affaires de ses clients."
    assert detect_stance("Le consultant est un escroc !", quoted_source=post).stance is None
