"""End to end: a tiny annotated site built into a temporary folder."""

import json
import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, build

SITEURL = "https://contrepoint.test"
SETTINGS = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}

FILES = {
    "articles/clash.md": """\
        Title: Un clash
        Slug: clash
        Author: Michelle
        Stance: +asym -sym

        Victor parle de [la symétrie des attentes]{+sym}.

        [L’éthique n’est pas symétrique !]{+asym -sym} Voilà.

        Tout ce paragraphe le dit encore. {+asym}
        """,
    "articles/autre.md": """\
        Title: Un autre billet
        Slug: autre

        - [On attend un retour]{+sym}, toujours.
        - Rien d’autre.
        """,
    "comments/clash/01-victor.md": """\
        Author: Victor
        Order: 1
        Stance: -asym

        Je ne suis pas d’accord.
        """,
    "comments/clash/02-lu.md": """\
        Author: Lu
        Order: 2

        Oui mais [pas toujours]{~asym}.
        """,
    "positions/asym.md": """\
        Statement: L’éthique n’est pas symétrique
        Gloss: Ethics is not symmetric
        Opposes: sym

        Être éthique n’attend *rien* en retour.
        """,
    "positions/sym.md": """\
        Statement: La symétrie des attentes
        Gloss: Symmetric expectations

        Ce que l’on donne appelle un retour.
        """,
}


def write_site(root, files=FILES, **changes):
    for name, text in {**files, **changes}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(content, output, **kwargs):
    return build(content, output, extra=SETTINGS, **kwargs)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("positions")
    content = write_site(base / "content")
    result = run(content, base / "output")
    assert result.returncode == 0, result.stderr + result.stdout
    return base


def page(output, url):
    path = urlsplit(url).path.removeprefix("/")
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def local(url):
    assert url.startswith(SITEURL + "/"), url
    return url.removeprefix(SITEURL)


def test_position_page_has_statement_gloss_summary_and_sides(site):
    soup = page(site / "output", "/positions/asym/")
    assert soup.h1.get_text() == "L’éthique n’est pas symétrique"
    assert soup.select_one('.gloss[lang="en"]').get_text() == "Ethics is not symmetric"
    assert soup.select_one(".position-summary em").get_text() == "rien"
    support = [bq.get_text(" ", strip=True) for bq in soup.select(".side-support blockquote")]
    assert support == ["L’éthique n’est pas symétrique\u202f!", "Tout ce paragraphe le dit encore."]
    oppose = soup.select(".side-oppose .quote-source a")
    assert [a["href"] for a in oppose][:1] == [f"{SITEURL}/clash/#comment-01-victor"]
    assert [a["href"] for a in soup.select(".side-nuance .quote-source a")][0] == (
        f"{SITEURL}/clash/#comment-02-lu-passage-asym-1")


def test_quote_has_text_fragment_fallback(site):
    soup = page(site / "output", "/positions/sym/")
    hrefs = [a["href"] for a in soup.select(".side-support a.text-fragment")]
    assert f"{SITEURL}/autre/#:~:text=On%20attend%20un%20retour" in hrefs


def test_opposing_positions_cross_linked_both_ways(site):
    for key, other in (("asym", "sym"), ("sym", "asym")):
        soup = page(site / "output", f"/positions/{key}/")
        links = [a["href"] for a in soup.select(".position-links a")]
        assert links == [f"{SITEURL}/positions/{other}/"]


def test_article_passage_marked_with_accessible_link(site):
    soup = page(site / "output", "/clash/")
    mark = soup.select_one("mark#passage-asym-1")
    assert mark["data-stances"] == "support oppose"
    links = mark.find_next_siblings("a", class_="passage-link", limit=2)
    assert [a.get_text() for a in links] == [
        "pour la position «\u202fL’éthique n’est pas symétrique\u202f»",
        "contre la position «\u202fLa symétrie des attentes\u202f»"]
    block = soup.select_one("p.passage-block#passage-asym-2")
    assert block.select_one("a.passage-link")["href"] == f"{SITEURL}/positions/asym/"


def test_debate_box_links_other_posts_and_comments(site):
    soup = page(site / "output", "/clash/")
    box = soup.select_one("aside.debate")
    hrefs = {a["href"] for a in box.select(".debate-others a")}
    assert f"{SITEURL}/autre/#passage-sym-1" in hrefs
    assert f"{SITEURL}/clash/#comment-01-victor" in hrefs


