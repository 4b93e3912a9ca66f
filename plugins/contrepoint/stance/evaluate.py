"""``python -m contrepoint.stance.evaluate``: stance detection against the gold files.

Seeds: the comments of ``content/`` with every explicit annotation ignored
(``Stance:`` headers and ``[…]{…}`` passages removed), scored against
``tests/data/stance/gold.json``; reply detection is scored with the
``Replyto`` headers removed. Held-out: ``tests/data/stance/heldout.jsonl``,
never used to tune the cues. Prints accuracy, per-class precision and
recall, and the confusion matrix; exit status 0.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter

from contrepoint.comments.model import Comment, build_thread, located
from contrepoint.comments.store import Body
from contrepoint.headers import parse_header, read_text

from .detect import detect_stance
from .thread import detect_thread

LABELS = ["support", "oppose", "nuance", "off-topic", "none"]
DATA = os.path.join("tests", "data", "stance")
INLINE_RE = re.compile(r"\[((?:\\.|[^\]\\])*)\]\{[+~-][^}]*\}")
BLOCK_RE = re.compile(r"[ \t]\{[+~-][a-z0-9 +~-]*\}[ \t]*$", re.MULTILINE)
COMMENT_KEYS = ("author", "website", "date", "order", "kind", "replyto", "stance", "id", "title")


def strip_annotations(markdown_text):
    """``markdown_text`` without annotation marks: ``[passage]{+key}`` -> ``passage``."""
    return BLOCK_RE.sub("", INLINE_RE.sub(r"\1", markdown_text))


def read_article(path):
    """``(author, plain text)`` of a post file (metadata header, Markdown body)."""
    text, _problems = read_text(path)
    head, _sep, body = text.partition("\n\n")
    author = next((line.split(":", 1)[1].strip() for line in head.splitlines()
                   if line.lower().startswith("author:")), None)
    return author, strip_annotations(body)


def read_thread(folder, slug, *, keep_replyto=True):
    """The thread of ``folder`` with annotations removed from every comment."""
    comments = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(folder, name)
        text, _problems = read_text(path)
        header, _problems = parse_header(text, path, COMMENT_KEYS)
        replyto = tuple(i.strip() for i in header.get("replyto", "").split(",") if i.strip())
        comments.append(Comment(
            id=header.get("id") or name[:-3], article_slug=slug,
            order=int(header.get("order", "0")), kind=header.get("kind", "comment"),
            author=header.get("author", ""), title=header.get("title"),
            replyto=replyto if keep_replyto else (),
            body=Body(text=strip_annotations(header.body)), **located(path)))
    thread, _problems = build_thread(comments)
    return thread


def seed_predictions(content, gold):
    """``{gold key: (predicted, evidence)}`` and ``{gold key: replied ids}`` (no Replyto)."""
    predicted, replies = {}, {}
    root = os.path.join(content, "comments")
    for slug in sorted(os.listdir(root)):
        author, text = read_article(os.path.join(content, "articles", slug + ".md"))
        text += " " + " ".join(_statements(content, gold["posts"].get(slug, [])))
        for keep in (True, False):
            thread = read_thread(os.path.join(root, slug), slug, keep_replyto=keep)
            detect_thread(thread, post_author=author, post_text=text, ignore_annotations=True)
            for comment in thread.comments:
                key = f"{slug}/{comment.id}"
                if keep:
                    predicted[key] = (comment.stance or "none", comment.stance_evidence)
                else:
                    replies[key] = comment.replyto
    return predicted, replies


def _statements(content, stances):
    found = []
    for token in stances:
        path = os.path.join(content, "positions", token[1:] + ".md")
        if os.path.exists(path):
            text, _problems = read_text(path)
            header, _problems = parse_header(text, path, ("statement", "gloss", "opposes", "related"))
            found.append(header.get("statement", ""))
    return found


def heldout_predictions(path):
    """``[(gold, predicted, evidence, text)]`` for the held-out file."""
    rows = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            item = json.loads(line)
            if "text" not in item:
                continue
            decision = detect_stance(
                item["text"], kind=item.get("kind", "comment"),
                parent_author="(commentaire)" if item.get("answers") == "comment" else None)
            rows.append((item["label"].replace("null", "none"),
                         decision.stance or "none", decision.evidence, item["text"]))
    return rows


def report(title, pairs, out):
    """Print accuracy, per-class precision/recall and the confusion matrix."""
    total = len(pairs)
    right = sum(gold == guess for gold, guess in pairs)
    print(f"\n## {title}\n", file=out)
    print(f"accuracy: {right}/{total} = {right / total:.3f}" if total else "no item", file=out)
    print(f"\n{'class':<10} {'precision':>9} {'recall':>7} {'n':>4}", file=out)
    for label in LABELS:
        guessed = sum(guess == label for _gold, guess in pairs)
        actual = sum(gold == label for gold, _guess in pairs)
        hits = sum(gold == guess == label for gold, guess in pairs)
        precision = f"{hits / guessed:.2f}" if guessed else "-"
        recall = f"{hits / actual:.2f}" if actual else "-"
        print(f"{label:<10} {precision:>9} {recall:>7} {actual:>4}", file=out)
    counts = Counter(pairs)
    print("\nconfusion (rows gold, columns detected):", file=out)
    print(" " * 10 + "".join(f"{label:>10}" for label in LABELS), file=out)
    for gold in LABELS:
        print(f"{gold:<10}" + "".join(f"{counts[(gold, guess)]:>10}" for guess in LABELS), file=out)
    return right / total if total else 0.0


FILLER = (
    "Je travaille comme consultante à Montréal depuis une quinzaine d’années.",
    "Dans mon ancien poste, on vendait des logiciels de gestion aux PME.",
    "Le client voulait un site web livré en trois semaines, avec un budget serré.",
    "On en a discuté longuement autour d’un café avec mes collègues de bureau.",
    "Les réseaux sociaux ont changé la manière dont les marques parlent à leurs clients.",
    "Mon associé, lui, préfère les contrats longs et les relations suivies.",
)


def speed(count=20000, seed=0, out=sys.stdout):
    """CPU time of ``detect_stance`` and of a whole thread pass on ``count`` synthetic comments."""
    import random
    import time

    rng = random.Random(seed)
    with open(os.path.join(DATA, "heldout.jsonl"), encoding="utf-8") as stream:
        cues = [json.loads(line).get("text", "") for line in stream][1:]
    texts = [" ".join(rng.sample(FILLER, rng.randint(1, 4)) + rng.sample(cues, rng.randint(1, 2)))
             for _ in range(count)]
    start = time.process_time()
    for text in texts:
        detect_stance(text, quoted_source=FILLER[0], post_author="Michelle Blanc")
    alone = (time.process_time() - start) * 1000 / count
    names = [f"{rng.choice(['Paul', 'Inès', 'Léa', 'Karim'])} {i}" for i in range(count)]
    threads = []
    for first in range(0, count, 25):  # threads of 25 comments, some opening with a name
        comments = [Comment(id=f"c{i}", article_slug="b", order=i, author=names[i],
                            body=Body(text=(f"@{names[i - 1]} " if i % 3 == 0 and i > first else "")
                                                      + texts[i]))
                    for i in range(first, min(first + 25, count))]
        threads.append(build_thread(comments)[0])
    start = time.process_time()
    for thread in threads:
        detect_thread(thread, post_author="Michelle Blanc", post_text=" ".join(FILLER))
    whole = (time.process_time() - start) * 1000 / count
    print(f"\n## Speed ({count} synthetic comments)\n", file=out)
    print(f"detect_stance: {alone:.3f} ms/comment", file=out)
    print(f"detect_thread (replies by name + stance): {whole:.3f} ms/comment", file=out)


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="content")
    parser.add_argument("--data", default=DATA)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument("--speed", type=int, metavar="N", default=0,
                        help="also time detection on N synthetic comments (e.g. 20000)")
    args = parser.parse_args(argv)
    with open(os.path.join(args.data, "gold.json"), encoding="utf-8") as stream:
        gold = json.load(stream)
    predicted, replies = seed_predictions(args.content, gold)
    seed_pairs, errors = [], []
    for key, item in gold["comments"].items():
        expected = item["stance"] or "none"
        guess, evidence = predicted.get(key, ("none", ""))
        seed_pairs.append((expected, guess))
        if guess != expected:
            errors.append(f"{key}: gold {expected}, detected {guess} ({evidence or 'no cue'})")
    report("Seed comments (annotations ignored)", seed_pairs, out)
    for line in errors:
        print("error: " + line, file=out)
    expected_replies = {k: v.get("replies_to", []) for k, v in gold["comments"].items()}
    right = sum(list(replies.get(k, ())) == v for k, v in expected_replies.items())
    print(f"\nreply detection (Replyto removed): {right}/{len(expected_replies)}", file=out)
    pingbacks = [k for k, v in gold["comments"].items() if v.get("kind") == "pingback"]
    ok = sum(predicted.get(k, ("?",))[0] == "none" for k in pingbacks)
    print(f"pingbacks without stance: {ok}/{len(pingbacks)}", file=out)

    rows = heldout_predictions(os.path.join(args.data, "heldout.jsonl"))
    report("Held-out comments (never used for tuning)", [(g, p) for g, p, _e, _t in rows], out)
    pings = [(g, p) for g, p, _e, t in rows if g == "none" and ("[" in t or "ack" in t.lower())]
    print(f"pingbacks without stance: {sum(p == 'none' for _g, p in pings)}/{len(pings)}", file=out)
    if args.verbose:
        for gold_label, guess, evidence, text in rows:
            if gold_label != guess:
                print(f"error: gold {gold_label}, detected {guess} ({evidence or 'no cue'}): {text}",
                      file=out)
    if args.speed:
        speed(args.speed, out=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
