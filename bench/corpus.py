"""A seeded, deterministic synthetic French corpus in Contrepoint's formats.

``generate(root, posts=N, comments=M, positions=K, seed=S)`` writes::

    root/articles/<slug>.md                 N posts (Markdown, Pelican metadata)
    root/comments/<slug>/NN-<author>.md     M comments or pingbacks per post
    root/positions/<key>.md                 K positions

Posts carry a few annotated passages each (inline ``[…]{+key}`` and block
`` {-key}``) and a ``Stance:``; one comment in three has an inline annotation
or a ``Stance:`` header; some comments reply to earlier ones. Every position
has at least one passage. The same arguments always give a byte-identical tree:
each post draws from its own ``random.Random`` seeded with a string.
"""

import argparse
import random
import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

FIRST_NAMES = (
    "Andrée", "Bernard", "Camille", "Chloé", "Denis", "Élodie", "Fatima", "François",
    "Gaëlle", "Hélène", "Hugo", "Inès", "Jérôme", "Karim", "Léa", "Lucien", "Mathilde",
    "Nadir", "Océane", "Pascal", "Rachid", "Sébastien", "Solène", "Thérèse", "Yannick",
)
LAST_NAMES = (
    "Aboura", "Blanc", "Boisvert", "Crevier", "Dubois", "Fournier", "Garnier", "Lambert",
    "Lampriere", "Lefèvre", "Mercier", "Moreau", "Petitjean", "Roussel", "Tremblay",
)
CATEGORIES = (
    "Éthique", "Vente", "Freelance", "L’humain dans le marketing", "Conseil",
    "Management", "Réseaux sociaux", "Entrepreneuriat",
)
TAGS = (
    "éthique", "social selling", "client", "prospection", "négociation", "confiance",
    "freelance", "tarifs", "stratégie", "réseau", "LinkedIn", "vente complexe",
    "fidélisation", "marketing émotionnel", "conseil", "expertise", "devis",
    "relation client", "management", "recrutement", "télétravail", "formation",
)
SUBJECTS = (
    "Le client", "Un bon commercial", "Le consultant indépendant", "L’acheteur",
    "Toute entreprise", "Le freelance", "Un vendeur honnête", "La direction",
    "Chaque prospect", "Le marketing", "Une équipe soudée", "Le formateur",
)
VERBS = (
    "doit apprendre à", "ne devrait jamais", "gagne toujours à", "finit souvent par",
    "hésite encore à", "a tout intérêt à", "refuse parfois de", "oublie trop souvent de",
    "peut légitimement", "aurait avantage à",
)
ACTIONS = (
    "dire non à une mission mal engagée", "écouter avant de proposer",
    "défendre ses tarifs", "croire au produit qu’il vend", "respecter le refus du client",
    "partager son expertise sans compter", "choisir ses clients avec soin",
    "négocier chaque ligne du devis", "construire la confiance sur la durée",
    "garder le secret professionnel", "reconnaître ses erreurs", "demander un retour honnête",
    "poser ses conditions dès le premier rendez-vous", "refuser le travail gratuit",
)
COMPLEMENTS = (
    "même quand la pression monte", "sans attendre de retour immédiat",
    "dans un marché saturé", "face à un acheteur pressé", "au risque de perdre la vente",
    "pour préserver la relation", "avant de signer quoi que ce soit",
    "comme on le voit chaque semaine", "quitte à froisser quelques égos",
    "selon la plupart des études", "à l’heure des réseaux sociaux",
)
ASIDES = (
    "Soyons honnêtes : personne n’aime entendre un refus.",
    "Et pourtant, c’est souvent là que tout se joue…",
    "J’en ai fait l’expérience plus d’une fois !",
    "La question mérite d’être posée.",
    "Rien de nouveau sous le soleil, me direz-vous ?",
    "C’est une affaire de posture, pas de technique.",
    "Le « client roi » a ses limites.",
    "Ce n’est pas une question d’argent ; c’est une question de respect.",
)
LINK_TEXTS = (
    ("une étude récente", "https://exemple.fr/etudes/confiance-2016"),
    ("ce billet de Loïc", "https://blog.exemple.org/social-selling/"),
    ("le Social Selling Forum", "https://forum.exemple.com/"),
    ("un article des Échos", "https://www.exemple-presse.fr/idees/vente"),
    ("mon précédent billet", "https://contrepoint.exemple/archives/"),
)
COMMENT_OPENERS = (
    "Merci pour ce billet.", "Je ne suis pas de cet avis.", "Tout à fait d’accord !",
    "Intéressant, mais incomplet.", "Bravo pour cette analyse.",
    "Je nuancerais un peu.", "Pas si simple…", "Exactement ce que je pense.",
)
STANCES = ("+", "-", "~")


