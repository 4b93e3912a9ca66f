"""What was read is held compact until the pages are written: same pages, less memory."""

import copy
import datetime
import pickle
import sys
from types import SimpleNamespace

from pelican import contents
from pelican.settings import DEFAULT_CONFIG

from contrepoint import compact

DATE = datetime.datetime(2010, 3, 4)
HTML = '<p>L’éthique n’est pas symétrique\u202f: <a href="{filename}/autre.md">voir</a>.</p>'


def article(html=HTML):
    config = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": "content"}
    other = contents.Article("", metadata={"title": "Autre", "date": DATE},
                             settings=config, source_path="content/autre.md")
    context = {"generated_content": {"autre.md": other}, "static_content": {},
               "localsiteurl": "", "static_links": set()}
    return contents.Article(html, metadata={"title": "Premier", "date": DATE},
                            settings=config, source_path="content/premier.md", context=context)


def test_a_compact_article_gives_the_same_html_urls_and_pickle():
    plain, held = article(), article()
    compact.compact(held)
    assert isinstance(held, contents.Article) and type(held) is compact.Article
    assert "_content" not in vars(held)
    assert held._content == HTML
    assert held.content == plain.content and 'href="/autre.html"' in held.content
    assert held.get_content("https://exemple.fr") == plain.get_content("https://exemple.fr")
    assert (held.url, held.save_as) == (plain.url, plain.save_as)  # ARTICLE_URL, by class name
    held._content = "<p>Autre chose</p>"  # a plugin rewriting it
    assert held.content == "<p>Autre chose</p>"
    again = pickle.loads(pickle.dumps(held))
    assert type(again) is compact.Article and again.content == held.content


def test_the_html_is_held_in_less_memory_and_not_kept_expanded_once_read():
    long_html = HTML * 200
    held = article(long_html)
    compact.compact(held)
    assert sys.getsizeof(held._compressed_content) < sys.getsizeof(long_html) / 4
    assert held.content == article(long_html).content
    # Pelican's memoized get_content would keep it: it is not asked.
    assert not [key for key in contents.Content.get_content.cache if key[0] is held]


def test_other_content_is_left_as_it_is():
    other = SimpleNamespace(_content="<p>x</p>")
    compact.compact(other)
    assert vars(other) == {"_content": "<p>x</p>"}
    page_without_html = contents.Page(None, metadata={"title": "Vide"},
                                      settings=copy.deepcopy(DEFAULT_CONFIG))
    compact.compact(page_without_html)
    assert type(page_without_html) is contents.Page


def test_after_the_cache_is_written_nothing_holds_a_utf8_copy():
    post = article()
    quote = "".join(["Pas symétrique", ""])
    post.passages = ({"key": "asym", "quote": quote}, {"key": "autre", "quote": quote})
    pickle.dumps((quote, post._content))  # Pelican saving its cache: UTF-8 copies attached
    readers = SimpleNamespace(_cache={"premier.md": (0, (post._content, {}))})
    generator = SimpleNamespace(settings={"CACHE_CONTENT": True,
                                          "CONTENT_CACHING_LAYER": "reader"},
                                readers=readers, articles=[post])
    compact.compact_contents(generator)
    assert readers._cache == {}
    assert type(post) is compact.Article and post._content == HTML
    first, second = post.passages
    assert first["quote"] == quote and first["quote"] is not quote
    assert sys.getsizeof(first["quote"]) < sys.getsizeof(quote)  # no UTF-8 copy
    assert second["quote"] is first["quote"]  # its stances still share one string


def test_memory_is_given_back_where_the_c_library_can(monkeypatch):
    calls = []
    monkeypatch.setattr(compact.ctypes, "CDLL", lambda _name: SimpleNamespace(
        malloc_trim=calls.append))  # glibc
    compact.give_back_memory()
    assert calls == [0]
    monkeypatch.setattr(compact.ctypes, "CDLL", lambda _name: SimpleNamespace())  # musl, macOS
    compact.give_back_memory()
    assert calls == [0]
