"""Fidelity: every sentence of the scraped seeds reaches its page, and no scrape noise.

How a seed becomes the list of sentences to find:

1. Whole lines that are scrape noise (``NOISE_LINES``) are dropped: the
   "Pin It" and print buttons, the "Commentaires" / "2 commentaires" headers,
   the WordPress comment form, the "Cette entrée a été publiée dans" footer
   and the "par" with no name after it. The seed's category line (the same
   list as in the footer) is metadata, not text: dropped too.
2. Noise tokens inside lines (``NOISE_TOKENS``) are removed: comment
   numbering ("  3. "), the WordPress "dit" after a commenter's name, the
   "%blog_URL%" placeholder of pingbacks, list bullets, and the
   "Imprimez ce billet" caught in a pingback excerpt.
3. A pingback header "title | site | %blog_URL%" gives two texts: the title
   and the linking site.
4. The rest is split into sentences after ``.``, ``!``, ``?`` or ``…``
   followed by white space.

Each sentence must appear in the text of the article page after ``normalise``
(both sides): white space of every kind collapsed, typographic apostrophes and
"..." made plain, and spaces before ``; : ! ? »`` and after ``«`` removed,
since the theme's French typography puts narrow no-break spaces there.
The annotation links (``a.passage-link``: "pour la position « … »") are taken
out of the page first: they are additions the reader sees beside a passage.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SEEDS = Path(__file__).parent / "data" / "seeds"

# Seed file prefix -> article slug (editorial choices, see docs/editorial.md).
SEED_SLUGS = {
    "000": "pas-besoin-de-croire-en-votre-produit",
    "001": "respecter-le-non-du-client",
    "002": "savoir-dire-non-a-un-client",
    "003": "comment-changer-le-monde",
    "004": "clash-avec-victor",
}

NOISE_LINES = [re.compile(pattern) for pattern in (
    r"Pin It",
    r"Imprimez ce billet(\s+Imprimez ce billet)?",
    r"Commentaires",
    r"\d+ commentaires?",
    r"Votre commentaire",
    r"Entrez vos coordonnées ci-dessous ou cliquez sur une icône pour vous connecter:",
    r"Logo WordPress\.com",
    r"Photo Facebook",
    r"Vous commentez à l’aide de votre compte .*",
    r"Connexion à %s",
    r"Cette entrée a été publiée dans.*",
    r"par",
)]
CATEGORY_FOOTER = re.compile(r"Cette entrée a été publiée dans\s*:\s*(.+)")

NOISE_TOKENS = [
    (re.compile(r"^\d+\.\s+(.*?)(?: dit)?$"), r"\1"),  # comment / list numbering, "dit"
    (re.compile(r"^•\s+"), ""),  # bullets
    (re.compile(r"(\[…\])\s*Imprimez ce billet\s*\[…\]"), r"\1"),  # print button in an excerpt
]
PINGBACK_HEADER = re.compile(r"^(.+?) \| (.+?) \| %blog_URL%$")

# Must never appear on any page of the site (normalised like the text).
NOISE_ON_SITE = [
    "Pin It",
    "Imprimez ce billet",
    "2 commentaires",
    "Votre commentaire",
    "Entrez vos coordonnées",
    "Logo WordPress.com",
    "Vous commentez à l’aide de votre compte",
    "Photo Facebook",
    "Connexion à %s",
    "Déconnexion",
    "Cette entrée a été publiée dans",
    "%blog_URL%",
]

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
SPACES = re.compile(r"\s+")
SPACE_BEFORE_PUNCTUATION = re.compile(r" ([;:!?»])")
SPACE_AFTER_GUILLEMET = re.compile(r"« ")


def normalise(text):
    """Text as compared: French typography spaces and apostrophes made neutral."""
    text = SPACES.sub(" ", text.replace("’", "'").replace("...", "…"))
    text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return SPACE_AFTER_GUILLEMET.sub("«", text).strip()


def seed_texts(raw):
    """The texts of a seed that must reach the page: its lines without noise."""
    lines = [line.strip() for line in raw.splitlines()]
    footer = [m.group(1) for m in map(CATEGORY_FOOTER.fullmatch, lines) if m]
    texts = []
    for line in lines:
        if not line or line in footer or any(p.fullmatch(line) for p in NOISE_LINES):
            continue
        for pattern, replacement in NOISE_TOKENS:
            line = pattern.sub(replacement, line)
        pingback = PINGBACK_HEADER.match(line)
        texts.extend(pingback.groups() if pingback else [line])
    return texts


def sentences(raw):
    """Every sentence of a seed (post, comments, author note), noise removed."""
    return [piece for text in seed_texts(raw) for piece in SENTENCE_END.split(text)
            if piece.strip()]


def page_text(html):
    """Visible text of a page, without the annotation links beside passages."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("a.passage-link"):
        link.decompose()
    body = soup.body or soup
    return normalise(body.get_text(""))


