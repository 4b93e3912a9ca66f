"""End-to-end: a small thread built with our settings; detected stances on the comment elements."""

import textwrap

import pytest
from bs4 import BeautifulSoup

from helpers import build

# Without contrepoint.positions (not needed here) and sitemap.
SITEURL = "https://contrepoint.example"
PLUGINS = ["contrepoint.french", "contrepoint.comments", "contrepoint.stance"]

FILES = {
    "articles/refuser.md": """\
        Title: Savoir refuser un client
        Slug: refuser
        Lang: fr
        Category: Conseil
        Author: Michelle Blanc

        Il faut savoir dire non à un client.
        """,
    "comments/refuser/01-paul.md": """\
        Author: Paul Martin
        Order: 1

        Je ne suis pas du tout d’accord : un client, ça ne se refuse pas.
        """,
    "comments/refuser/02-ines.md": """\
        Author: Inès
        Order: 2

        Tu as raison Michelle, c’est une question de respect.
        """,
    "comments/refuser/03-michelle.md": """\
        Author: Michelle Blanc
        Order: 3

        @Paul : un client qui exige tout et n’importe quoi coûte plus qu’il ne rapporte.
        """,
    "comments/refuser/04-lea.md": """\
        Author: Léa
        Order: 4
        Stance: ~savoir-dire-non

        Je suis d’accord, mais pas toujours.
        """,
    "comments/refuser/05-ping.md": """\
        Author: Un autre blogue
        Order: 5
        Kind: pingback
        Title: Revue de la semaine

        […] je ne suis pas d’accord avec ce billet […]
        """,
}


def make_content(root):
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "positions").mkdir(exist_ok=True)
    return root


def built_comments(tmp_path, **settings):
    content = make_content(tmp_path / "content")
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    result = build(content, tmp_path / "output",
                   extra={"PLUGINS": PLUGINS, "SITEURL": SITEURL, "FEED_DOMAIN": SITEURL, **settings})
    assert result.returncode == 0, result.stderr
    assert before == {p: p.read_bytes() for p in content.rglob("*.md")}  # sources untouched
    page = (tmp_path / "output" / "refuser" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    return {element["id"]: element for element in soup.select("article.comment")}


@pytest.fixture(scope="module")
def comments(tmp_path_factory):
    return built_comments(tmp_path_factory.mktemp("stance"))


def test_disagreement_with_the_post_is_detected_as_oppose(comments):
    paul = comments["comment-01-paul"]
    assert paul["data-stance"] == "oppose"
    assert paul["data-stance-source"] == "detected"


def test_detected_badge_quotes_the_deciding_words(comments):
    badge = comments["comment-01-paul"].select_one(".stance-detected")
    assert "stance détectée" in badge.get_text()
    assert "pas du tout d’accord" in badge.find_next_sibling(class_="stance-evidence").get_text()


def test_agreement_addressed_to_the_post_author_is_support_at_top_level(comments):
    ines = comments["comment-02-ines"]
    assert ines["data-stance"] == "support"
    assert ines.find_parent("article") is None


def test_reply_by_name_is_nested_and_the_author_defends_her_post(comments):
    michelle = comments["comment-03-michelle"]
    assert michelle.find_parent("article")["id"] == "comment-01-paul"
    assert michelle["data-stance"] == "oppose"
    assert michelle["data-stance-source"] == "detected"


def test_explicit_stance_wins_over_detection(comments):
    lea = comments["comment-04-lea"]
    assert lea["data-stance"] == "nuance"
    assert lea["data-stance-source"] == "annotation"


def test_pingback_gets_no_stance(comments):
    assert not comments["comment-05-ping"].has_attr("data-stance")


def test_detection_turned_off_leaves_no_detected_stance(tmp_path):
    comments = built_comments(tmp_path, STANCE_DETECTION=False)
    assert not comments["comment-01-paul"].has_attr("data-stance")
    assert comments["comment-03-michelle"].find_parent("article") is None
    assert comments["comment-04-lea"]["data-stance-source"] == "annotation"


def test_seed_comments_without_annotations_match_the_gold_reading(tmp_path):
    """Acceptance: annotations removed from a copy of content/, data-stance vs gold.json."""
    import json
    import re
    import shutil

    from helpers import ROOT

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for path in (content / "comments").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^Stance:.*\n", "", text, flags=re.MULTILINE)
        text = re.sub(r"\[((?:\\.|[^\]\\])*)\]\{[+~-][^}]*\}", r"\1", text)
        path.write_text(re.sub(r"[ \t]\{[+~-][^}]*\}[ \t]*$", "", text, flags=re.MULTILINE),
                        encoding="utf-8")
    result = build(content, tmp_path / "output", fatal=False,
                   extra={"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL})
    assert result.returncode == 0, result.stderr
    gold = json.loads((ROOT / "tests/data/stance/gold.json").read_text(encoding="utf-8"))
    right, pingbacks = 0, []
    for key, item in gold["comments"].items():
        slug, comment_id = key.split("/")
        page = (tmp_path / "output" / slug / "index.html").read_text(encoding="utf-8")
        element = BeautifulSoup(page, "html.parser").find(id=f"comment-{comment_id}")
        right += element.get("data-stance") == item["stance"]
        if item.get("kind") == "pingback":
            pingbacks.append(element.get("data-stance"))
        elif element.get("data-stance"):
            assert element["data-stance-source"] == "detected"
    assert right / len(gold["comments"]) >= 0.85
    assert pingbacks == [None, None]
