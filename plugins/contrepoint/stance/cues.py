"""French stance cues, with their negation and scope.

Cues are matched on folded text (:func:`contrepoint.stance.normalize.fold`:
lowercase, no accents, straight apostrophes). Each cue has a kind and a
weight; a *negatable* cue is a positive predicate ("d'accord", "raison",
"faux") whose meaning depends on what precedes it in its clause:

- a hedge ("je ne suis pas sûr que", "je ne dis pas que") makes it ``nuance``;
- a partial negation ("pas tout à fait", "pas vraiment") makes it ``nuance``;
- a plain negation ("ne … pas", "jamais", "ne … plus") flips it: negated
  agreement is opposition, negated objection is (weak) agreement (litotes:
  "tu n'as pas tort", "pas faux"); "ne … que" is not a negation.

Every regex is compiled once, at import: one alternation for all cues.
"""

import re

SUPPORT, OPPOSE, NUANCE, OFF_TOPIC = "support", "oppose", "nuance", "off-topic"
ACK, THANKS = "ack", "thanks"  # weak kinds: understanding, thanks and praise

_NAME = r"[a-z][a-z'-]+"
_YOUR = r"(?:votre|ton|ta|vos|tes|cet|cette|ce|son|leur)"

# (regex on folded text, kind, weight, negatable). Order matters at one
# position: the first alternative that matches wins, so longer cues first.
CUES = [
    # Explicit agreement and disagreement.
    (r"(?:pas du tout|absolument pas|vraiment pas|aucunement|nullement|"
     r"pas le moins du monde) (?:d'accord|de (?:cet|votre|ton) avis)", OPPOSE, 4, False),
    (r"d'accord sur le fond|d'accord sur le principe|d'accord en partie|"
     r"en partie d'accord|d'accord avec des reserves|d'accord sur certains points", NUANCE, 3, False),
    (r"(?:en )?desaccord(?: total| complet| profond)?", OPPOSE, 3, False),
    (r"(?:tout a fait |entierement |totalement |completement |100 % |pas mal |bien )?d'accord",
     SUPPORT, 3, True),
    (r"(?:du meme |de (?:cet|votre|ton|son) )avis", SUPPORT, 3, True),
    (r"(?:ne peux|ne puis) qu'(?:approuver|abonder|etre d'accord|applaudir|acquiescer)", SUPPORT, 3, False),
    (r"n'aurais pas (?:dit|mieux dit)|(?:on )?ne (?:peut|pourrait) (?:pas )?(?:dire|mieux dire) mieux|"
     r"rien a (?:ajouter|redire)|bien dit|bien vu|tellement vrai|(?:si|tres|trop|c'est) vrai|"
     r"tres juste|exactement|effectivement|tout a fait|mille fois oui|\+ ?1\b", SUPPORT, 2, False),
    (r"(?:as|avez|a) pas (?:tout a fait|entierement|completement|totalement) (?:raison|tort)", NUANCE, 2, False),
    (r"(?:as|avez|a) pas (?:completement |totalement )?tort|pas faux", SUPPORT, 1.5, False),
    (r"(?:as|avez|a) pas raison", OPPOSE, 3, False),
    (r"(?:as|avez|a) (?:(?:bien|entierement|tout a fait|parfaitement|totalement|mille fois) )?raison",
     SUPPORT, 3, True),
    (r"(?:as|avez|a) (?:(?:bien|completement|totalement|tout a fait) )?tort|"
     r"(?:te|vous) (?:trompe[sz]?|fourvoie[sz]?)|se trompe", OPPOSE, 3, True),
    (r"(?:c'est |ce (?:serait|soit) |est )?(?:faux|errone|inexact)", OPPOSE, 2, True),
    (r"n'importe quoi|ne tient pas (?:la route|debout)|tient pas (?:la route|debout)|"
     r"au contraire|ben voyons|facile a dire|(?:va|allez|vas) trop loin|a cote de la plaque|"
     r"je (?:m'oppose|conteste|refute|rejette)|ridicule|absurde|aberrant", OPPOSE, 3, False),
    (r"ne vois pas (?:en quoi|pourquoi|le (?:probleme|rapport))", OPPOSE, 3, False),
    (r"(?:exagere|exageres|simpliste|caricatural)", OPPOSE, 1, True),
    (r"\bbof\b", OPPOSE, 2, False),
    (r"pas (?:du tout |vraiment |tres |trop )?(?:convaincue?s?|convaincante?s?)(?! qu)", OPPOSE, 2, False),
    (r"(?:partage|rejoins|rejoint|plussoie|souscris|approuve|adhere|abonde)s?", SUPPORT, 2, True),
    (r"(?<!par )contre", OPPOSE, 1, True),
    (r"(?:c'est|c'etait|est) vrai", SUPPORT, 1, True),
    # Hedges and concessions (nuance).
    (r"oui et non|ni oui ni non|pas si simple|plus (?:complique|complexe|nuance) que (?:ca|cela)|"
     r"(?:ca|cela|tout) depend|je suis partage|avec des reserves|a nuancer|je nuancerais|"
     r"pas (?:tout a fait|entierement|totalement|completement|toujours|forcement|necessairement)|"
     r"en partie|a condition que|je demande a voir|il me semble|peut-etre", NUANCE, 2, False),
    (r"(?:une|la|autre) (?:solution|piste|option|alternative) (?:pourrait|serait|consiste)|"
     r"pourquoi ne pas|on pourrait|il faudrait (?:plutot|aussi)|je suggere|je proposerais", NUANCE, 2, False),
    (r"je suppose|j'imagine|sans doute|probablement", NUANCE, 1, False),
    (r"certes", NUANCE, 2, False),
    # Understanding, thanks and praise (weak).
    (r"je (?:te|vous) comprends|je comprends (?:ton|votre|ta) (?:point de vue|position|raisonnement)",
     ACK, 1, False),
    (r"\bmerci\b|je vous remercie|je te remercie", THANKS, 1, False),
    (r"bravo|felicitations|chapeau|excellent|superbe|magnifique|genial|merveilleu\w*|"
     r"tres bon(?:ne)? (?:billet|article|analyse|texte|point)|fait du bien|eclairant|"
     r"tres (?:interessant|pertinent)|pertinent", THANKS, 2, False),
    # Off-topic and spam.
    (r"rien a voir|hors[- ]sujet|(?:joyeux noel|bonne annee|meilleurs voeux)", OFF_TOPIC, 3, False),
    (r"achete[zr]?|pas cher|livraison|promo(?:tion)?s? |code promo|casino|credit rapide|"
     r"(?:decouvrez|visitez|essayez) (?:notre|nos|mon)|(?:notre|ma) (?:formation|boutique|offre)|"
     r"abonnes (?:instagram|facebook|twitter)", OFF_TOPIC, 2, False),
]

