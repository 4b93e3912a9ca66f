"""``python -m contrepoint.stance.suggest content``: sentences likely to state a position.

For every post and comment, ranks the sentences that look normative or
evaluative ("il faut", "toujours / jamais", "n'est pas", "je refuse",
imperatives, the post's title), skipping those already annotated
(``[…]{…}`` or a paragraph ending with ``{…}``). Each comes with
``path:line``, a ready-to-paste annotation and the existing positions it
most likely supports (+) or contests (-), by lemmatised similarity with
their ``Statement:`` (simplemma, offline). Writes nothing.
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from contrepoint.headers import parse_header, read_text

from .normalize import fold

INLINE_RE = re.compile(r"\[((?:\\.|[^\]\\])*)\]\{[+~-][^}]*\}")
BLOCK_END_RE = re.compile(r"[ \t]\{[+~-][a-z0-9 +~-]*\}[ \t]*$")
LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKUP_RE = re.compile(r"[*_`>#]+|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
SENTENCE_RE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"»”)]*|$)")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# (regex on folded text, weight): normative and evaluative statements.
POSITION_CUES = [(re.compile(p), w) for p, w in [
    (r"(?<![a-z])il (?:ne )?faut|(?<![a-z])il (?:ne )?faudrait", 3),
    (r"(?<![a-z])(?:doit|doivent|devrait|devraient|on ne peut pas|il est (?:important|essentiel))", 2.5),
    (r"(?<![a-z])(?:toujours|jamais)(?![a-z])", 2),
    (r"(?<![a-z])(?:n'est pas|ne sont pas|n'a pas d'importance|ce n'est ni)", 2),
    (r"(?<![a-z])je (?:refuse|ne (?:fais|travaille|travaillerais|vends|accepte) pas|n'accepte pas)", 3),
    (r"(?<![a-z])(?:je (?:crois|pense|suis convaincue?|defends) que|selon moi|a mon avis|pour moi)", 1.5),
    (r"(?<![a-z])(?:c'est (?:la base|n'importe quoi|immuable|essentiel|une preuve)|"
     r"le plus important|tabou|ethique|respect)", 1.5),
    (r"(?<![a-z])(?:pas besoin|aucun(?:e)? (?:raison|besoin))", 2),
    (r"!\s*$", 1),
]]
IMPERATIVE_RE = re.compile(r"^(?:ne |n')?[a-z]+(?:ez|ons)(?![a-z])|^(?:sois|soyez|fais|dis|ose|osez)(?![a-z])")
CONCESSIVE_RE = re.compile(r"(?<![a-z])(?:meme si|bien que|quoique|meme quand|sauf si)[^,.;:!?]*")
NEGATION_RE = re.compile(r"(?<![a-z])(?:pas|jamais|ni|aucun|aucune|rien|nullement)(?![a-z])")
STOPWORDS = frozenset(fold(w) for w in """
le la les un une des de du d l au aux et ou mais donc or ni car que qui quoi dont où ce cet cette
ces son sa ses leur leurs mon ma mes ton ta tes notre votre nos vos je tu il elle on nous vous ils
elles me te se lui y en ne pas plus est sont être avoir a ai as ont c s n qu j m t à dans par pour
sur avec sans sous entre comme si tout tous toute toutes très bien faire fait même aussi
jamais ni aucun aucune rien non
""".split())
HEADER_KEYS = ("title", "slug", "lang", "category", "tags", "summary", "author", "stance",
               "author_note", "date", "modified", "status", "kind", "order", "replyto", "id",
               "website")


@dataclass
class Sentence:
    path: str
    line: int
    text: str
    title: bool = False
    stated: frozenset = frozenset()  # keys already in the document's Stance: header
    score: float = 0.0
    matches: list = field(default_factory=list)  # [(sign, key, similarity)]


@dataclass
class Position:
    key: str
    statement: str
    lemmas: frozenset
    negated: bool


@lru_cache(maxsize=65536)
def _lemma(word):
    import simplemma  # only here: the build never pays for it

    return fold(simplemma.lemmatize(word, lang="fr"))


def lemmas(text):
    """Content-word lemmas of ``text`` (folded, no stop words)."""
    words = (fold(w) for w in WORD_RE.findall(text.replace("’", "'")))
    words = (w.split("'")[-1] for w in words)
    return frozenset(_lemma(w) for w in words if len(w) > 2 and w not in STOPWORDS) - STOPWORDS


def read_positions(content):
    """The positions of ``content/positions`` with their lemmatised statements."""
    folder = os.path.join(content, "positions")
    positions = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.endswith(".md"):
            text, _problems = read_text(os.path.join(folder, name))
            header, _problems = parse_header(text or "", name, ("statement", "gloss", "opposes", "related"))
            statement = header.get("statement", "")
            positions.append(Position(name[:-3], statement, lemmas(statement),
                                      is_negated(statement)))
    return positions


def sentences(path, text):
    """The unannotated sentences of a Markdown document with their line, title included."""
    header, _problems = parse_header(text, path, HEADER_KEYS)
    if header.get("kind", "comment").strip() == "pingback":
        return
    if header.get("title"):
        stated = frozenset(t.lstrip("+-~") for t in header.get("stance", "").split())
        yield Sentence(path, header.line_of("title"), header.get("title"), title=True,
                       stated=stated, score=2)
    lines = text.split("\n")
    start = header.body_line - 1
    paragraph, first = [], start
    in_code = False
    for index in range(start, len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.strip():
            if not paragraph:
                first = index
            paragraph.append(line)
            continue
        if paragraph and not BLOCK_END_RE.search(paragraph[-1]):
            yield from _paragraph_sentences(path, first + 1, "\n".join(paragraph))
        paragraph = []


def _paragraph_sentences(path, line, paragraph):
    annotated = [m.span() for m in INLINE_RE.finditer(paragraph)]
    for match in SENTENCE_RE.finditer(paragraph):
        start, end = match.span()
        if any(s < end and start < e for s, e in annotated):
            continue
        raw = match.group(0).strip()
        plain = " ".join(MARKUP_RE.sub("", LINK_RE.sub(r"\1", raw)).split())
        if len(plain.split()) >= 3:
            yield Sentence(path, line + paragraph.count("\n", 0, start + len(match.group(0)) -
                                                        len(match.group(0).lstrip())), plain)


def score(sentence):
    """How likely ``sentence`` states a position: sum of cue weights."""
    folded = fold(sentence.text)
    total = sum(weight for regex, weight in POSITION_CUES if regex.search(folded))
    if IMPERATIVE_RE.search(folded):
        total += 1.5
    words = len(folded.split())
    if words > 45:
        total -= 1
    return sentence.score + total


def is_negated(text):
    """True when the main clause of ``text`` is negative ("même si on n'est pas…" is not)."""
    return bool(NEGATION_RE.search(CONCESSIVE_RE.sub(" ", fold(text))))


def match_positions(sentence, positions, top=2, threshold=0.2):
    """The positions ``sentence`` most likely supports (+) or contests (-)."""
    own = lemmas(sentence.text)
    negated = is_negated(sentence.text)
    found = []
    for position in positions:
        if not own or not position.lemmas:
            continue
        similarity = len(own & position.lemmas) / (len(own) * len(position.lemmas)) ** 0.5
        if similarity >= threshold:
            sign = "+" if negated == position.negated else "-"
            found.append((sign, position.key, round(similarity, 2)))
    return sorted(found, key=lambda m: -m[2])[:top]


def documents(content):
    """Paths of the posts, then of each post's comments, in a stable order."""
    for folder in ("articles", "comments"):
        root = os.path.join(content, folder)
        for base, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".md"):
                    yield os.path.join(base, name)