def slugify(text):
    """ASCII slug: lower case words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def sentence(rng):
    """One French sentence: subject, verb, action, sometimes a complement."""
    words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ACTIONS)}"
    if rng.random() < 0.6:
        words += f", {rng.choice(COMPLEMENTS)}"
    return elide(words) + rng.choice((".", ".", ".", " !", " ?"))


def elide(text):
    """French elision: « de écouter » → « d’écouter »."""
    return re.sub(r"\b([dD])e ([aeéèêiouyh])", r"\1’\2", text)


def paragraph(rng, sentences=None):
    """A paragraph of plain sentences with an aside or a link now and then."""
    parts = [sentence(rng) for _ in range(sentences or rng.randint(3, 6))]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(ASIDES))
    if rng.random() < 0.3:
        text, url = rng.choice(LINK_TEXTS)
        parts.append(f"Voir [{text}]({url}) à ce sujet.")
    return " ".join(parts)


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def annotate(rng, key, sign=None):
    return f"{sign or rng.choice(STANCES)}{key}"


# -- positions ---------------------------------------------------------------


def position_keys(count, seed):
    """``count`` unique keys with their statements, in a fixed order."""
    rng = random.Random(f"{seed}-positions")
    keys, statements = [], []
    for index in range(count):
        action = rng.choice(ACTIONS)
        statement = elide(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {action}")
        keys.append("-".join(slugify(action).split("-")[:4] + [str(index + 1)]))
        statements.append(statement)
    return keys, statements


def position_text(rng, index, keys, statement):
    """The file of one position: Opposes its pair, Related to one or two others."""
    lines = [f"Statement: {statement}", f"Gloss: Synthetic position number {index + 1}"]
    if index % 2 == 0 and index + 1 < len(keys):
        lines.append(f"Opposes: {keys[index + 1]}")
    others = [key for key in keys if key != keys[index]]
    if others:
        related = rng.sample(others, min(len(others), rng.randint(1, 2)))
        lines.append("Related: " + ", ".join(related))
    return "\n".join(lines) + "\n\n" + paragraph(rng, 2) + "\n"


# -- posts -------------------------------------------------------------------


def passage_keys(posts, positions, seed):
    """Keys annotated in each post: 3 to 5 a post, every position at least once."""
    rng = random.Random(f"{seed}-passages")
    slots = [rng.randint(3, 5) for _ in range(posts)]
    index = 0
    while posts and sum(slots) < positions:  # more positions than passages: add some
        slots[index % posts] += 1
        index += 1
    keys, chosen, next_key = position_keys(positions, seed)[0], [], 0
    for count in slots:
        row = []
        for _ in range(count):
            if next_key < positions:
                row.append(keys[next_key])
                next_key += 1
            else:
                row.append(rng.choice(keys))
        chosen.append(row)
    return chosen


def post_text(rng, index, title, slug, keys):
    """A post: metadata, paragraphs with inline and block passages, a list."""
    date = datetime(2010, 1, 4, 8, 30) + timedelta(hours=37 * index)
    stance = " ".join(annotate(rng, key, rng.choice("+-")) for key in keys[:2])
    summary = sentence(rng)
    header = [
        f"Title: {title}",
        f"Slug: {slug}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        "Lang: fr",
        f"Category: {rng.choice(CATEGORIES)}",
        "Tags: " + ", ".join(rng.sample(TAGS, rng.randint(2, 3))),
        f"Summary: {summary}",
        f"Stance: {stance}",
    ]
    blocks = [paragraph(rng) for _ in range(rng.randint(4, 7))]
    items = [f"- {rng.choice(ACTIONS).capitalize()} ;" for _ in range(rng.randint(3, 5))]
    items[-1] = items[-1].rstrip(" ;") + "."
    free_items, free_blocks = list(range(len(items))), list(range(len(blocks)))
    for number, key in enumerate(keys):
        mark = annotate(rng, key)
        if number % 3 == 2 and free_items:  # a whole list item
            spot = free_items.pop(rng.randrange(len(free_items)))
            items[spot] += f" {{{mark}}}"
        elif number % 3 == 1 and free_blocks:  # a whole paragraph
            spot = free_blocks.pop(rng.randrange(len(free_blocks)))
            blocks[spot] += f" {{{mark}}}"
        else:  # an inline passage, first in its paragraph
            spot = rng.randrange(len(blocks))
            blocks[spot] = f"[{sentence(rng)}]{{{mark}}} " + blocks[spot]
    blocks.insert(rng.randint(1, len(blocks)), "\n".join(items))
    blocks.insert(2, f"## {rng.choice(ASIDES).rstrip('.!?… ')}")
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


# -- comments ----------------------------------------------------------------


def comment_files(rng, count, post_date_index, keys):
    """``[(file name, text)]``: comments by Order, some replies, some annotated."""
    width = max(2, len(str(count)))
    start = datetime(2010, 1, 4, 12, 0) + timedelta(hours=37 * post_date_index)
    files, ids = [], []
    for order in range(1, count + 1):
        author = person(rng)
        stem = f"{order:0{width}d}-{slugify(author)}"
        pingback = order % 10 == 0
        header = [
            f"Author: {author}",
            f"Date: {start + timedelta(hours=5 * order):%Y-%m-%d %H:%M}",
            f"Order: {order}",
            f"Kind: {'pingback' if pingback else 'comment'}",
        ]
        body = [rng.choice(COMMENT_OPENERS) + " " + paragraph(rng, rng.randint(1, 3))]
        if pingback:
            header.insert(1, f"Website: https://blog{order}.exemple.net/{stem}/")
            header.append(f"Title: {sentence(rng).rstrip(' .!?')}")
        else:
            if ids and rng.random() < 0.3:
                parents = rng.sample(ids, 2 if len(ids) > 2 and rng.random() < 0.2 else 1)
                header.append("Replyto: " + ", ".join(parents))
            if keys and order % 3 == 0:  # one in three: an annotation or a Stance
                mark = annotate(rng, rng.choice(keys))
                if rng.random() < 0.5:
                    header.append(f"Stance: {mark}")
                else:
                    body.append(f"[{sentence(rng)}]{{{mark}}}")
            if rng.random() < 0.4:
                body.append(paragraph(rng, rng.randint(1, 3)))
            ids.append(stem)
        files.append((f"{stem}.md", "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"))
    return files


# -- the tree ----------------------------------------------------------------


def generate(root, posts, comments=10, positions=None, seed=0):
    """Write the corpus under ``root`` (which must be empty or absent); return counts.

    ``positions`` defaults to one for ten posts (at least 10).
    """
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    positions = default_positions(posts) if positions is None else positions
    keys, statements = position_keys(positions, seed)
    for sub in ("articles", "comments", "positions"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for index, (key, statement) in enumerate(zip(keys, statements)):
        rng = random.Random(f"{seed}-position-{index}")
        write(root / "positions" / f"{key}.md", position_text(rng, index, keys, statement))
    counts = {"posts": posts, "comments": 0, "positions": positions, "passages": 0}
    for index, post_keys in enumerate(passage_keys(posts, positions, seed)):
        rng = random.Random(f"{seed}-post-{index}")
        title = sentence(rng).rstrip(" .!?")
        slug = f"{slugify(title)[:60].strip('-')}-{index + 1}"
        write(root / "articles" / f"{slug}.md", post_text(rng, index, title, slug, post_keys))
        counts["passages"] += len(post_keys)
        if comments:
            folder = root / "comments" / slug
            folder.mkdir()
            for name, text in comment_files(rng, comments, index, post_keys):
                write(folder / name, text)
                counts["comments"] += 1
    return counts


def default_positions(posts):
    return max(10, posts // 10)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def edit_post(root, round_=1):
    """Edit the first post in place (append a paragraph); return its path."""
    path = sorted((Path(root) / "articles").glob("*.md"))[0]
    rng = random.Random(f"edit-{round_}")
    with open(path, "a", encoding="utf-8", newline="\n") as stream:
        stream.write(f"\nMise à jour nº {round_} : {paragraph(rng, 2)}\n")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="empty folder to write the corpus into")
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--comments", type=int, default=10, help="comments per post")
    parser.add_argument("--positions", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(generate(args.root, args.posts, args.comments, args.positions, args.seed))


if __name__ == "__main__":
    main()
