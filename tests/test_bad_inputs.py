"""Bad input, table-driven: each case is a tiny site with one mistake in it.

Every case must stop the build (non-zero exit) with a ``path:line:`` message
naming the broken file and the line to fix, and never a Python traceback.
The table (case -> message) is printed in the test summary by ``conftest.py``.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, build, write_tree

SITEURL = "https://contrepoint.example"
SETTINGS = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}
ARTICLE = "articles/premier.md"
COMMENT = "comments/premier-billet/01-dana.md"

SITE = {
    ARTICLE: "Title: Premier billet\nSlug: premier-billet\nDate: 2020-01-02 09:00\n"
             "Lang: fr\nStance: +cle-a\n\nTexte du [premier billet]{+cle-a}.\n",
    "positions/cle-a.md": "Statement: Une première position\n\nRésumé.\n",
    "positions/cle-b.md": "Statement: Une seconde position\nOpposes: cle-a\n\nRésumé.\n",
    # Never broken: gives every position a passage (else: "no passage" warnings).
    "articles/second.md": "Title: Second billet\nSlug: second-billet\nDate: 2020-01-03 09:00\n"
                          "Lang: fr\n\n[Pour]{+cle-a} et [contre]{-cle-b}.\n",
}


def comment(body="Texte.", *header, author="Author: Dana", order="Order: 1"):
    lines = [line for line in (author, order, *header) if line is not None]
    return "\n".join(lines) + "\n\n" + body + "\n"


def article(body, stance="+cle-a"):
    return (f"Title: Premier billet\nSlug: premier-billet\nDate: 2020-01-02 09:00\n"
            f"Lang: fr\nStance: {stance}\n\n{body}\n")


# case: (files replacing or adding to SITE, path of the message, line, words it contains)
CASES = {
    "comment-invalid-utf8": (
        {COMMENT: b"Author: Dana\nOrder: 1\n\nCaf\xe9 cr\xe8me\n"}, COMMENT, 4, "UTF-8"),
    "post-invalid-utf8": (
        {ARTICLE: article("Caf\u00e9.").encode().replace(b"\xc3\xa9", b"\xe9")},
        ARTICLE, 7, "UTF-8"),
    "position-invalid-utf8": (
        {"positions/cle-c.md": b"Statement: Caf\xe9\n\nR\xe9sum\xe9.\n"},
        "positions/cle-c.md", 1, "UTF-8"),
    "comment-no-author": ({COMMENT: comment(author=None)}, COMMENT, 1, "Author"),
    "comment-empty-author": ({COMMENT: comment(author="Author: ")}, COMMENT, 1, "Author"),
    "comment-no-order": ({COMMENT: comment(order=None)}, COMMENT, 1, "Order"),
    "comment-unknown-replyto": (
        {COMMENT: comment(),
         "comments/premier-billet/02-eve.md": comment("Non.", "Replyto: 01-dan",
                                                      order="Order: 2")},
        "comments/premier-billet/02-eve.md", 3, "01-dan"),
    "comment-reply-cycle": (
        {COMMENT: comment("Oui.", "Replyto: 02-eve"),
         "comments/premier-billet/02-eve.md": comment("Non.", "Replyto: 01-dana",
                                                      order="Order: 2")},
        None, 3, "Replyto"),
    "comment-folder-for-no-article": (
        {"comments/premier-bilet/01-dana.md": comment()},
        "comments/premier-bilet/01-dana.md", 1, "premier-bilet"),
    "comment-duplicate-id": (
        {COMMENT: comment("Oui.", "Id: meme"),
         "comments/premier-billet/02-eve.md": comment("Non.", "Id: meme", order="Order: 2")},
        "comments/premier-billet/02-eve.md", 3, "meme"),
    "comment-stance-key-with-slash": ({COMMENT: comment("Texte.", "Stance: +cle/a")},
                                      COMMENT, 3, "cle/a"),
    "comment-stance-key-with-dotdot": ({COMMENT: comment("Texte.", "Stance: -../cle-a")},
                                       COMMENT, 3, "../cle-a"),
    "comment-stance-key-with-space": ({COMMENT: comment("Texte.", "Stance: ~cle a")},
                                      COMMENT, 3, "cle"),
    "post-stance-key-with-slash": ({ARTICLE: article("Texte.", stance="+cle/a")},
                                   ARTICLE, 5, "'cle/a' is not a slug"),
    "post-annotation-key-with-slash": ({ARTICLE: article("Ligne un.\n\nUn [passage]{+cle/a}.")},
                                       ARTICLE, 9, "cle/a"),
    "comment-annotation-key-with-dotdot": (
        {COMMENT: comment("Premier paragraphe.\n\nUn [passage]{-../etc}.")},
        COMMENT, 6, "../etc"),
    "comment-annotation-key-with-space": (
        {COMMENT: comment("Un [passage]{+cle a} ici.")}, COMMENT, 4, "cle a"),
    "comment-annotation-unknown-key": (
        {COMMENT: comment("Un [passage]{+cle-z} ici.")}, COMMENT, 4, "cle-z"),
    "post-annotation-unclosed-bracket": (
        {ARTICLE: article("Premier.\n\nUn [passage sans fin{+cle-a} ici.")}, ARTICLE, 9, "cle-a"),
    "comment-annotation-unopened-bracket": (
        {COMMENT: comment("Premier.\n\nUn passage]{+cle-a} ici.")}, COMMENT, 6, "cle-a"),
    "post-annotation-spanning-indented-code": (
        {ARTICLE: article("Un [début de passage\n\n    du code\n\nfin du passage]{+cle-a}.")},
        ARTICLE, 11, "cle-a"),
    "comment-annotation-spanning-fenced-code": (
        {COMMENT: comment("Un [début\n\n```\ndu code\n```\n\nfin]{+cle-a}.")},
        COMMENT, 10, "cle-a"),
    "position-no-statement": ({"positions/cle-c.md": "Gloss: No statement\n\nRésumé.\n"},
                              "positions/cle-c.md", 1, "tatement"),
    "position-key-with-space": ({"positions/cle c.md": "Statement: Une clé\n\nRésumé.\n"},
                                "positions/cle c.md", 1, "cle c"),
    "comment-of-5-mb": ({COMMENT: comment("x" * (5 * 1024 * 1024))}, COMMENT, 1, "bytes"),
}




@pytest.mark.parametrize("files, path, line, words", CASES.values(), ids=CASES.keys())
def test_bad_input_stops_the_build_with_path_and_line(tmp_path, request, record_property,
                                                       files, path, line, words):
    content = write_tree(tmp_path / "content", {**SITE, **files})
    result = build(content, tmp_path / "output", extra=SETTINGS)
    output = result.stderr + result.stdout
    located = re.compile(rf"^{re.escape(str(content))}/(.+?):(\d+): (.*)$", re.MULTILINE)
    messages = [(m[1], int(m[2]), m[3]) for m in located.finditer(result.stderr)]
    case = request.node.callspec.id
    record_property("bad_input", (case, "; ".join(f"{p}:{n}: {m}" for p, n, m in messages)
                                  or f"(exit {result.returncode}, no path:line message)"))

    assert result.returncode != 0
    assert "Traceback" not in output
    expected = [(p, n, m) for p, n, m in messages
                if (path is None or p == path) and n == line and words in m]
    assert expected, f"no '{path}:{line}: …{words}…' in:\n{result.stderr[-3000:]}"
    # One clear message: every message is about the broken file(s) of this case.
    blamed = {p for p, _, _ in messages}
    assert blamed <= set(files), blamed
    assert not (tmp_path / "output" / "premier-billet").exists()


@pytest.mark.parametrize("files, path, line, words", CASES.values(), ids=CASES.keys())
def test_make_check_reports_the_same_bad_input(tmp_path, files, path, line, words):
    content = write_tree(tmp_path / "content", {**SITE, **files})
    result = subprocess.run(
        [sys.executable, "-m", "contrepoint.check", str(content)], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    pattern = rf"^{re.escape(str(content))}/{re.escape(path) if path else '.+?'}:{line}: .*"
    assert any(words in m for m in re.findall(pattern, result.stderr, re.MULTILINE)), \
        result.stderr[-3000:]
    assert not (tmp_path / "output").exists()


def test_the_site_of_the_table_builds_without_the_mistakes(tmp_path):
    """Every case above fails because of its own mistake, not of the base site."""
    content = write_tree(tmp_path / "content", SITE)
    result = build(content, tmp_path / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr
    assert Path(tmp_path / "output/premier-billet/index.html").exists()