def test_index_most_debated_first_and_alphabetical_variant(site):
    soup = page(site / "output", "/positions/")
    titles = [h.get_text(strip=True) for h in soup.select(".positions-list h2")]
    assert titles == ["L’éthique n’est pas symétrique", "La symétrie des attentes"]
    counts = soup.select_one(".positions-list li .count-oppose dd").get_text(" ", strip=True)
    assert counts == "1 (Victor)"
    alpha = page(site / "output", "/positions/alphabetique/")
    assert [h.get_text(strip=True) for h in alpha.select(".positions-list h2")] == [
        "La symétrie des attentes", "L’éthique n’est pas symétrique"]  # "lasy" < "leth"


def test_json_export_is_complete_and_sorted(site):
    data = json.loads((site / "output/positions/index.json").read_text(encoding="utf-8"))
    assert [p["key"] for p in data["positions"]] == ["asym", "sym"]
    assert data["relations"] == [{"type": "opposes", "source": "asym", "target": "sym"}]
    victor = [p for p in data["passages"] if p["comment_id"] == "01-victor"]
    assert victor == [{
        "position": "asym", "stance": "oppose", "origin": "annotation",
        "url": f"{SITEURL}/clash/#comment-01-victor", "anchor": "comment-01-victor",
        "text_fragment_url": f"{SITEURL}/clash/#comment-01-victor",
        "quote": "Je ne suis pas d’accord.", "author": "Victor",
        "post": {"title": "Un clash", "url": f"{SITEURL}/clash/"},
        "comment_id": "01-victor", "evidence": None}]


