"""Every Atom feed of the site parses as Atom 1.0 (feedparser), entries complete."""

import feedparser
import pytest

KINDS = {  # every kind of feed the issue lists, with one file that must exist
    "billets": "feeds/all.atom.xml",
    "catégorie": "feeds/categorie-conseil.atom.xml",
    "commentaires du site": "feeds/commentaires.atom.xml",
    "commentaires d’un billet": "feeds/commentaires/clash-avec-victor.atom.xml",
    "position": "feeds/positions/ethique-asymetrique.atom.xml",
}


def feeds(site):
    return sorted((site / "feeds").rglob("*.atom.xml"))


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_feed_is_written(site, kind):
    assert (site / KINDS[kind]).is_file()


def test_every_feed_is_valid_atom_with_complete_entries(site):
    found = feeds(site)
    assert len(found) >= 5 + 11  # posts, categories, comments (site, 5 posts), 11 positions
    for path in found:
        feed = feedparser.parse(path.read_bytes())
        name = path.relative_to(site)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10", name
        assert feed.feed.get("title") and feed.feed.get("updated"), name
        for entry in feed.entries:
            assert entry.get("id") and entry.get("link") and entry.get("updated"), (name, entry)
            assert entry.get("title"), (name, entry)
