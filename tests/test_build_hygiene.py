"""Nothing touched, every build the same, nothing lost.

- The build writes only into ``output/`` and ``cache/``: ``content/`` is made
  read-only and compared, file by file, before and after (as root ``chmod``
  does not stop a write, so the checksums are what proves it).
- Two clean builds of the same content give byte-identical output trees.
- Every word of generated posts and comments, annotated at every place in a
  sentence, is in the built pages.
"""

import hashlib
import re
import shutil
import stat
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, build

SITEURL = "https://contrepoint.example"
SETTINGS = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}


def listing(root):
    """``{relative path: (sha256 or 'dir', mode)}`` of everything under ``root``."""
    found = {}
    for path in sorted(Path(root).rglob("*")):
        kind = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        found[str(path.relative_to(root))] = (kind, stat.S_IMODE(path.stat().st_mode))
    return found


def set_writable(root, writable):
    for path in [Path(root), *Path(root).rglob("*")]:
        mode = path.stat().st_mode
        write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~write)


def differences(before, after):
    return {
        "new": sorted(set(after) - set(before)),
        "gone": sorted(set(before) - set(after)),
        "changed": sorted(k for k in set(before) & set(after) if before[k] != after[k]),
    }


def test_build_with_read_only_content_writes_only_output_and_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    set_writable(content, False)
    try:
        before = listing(content)
        result = build(content, tmp_path / "output", extra=SETTINGS,
                       cache=tmp_path / "cache")
        after = listing(content)
    finally:
        set_writable(content, True)
    assert result.returncode == 0, result.stderr
    assert differences(before, after) == {"new": [], "gone": [], "changed": []}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "output"]
    assert (tmp_path / "output" / "index.html").exists()


def output_bytes(output):
    return {str(p.relative_to(output)): p.read_bytes()
            for p in sorted(Path(output).rglob("*")) if p.is_file()}


def write_generated(content):
    for name, text in corpus()[0].items():
        path = Path(content) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(params=["real", "generated"])
def source_content(request, tmp_path):
    """The real ``content/``, or the generated annotated corpus below."""
    source = tmp_path / "source"
    if request.param == "real":
        shutil.copytree(ROOT / "content", source)
    else:
        write_generated(source)
    return source