def suggest(content, *, top=5, min_score=2.0):
    """``{path: [Sentence]}``: the best candidates of each document, ranked."""
    positions = read_positions(content)
    result = {}
    for path in documents(content):
        text, _problems = read_text(path)
        if text is None:
            continue
        ranked = []
        for sentence in sentences(path, text):
            sentence.score = score(sentence)
            if sentence.score >= min_score:
                sentence.matches = match_positions(sentence, positions)
                if sentence.title and sentence.matches and sentence.matches[0][1] in sentence.stated:
                    continue  # the post already takes this position in its Stance: header
                ranked.append(sentence)
        ranked.sort(key=lambda s: (-s.score, s.line))
        if ranked:
            result[path] = ranked[:top]
    return result


def annotation(sentence):
    """A ready-to-paste annotation of ``sentence`` (the best position, or a key to choose).

    A title cannot be annotated in place: its annotation is a ``Stance:`` header line.
    """
    tags = " ".join(sign + key for sign, key, _sim in sentence.matches[:1]) or "+cle-a-choisir"
    if sentence.title:
        return f"Stance: {tags}"
    escaped = sentence.text.replace("[", r"\[").replace("]", r"\]")
    return f"[{escaped}]{{{tags}}}"


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("--top", type=int, default=5, help="sentences per document")
    parser.add_argument("--min-score", type=float, default=2.0)
    args = parser.parse_args(argv)
    for path, ranked in suggest(args.content, top=args.top, min_score=args.min_score).items():
        print(f"\n## {path}", file=out)
        for sentence in ranked:
            print(f"{sentence.path}:{sentence.line}: ({sentence.score:g}) {sentence.text}", file=out)
            print(f"    annotation : {annotation(sentence)}", file=out)
            for sign, key, similarity in sentence.matches:
                verb = "soutient" if sign == "+" else "conteste"
                print(f"    {verb} {sign}{key} ({similarity:.2f})", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