def seed_path(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


# ------------------------------------------------------------------ the splitter


def test_seed_texts_drop_noise_lines_and_tokens():
    raw = ("Un titre\n\nPin It\n\nUn texte.\n\nImprimez ce billet\u00a0Imprimez ce billet\n\n"
           "Commentaires\n\n  1. Un titre | Bienvenue! | %blog_URL%\n\n"
           "    […]  Imprimez ce billet […]\n\n  2. Virginie LAMPRIERE dit\n\n    Merci.\n")
    assert seed_texts(raw) == ["Un titre", "Un texte.", "Un titre", "Bienvenue!", "[…]",
                               "Virginie LAMPRIERE", "Merci."]


def test_seed_texts_drop_the_category_line_given_again_in_the_footer():
    raw = "l'humain, CRM\n2 commentaires\n\nTexte.\n\nCette entrée a été publiée dans : l'humain, CRM\n\npar\n"
    assert seed_texts(raw) == ["Texte."]


def test_sentences_split_after_final_punctuation_only():
    assert sentences("Voilà ! Une idée ? Oui… Fin. 25.000 mails") == [
        "Voilà !", "Une idée ?", "Oui…", "Fin.", "25.000 mails"]


def test_normalise_removes_french_typography_spaces_on_both_sides():
    theme = "l’idée\u202f? «\u202fnon\u202f» : oui..."
    seed = "l'idée ? « non » : oui…"
    assert normalise(theme) == normalise(seed) == "l'idée? «non»: oui…"


def test_page_text_leaves_out_annotation_links():
    html = ('<body><p><mark class="passage">Voilà.</mark><a class="passage-link" href="/p/">'
            '<span>pour</span><span class="visually-hidden"> la position « x »</span></a>'
            ' Suite.</p></body>')
    assert page_text(html) == "Voilà. Suite."


# ------------------------------------------------------------------ the real site


@pytest.mark.parametrize("prefix", sorted(SEED_SLUGS))
def test_every_sentence_of_the_seed_reaches_its_page(site, prefix):
    page = site / SEED_SLUGS[prefix] / "index.html"
    assert page.is_file(), f"{page} missing for seed {prefix}"
    text = page_text(page.read_text(encoding="utf-8"))
    raw = seed_path(prefix).read_text(encoding="utf-8")
    missing = [s for s in sentences(raw) if normalise(s) not in text]
    assert not missing, f"seed {prefix}: not on {page.name}: " + " | ".join(missing)


def test_no_scrape_noise_on_any_page(site):
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page_text(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {noise!r}" for noise in NOISE_ON_SITE
                  if normalise(noise) in text]
    assert not found, "scrape noise on the site: " + "; ".join(found)


def test_site_has_five_article_pages_eight_comments_and_two_pingbacks(site):
    pages = [site / slug / "index.html" for slug in SEED_SLUGS.values()]
    assert all(page.is_file() for page in pages)
    soups = [BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in pages]
    # partials/comments.html: every item is an article.comment; pingbacks also
    # carry .pingback and sit in their own list (ol.pingbacks).
    comments = sum(len(soup.select("article.comment:not(.pingback)")) for soup in soups)
    pingbacks = sum(len(soup.select("ol.pingbacks article.comment.pingback")) for soup in soups)
    assert (comments, pingbacks) == (8, 2)