def test_two_clean_builds_give_byte_identical_output(tmp_path, monkeypatch, source_content):
    # The second copy gets new file times, is built a second later and with
    # another hash seed (set and dict-of-set orders change): the same words
    # must still give the same bytes.
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(source_content, first / "content")
    monkeypatch.setenv("PYTHONHASHSEED", "1")
    result = build(first / "content", first / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr
    time.sleep(1.1)
    shutil.copytree(source_content, second / "content", copy_function=shutil.copy)
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    result = build(second / "content", second / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr

    one, two = output_bytes(first / "output"), output_bytes(second / "output")
    assert sorted(one) == sorted(two)
    differing = [name for name in sorted(one) if one[name] != two[name]]
    assert differing == [], "differing files: " + ", ".join(differing)


# -- fidelity of a generated corpus ------------------------------------------------

KEYS = ["cle-a", "cle-b", "cle-c"]
SENTENCES = [
    "Le consultant n’a pas besoin de croire au produit de son client",
    "Refuser un mandat, c’est parfois la seule chose éthique à faire",
    "Victor pense que l’éthique doit être symétrique ; je ne suis pas d’accord",
    "Payé pour son expertise, pas pour son adhésion : voilà la règle",
    "Qui décide de ce qui est juste ? Le client, le consultant, ou les deux",
    "Dire non à un client demande du courage et de la clarté",
]


def annotate(sentence, where, stances):
    """``sentence`` with a passage at ``where`` (start, middle, end, whole)."""
    words = sentence.split()
    third = max(1, len(words) // 3)
    spans = {"start": (0, third), "middle": (third, 2 * third),
             "end": (len(words) - third, len(words)), "whole": (0, len(words))}
    start, end = spans[where]
    marked = f"[{' '.join(words[start:end])}]{{{stances}}}"
    return " ".join([*words[:start], marked, *words[end:]])


def corpus():
    """``({relative path: text}, {article slug: [sentences]}, {slug: [comment sentences]})``."""
    files = {f"positions/{key}.md": f"Statement: Position {key}\n\nRésumé.\n" for key in KEYS}
    posts, comments = {}, {}
    stance_sets = ["+cle-a", "-cle-b", "~cle-c", "+cle-a -cle-b", "+cle-b ~cle-c -cle-a"]
    for n in range(4):
        slug = f"billet-genere-{n}"
        body, written = [], []
        for i, sentence in enumerate(SENTENCES):
            stances = stance_sets[(n + i) % len(stance_sets)]
            where = ["start", "middle", "end", "whole"][(n + i) % 4]
            body.append(annotate(sentence, where, stances) + ".")
            written.append(sentence + ".")
        body.append(f"{SENTENCES[n]}, dit le paragraphe entier. {{{stance_sets[n]}}}")
        written.append(f"{SENTENCES[n]}, dit le paragraphe entier.")
        body.append("\n".join(f"- {annotate(s, w, st)}" for s, w, st in
                              zip(SENTENCES[n:n + 2], ("middle", "whole"), stance_sets[1:3])))
        written += SENTENCES[n:n + 2]
        body.append(f"- Un élément de liste entier, le numéro {n}. {{+cle-c}}")
        written.append(f"Un élément de liste entier, le numéro {n}.")
        files[f"articles/{slug}.md"] = (
            f"Title: Billet généré {n}\nSlug: {slug}\nDate: 2021-0{n + 1}-01 10:00\n"
            f"Lang: fr\nStance: +cle-a\n\n" + "\n\n".join(body) + "\n")
        posts[slug] = written
        comments[slug] = []
        for c in range(2):
            sentence = SENTENCES[(n + c + 3) % len(SENTENCES)]
            where = ["end", "start"][c]
            files[f"comments/{slug}/0{c + 1}-lecteur.md"] = (
                f"Author: Lecteur {c}\nOrder: {c + 1}\nKind: comment\n\n"
                f"{annotate(sentence, where, stance_sets[c])} ; et vous ?\n\n"
                f"Une seconde phrase sans annotation, numéro {c}.\n")
            comments[slug].append(f"{sentence} ; et vous ?")
            comments[slug].append(f"Une seconde phrase sans annotation, numéro {c}.")
    return files, posts, comments


def normalised(text):
    """Text with spaces unified, as French typography may change them."""
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    return re.sub(r" ?([;:!?»]) ?", r"\1", text).strip()


def page_text(element):
    for link in element.select("a.passage-link"):
        link.decompose()
    return normalised(element.get_text())


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("generated")
    _, posts, comments = corpus()
    write_generated(base / "content")
    result = build(base / "content", base / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr
    return base / "output", posts, comments


def test_every_sentence_of_generated_annotated_posts_is_on_its_page(generated_site):
    output, posts, _ = generated_site
    missing = []
    for slug, sentences in posts.items():
        soup = BeautifulSoup((output / slug / "index.html").read_text("utf-8"), "html.parser")
        text = page_text(soup.find(class_="post-content"))
        missing += [(slug, s) for s in sentences if normalised(s) not in text]
    assert missing == []


def test_every_sentence_of_generated_annotated_comments_is_on_its_page(generated_site):
    output, _, comments = generated_site
    missing = []
    for slug, sentences in comments.items():
        soup = BeautifulSoup((output / slug / "index.html").read_text("utf-8"), "html.parser")
        text = " ".join(page_text(c) for c in soup.select(".comment-content"))
        missing += [(slug, s) for s in sentences if normalised(s) not in text]
    assert missing == []


def test_generated_posts_have_a_passage_for_every_annotation(generated_site):
    output, posts, _ = generated_site
    soup = BeautifulSoup((output / "billet-genere-0" / "index.html").read_text("utf-8"),
                         "html.parser")
    content = soup.find(class_="post-content")
    # 6 sentences + 1 paragraph + 2 list items + 1 whole list item.
    assert len(content.select("[id^=passage-]")) == 10
    assert not re.search(r"\{[+\-~]|\]\{", content.get_text())