# One scan for every cue, with one look-behind (the engine gives up at once
# inside a word) and no capturing group (the engine then skips an
# alternative on its first letter: 40 % faster); the cue of a match is found
# afterwards with ``CUE_AT``, one group per cue in the same order, matched at
# the match's start only, so the same one wins.
CUE_RE = re.compile("(?<![a-z])(?:" + "|".join(f"{pattern}(?![a-z])"
                                              for pattern, *_rest in CUES) + ")")
CUE_AT = re.compile("|".join(f"({pattern}(?![a-z]))" for pattern, *_rest in CUES))


def _cue_at(folded, start):
    """The ``CUES`` entry the scan matched at ``start`` (the first that matches there)."""
    return CUES[CUE_AT.match(folded, start).lastindex - 1]


# What precedes a negatable cue in its clause (searched in that prefix only).
HEDGE_RE = re.compile(
    r"pas (?:sure?s?|certaine?s?|convaincue?s?) (?:que|qu')|(?:ne |n')?(?:dirais|dis|dirai|dirait) pas (?:que|qu')|"
    r"pas dire (?:que|qu')|je doute (?:que|qu')|je ne crois pas (?:que|qu').*(?:tort|faux)")
PARTIAL_RE = re.compile(
    r"pas (?:tout a fait|entierement|totalement|completement|vraiment|forcement|"
    r"necessairement|toujours|tout le temps|sur tout) $|pas (?:trop|tres) $")