def check_links(output):
    """Assert every quote and passage link resolves; return how many were checked."""
    ids = {}

    def has_id(url):
        path, _, anchor = local(url).partition("#")
        if path not in ids:
            soup = page(output, path)
            ids[path] = {tag["id"] for tag in soup.select("[id]")}
        return anchor in ids[path]

    checked = 0
    for position_page in (output / "positions").glob("*/index.html"):
        soup = BeautifulSoup(position_page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select(".quote-source a:not(.text-fragment), .debate-others a"):
            assert has_id(link["href"]), (position_page, link["href"])
            checked += 1
    for html in output.rglob("index.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a.passage-link, aside.debate a"):
            path = local(link["href"]).partition("#")[0].removeprefix("/")
            assert (output / path / "index.html").exists(), (html, link["href"])
            if "#" in link["href"]:
                assert has_id(link["href"]), (html, link["href"])
            checked += 1
    return checked


def test_every_quote_link_and_every_passage_link_resolves(site):
    assert check_links(site / "output") >= 10


def test_real_content_builds_and_every_link_resolves(tmp_path):
    result = run(ROOT / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    output = tmp_path / "output"
    assert len(list((output / "positions").glob("*/index.html"))) >= 8
    assert check_links(output) >= 50
    clash = page(output, "/clash-avec-victor/")
    assert clash.select("mark.passage") and clash.select_one("aside.debate")


def test_cached_rebuild_gives_identical_position_pages(site, tmp_path):
    again = tmp_path / "again"
    result = run(site / "content", again, cache=site / "cache")
    assert result.returncode == 0, result.stderr
    assert (site / "cache/ArticlesGenerator-Readers").exists()  # the cache was there to load
    first = sorted((site / "output/positions").rglob("*.*"))
    assert first
    for path in first:
        twin = again / path.relative_to(site / "output")
        assert twin.read_bytes() == path.read_bytes(), path


def test_changed_statement_is_not_served_from_cache(site, tmp_path):
    content = write_site(tmp_path / "content")
    run(content, tmp_path / "one", cache=tmp_path / "cache")
    # Only the position changes: the article's file (and its cache entry) stays.
    write_site(content, files={}, **{"positions/asym.md": "Statement: Nouvel énoncé\n"})
    result = run(content, tmp_path / "two", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "« Nouvel énoncé »" in (tmp_path / "two/clash/index.html").read_text(encoding="utf-8")


def test_changed_markdown_settings_are_not_served_from_cache(tmp_path):
    """Pelican keys its cache by file: a new Markdown setting must not meet stale HTML."""
    content = write_site(tmp_path / "content")
    write_site(content, files={}, **{"articles/guillemets.md": """\
        Title: Guillemets
        Slug: guillemets

        Il a dit "non".
        """})
    run(content, tmp_path / "one", cache=tmp_path / "cache")
    assert "&ldquo;" not in (tmp_path / "one/guillemets/index.html").read_text(encoding="utf-8")
    from pelicanconf import MARKDOWN

    smart_quotes = {**MARKDOWN, "extension_configs": {
        **MARKDOWN["extension_configs"], "markdown.extensions.smarty": {}}}
    result = build(content, tmp_path / "two", cache=tmp_path / "cache",
                   extra={**SETTINGS, "MARKDOWN": smart_quotes})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "two/guillemets/index.html").read_text(encoding="utf-8")
    assert "&ldquo;non&rdquo;" in page  # the post was read again, not taken from the cache


def test_a_new_version_of_our_extension_is_not_served_from_any_cache(tmp_path, monkeypatch):
    """Our extensions' VERSION keys the posts' cache and the comments' store."""
    from contrepoint.comments import plugin as comments
    from contrepoint.pelican_glue import markdown_versions
    from contrepoint.positions import markdown_ext, plugin as positions

    settings = {"MARKDOWN": {"extensions": ["extra"], "extension_configs": {
        "contrepoint.positions.markdown_ext": {"positions": {}}}},
        "CACHE_CONTENT": True, "CACHE_PATH": str(tmp_path)}
    assert markdown_versions(settings["MARKDOWN"]) == {
        "contrepoint.positions.markdown_ext": markdown_ext.VERSION}

    def cache_loaded():
        settings["LOAD_CONTENT_CACHE"] = True
        positions._invalidate_stale_cache(settings)
        return settings["LOAD_CONTENT_CACHE"]

    cache_loaded()  # the cache's first build
    comment_key = comments._fingerprint(settings)
    assert cache_loaded() and comments._fingerprint(settings) == comment_key
    monkeypatch.setattr(markdown_ext, "VERSION", markdown_ext.VERSION + 1)
    assert not cache_loaded() and comments._fingerprint(settings) != comment_key


ERRORS = [
    ({"articles/autre.md": "Title: B\nSlug: autre\n\nUn\n\n[x]{+asymm}\n"},
     "articles/autre.md:6: unknown position 'asymm' (did you mean 'asym'?)"),
    ({"articles/autre.md": "Title: B\nSlug: autre\n\n[x]{+Bad Key}\n"},
     "articles/autre.md:4: malformed annotation '{+Bad Key}': 'Bad' is not a slug"),
    ({"articles/autre.md": "Title: B\nSlug: autre\n\n[x]{*sym}\n"},
     "articles/autre.md:4: unknown stance sign '*' in '{*sym}' "
     "(use + (pour), - (contre) or ~ (nuance))"),
    ({"articles/autre.md": "Title: B\nSlug: autre\n\n[x{+sym} suite\n"},
     "articles/autre.md:4: annotation left open: '{+sym}'"),
    ({"comments/clash/02-lu.md": "Author: Lu\nOrder: 2\n\nUn\n\n[x]{+inconnue}\n"},
     "comments/clash/02-lu.md:6: unknown position 'inconnue'"),
    ({"articles/autre.md": "Title: B\nSlug: autre\nStance: +inconnue\n\n[x]{+sym}\n"},
     "articles/autre.md:3: unknown position 'inconnue'"),
    ({"comments/clash/01-victor.md": "Author: Victor\nOrder: 1\nStance: -asymx\n\nNon.\n"},
     "comments/clash/01-victor.md:3: unknown position 'asymx'"),
    ({"positions/Mauvaise_Cle.md": "Statement: x\n"},
     "positions/Mauvaise_Cle.md:1: position key 'Mauvaise_Cle' is not a slug"),
    ({"positions/vide.md": "Gloss: nothing\n"},
     "positions/vide.md:1: position without statement"),
    ({"positions/sym.markdown": "Statement: encore\n"},
     "positions/sym.md:1: duplicate position key 'sym'"),
    ({"positions/sym.md": "Statement: S\nRelated: asymm\n"},
     "positions/sym.md:2: Related: unknown position 'asymm' (did you mean 'asym'?)"),
]


@pytest.mark.parametrize("changes, expected", ERRORS,
                         ids=["unknown-key", "malformed", "stance-sign", "left-open",
                              "comment-unknown-key", "post-stance-unknown-key",
                              "comment-stance-unknown-key", "key-not-slug", "no-statement",
                              "duplicate-key", "unknown-relation"])
def test_error_stops_build_with_path_line(tmp_path, changes, expected):
    content = write_site(tmp_path / "content", **changes)
    result = run(content, tmp_path / "output")
    assert result.returncode != 0
    assert expected in result.stderr.replace(str(content) + "/", ""), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_every_problem_listed_in_one_run(tmp_path):
    content = write_site(tmp_path / "content", **{
        "articles/autre.md": "Title: B\nSlug: autre\n\n[x]{+nope}\n\n[y]{*sym}\n",
        "positions/vide.md": "Gloss: nothing\n"})
    result = run(content, tmp_path / "output")
    lines = [line for line in result.stderr.splitlines() if re.search(r"\.md:\d+: ", line)]
    assert len(lines) == 3, result.stderr


def test_position_without_passage_is_a_fatal_warning(tmp_path):
    content = write_site(tmp_path / "content", **{"positions/seule.md": "Statement: Seule\n"})
    result = run(content, tmp_path / "output")
    assert result.returncode != 0
    assert "positions/seule.md:1: position 'seule' has no passage" in (
        result.stderr + result.stdout)
    assert "Traceback" not in result.stderr + result.stdout
    relaxed = run(content, tmp_path / "relaxed", fatal=False)
    assert relaxed.returncode == 0, relaxed.stderr


def render_position(position, graph):
    """``position.html`` rendered alone, with the theme's templates and filters."""
    import jinja2

    from contrepoint.french.plugin import date_fr, typo_fr

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(typo_fr=typo_fr, date_fr=date_fr)
    context = {"SITEURL": "", "SITENAME": "Contrepoint", "THEME_STATIC_DIR": "theme",
               "CATEGORIES_URL": "categories/", "TAGS_URL": "etiquettes/",
               "ARCHIVES_URL": "archives/", "POSITIONS_INDEX_URL": "positions/",
               "pages": [], "position_graph": graph, "position": position}
    return BeautifulSoup(env.get_template("position.html").render(context), "html.parser")


def test_detected_stances_in_their_own_marked_group_with_deciding_words():
    from contrepoint.comments.store import Body
    from contrepoint.positions.graph import Position, build_graph

    positions = {"asym": Position("asym", "Asymétrie", url="positions/asym/")}
    comment = {"id": "3", "anchor": "comment-3", "author": "Lu", "source_path": "c.md",
               "passages": [], "stance_positions": [], "stance": "oppose",
               "stance_source": "detected", "stance_evidence": "pas du tout d’accord",
               "parent": None, "body": Body(text="Je ne suis pas du tout d’accord.")}
    graph = build_graph(positions, [{
        "url": "/clash/", "title": "Clash", "author": "M", "source_path": "a.md",
        "stances": [("support", "asym", 3)],
        "passages": [{"key": "asym", "stance": "oppose", "id": "passage-asym-1",
                      "quote": "Écrit à la main", "line": 5, "block": False}],
        "comments": [comment]}])
    soup = render_position(positions["asym"], graph)
    side = soup.select_one(".side-oppose")
    assert [bq.get_text(strip=True) for bq in side.find_all("blockquote", recursive=True)
            if not bq.find_parent(class_="detected")] == ["Écrit à la main"]
    detected = side.select_one(".detected")
    assert detected.h3.get_text() == "Détecté automatiquement"
    assert detected.select_one(".quote-source a")["href"] == "/clash/#comment-3"
    assert "pas du tout d’accord" in detected.select_one(".quote-evidence").get_text()


def test_index_cards_name_a_few_people_and_posts_of_a_busy_position(tmp_path):
    from bench import corpus

    content = tmp_path / "content"
    corpus.generate(content, 40, 10, 10, seed=7)  # 10 positions, each in many posts
    result = build(content, tmp_path / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "output/positions/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    cards = soup.select(".position-card")
    busy = [card for card in cards if " autres billets" in card.get_text()]
    assert busy, "the corpus should give positions more posts than a card shows"
    for card in cards:
        for count in card.select(".position-counts dd"):
            total = int(count.get_text().split()[0])
            names = re.search(r"\((.*?)(?: et (\d+) autres)?\)$", count.get_text())
            if names:
                shown = names[1].split(", ")
                assert len(shown) <= 5
                assert len(set(shown)) + int(names[2] or 0) <= total  # people, not passages
    for card in busy:
        links = card.select(".position-posts a")
        assert len(links) == 4  # three posts, then « et N autres billets » to the position
        assert links[-1]["href"] == card.select_one("h2 a")["href"]
        assert re.fullmatch(r"\d+ autres billets", links[-1].get_text())