STRONG_NEG_RE = re.compile(r"pas du tout $|absolument pas $|vraiment pas $|jamais $|pas le moins du monde $")
NEG_RE = re.compile(r"(?<![a-z])(?:pas|jamais|point|guere|nullement|aucunement)(?![a-z])|"
                    r"(?<![a-z])n(?:e |')\S*\s*plus(?![a-z])")

NE_RE = re.compile(r"(?<![a-z])(?:ne|n')\s*(?:(?:me|te|se|nous|vous|le|la|les|lui|leur|y|en)\s*|[mtsl]')*$")
VERB_NEG_RE = re.compile(r"\s*(?:pas du tout|absolument pas|pas vraiment|pas tout a fait|pas|plus|jamais|point|guere|nullement)")
CLAUSE_END_RE = re.compile(r"[.!?;:,()\n]|(?<![a-z])(?:mais|cependant|toutefois|neanmoins|"
                           r"pourtant|par contre|en revanche|sauf|et)(?![a-z])")
CONTRAST_RE = re.compile(r"(?<![a-z])(?:mais|cependant|toutefois|neanmoins|pourtant|par contre|"
                         r"en revanche|sauf|reste que)(?![a-z])")
REPORTED_RE = re.compile(r"(?<![a-z])(?:vous|tu) (?:dites|dis|ecrivez|ecris|affirmez|affirmes|pretendez|pretends) "
                         r"(?:que|qu')[^.!?;]*")
QUOTE_RE = re.compile(r'"[^"\n]{3,300}"')
NORMATIVE_RE = re.compile(r"(?<![a-z])(?:exige|oblige|il faut|doit|doivent|essentiel|indispensable|"
                          r"primordial|la base|toujours|jamais|obligatoire|imperatif)(?![a-z])")
WORD_RE = re.compile(r"[a-z]{6,}")


def clause_prefix(folded, start, limit=60):
    """The words before ``start`` in their clause (at most ``limit`` characters)."""
    window = folded[max(0, start - limit):start]
    last = None
    for last in CLAUSE_END_RE.finditer(window):
        pass
    return window[last.end():] if last else window


def modulate(kind, negatable, prefix, suffix=""):
    """The kind a cue takes after its clause's context: ``(kind, weight factor, mark)``.

    ``suffix`` (the words right after the cue) catches "je n'adhère pas".
    """
    if not negatable or kind not in (SUPPORT, OPPOSE):
        return kind, 1, ""
    if NE_RE.search(prefix):
        after = VERB_NEG_RE.match(suffix)
        if after:
            prefix = prefix + after.group(0) + " "
    if HEDGE_RE.search(prefix):
        return NUANCE, 1, "hedge"
    if PARTIAL_RE.search(prefix):
        return NUANCE, 1, "partial"
    if STRONG_NEG_RE.search(prefix) or NEG_RE.search(prefix):
        strong = bool(STRONG_NEG_RE.search(prefix))
        if kind == SUPPORT:
            return OPPOSE, 1.4 if strong else 1, "negated"
        return SUPPORT, 0.5, "litotes"
    return kind, 1, ""


HEAD, TAIL = 600, 300  # a stance is stated in a comment's opening or its conclusion


def _matches(folded):
    """Cue matches in the opening and the conclusion only: bounded cost per comment."""
    if len(folded) <= HEAD + TAIL:
        return CUE_RE.finditer(folded)
    return [*CUE_RE.finditer(folded, 0, HEAD), *CUE_RE.finditer(folded, len(folded) - TAIL)]


def find_cues(folded):
    """Every cue of ``folded``: list of ``(kind, weight, start, end)``.

    Only the first 600 and last 300 characters of a long comment are read.
    """
    found = []
    for match in _matches(folded):
        start, end = match.span()
        _pattern, kind, weight, negatable = _cue_at(folded, start)
        prefix = clause_prefix(folded, start) if negatable else ""  # read by modulate only then
        kind, factor, mark = modulate(kind, negatable, prefix, folded[end:end + 20])
        if mark:  # quote the negation or hedge with the cue
            start -= len(prefix.lstrip())
            after = VERB_NEG_RE.match(folded, end) if NE_RE.search(prefix) else None
            end = after.end() if after else end
        found.append((kind, weight * factor, start, end))
    return found
