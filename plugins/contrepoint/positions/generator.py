"""The positions Generator: graph from articles and comments, then its pages.

``generate_context`` runs after the articles were read and their threads
attached (``get_generators`` adds us after ``ArticlesGenerator``); problems
stop the build at ``all_generators_finalized``, before anything is written.
"""

import logging
import os
from functools import partial
from operator import attrgetter

from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import sanitised_join

from contrepoint.comments.feeds import join_url
from contrepoint.headers import header_line
from contrepoint.parallel_writer import owns
from contrepoint.pelican_glue import display_path, stop_on_problems, warn
from contrepoint.problems import Problem

from .debate_map import position_map_svg, site_map_svg
from .definitions import load_definitions
from .exports import aif_chunks, argdown_lines, graph_json_chunks
from .graph import SIGNS, DebateBox, build_graph
from .position_feeds import position_feed

logger = logging.getLogger(__name__)
SIDE_ANCHOR = "#side-{}"  # id of a side's list in position.html, for the map's « et N autres »


class PositionsGenerator(Generator):
    """Writes ``/positions/``, each ``/positions/<key>/`` (with its map) and its feed,
    the map of all positions, and the JSON, AIF and Argdown exports."""

    def generate_context(self):
        settings = self.settings
        site_url = settings.get("SITEURL", "")
        folder = os.path.join(settings["PATH"], settings["POSITIONS_PATH"])
        positions, problems = load_definitions(
            display_path(folder), settings["POSITION_URL"], settings["POSITION_SAVE_AS"])
        articles = _articles(self.context)
        # Pelican formats ``article.url`` anew on each read: once here.
        urls = [article_url(article, site_url) for article in articles]
        # One post's plain data at a time: the graph keeps what it needs.
        documents = (_document(article, url, problems) for article, url in zip(articles, urls))
        self.graph = build_graph(positions, documents)
        stop_on_problems(problems + self.graph.problems, "positions")
        warn(self.graph.warnings)
        for article, url in zip(articles, urls):
            article.debate = DebateBox(self.graph, url)
            _hand_over_passages(article)
        self.articles_by_url = dict(zip(urls, articles))  # for the dates of the feeds
        self.context["position_graph"] = self.graph
        self.context["positions"] = self.graph.by_debate()

    def generate_output(self, writer):
        self.writer = writer  # for the files we write ourselves: see _write
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self.generate_index(write)
        self.generate_positions(write)
        self.generate_map(write)
        self.generate_json()
        self.generate_exports()
        self.generate_feeds()

    def generate_index(self, write):
        """``/positions/`` (most debated first) and its alphabetical twin."""
        for order, save_as, url in (
            ("debate", "POSITIONS_INDEX_SAVE_AS", "POSITIONS_INDEX_URL"),
            ("alpha", "POSITIONS_ALPHA_SAVE_AS", "POSITIONS_ALPHA_URL"),
        ):
            if not self.settings.get(save_as):
                continue
            ordered = self.graph.by_debate() if order == "debate" else self.graph.alphabetical()
            write(self.settings[save_as], self.get_template("positions"), self.context,
                  ordered_positions=ordered, order=order, url=self.settings[url],
                  page_name=self.settings[url])

    def generate_positions(self, write):
        """Each position's page, with its debate map (inline SVG) and its feed's path."""
        template = self.get_template("position")
        passage_url = attrgetter("url")  # absolute with SITEURL already
        for position in self.graph.by_debate():
            if not owns(self.writer, position.save_as):  # another output process's page
                continue
            debate_map = Markup(position_map_svg(self.graph, position.key, passage_url,
                                                 more_url=SIDE_ANCHOR.format))
            write(position.save_as, template, self.context, position=position,
                  position_map=debate_map, position_feed_url=self.feed_path(position.key),
                  url=position.url, page_name=position.url)

    def generate_map(self, write):
        """``/positions/carte/``: every position and their links, as one map."""
        save_as = self.settings.get("POSITIONS_MAP_SAVE_AS")
        if not save_as or not owns(self.writer, save_as):
            return
        site_url, url = self.settings.get("SITEURL", ""), self.settings["POSITIONS_MAP_URL"]
        site_map = Markup(site_map_svg(self.graph, lambda p: f"{site_url}/{p.url}"))
        write(save_as, self.get_template("positions_map"), self.context, site_map=site_map,
              url=url, page_name=url)

    def generate_json(self):
        self._write_text("POSITIONS_JSON_SAVE_AS", lambda: graph_json_chunks(
            self.graph, self.settings.get("SITEURL", "")))

    def generate_exports(self):
        """AIF (AIFdb, OVA) and Argdown: the graph for argument-mapping tools."""
        self._write_text("POSITIONS_AIF_SAVE_AS", lambda: aif_chunks(self.graph))
        self._write_text("POSITIONS_ARGDOWN_SAVE_AS", lambda: argdown_lines(self.graph))

    def generate_feeds(self):
        """One Atom feed per position: each passage for, against or nuancing it."""
        if not self.settings.get("POSITION_FEED_ATOM"):
            return
        feed_domain = self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", "")
        for key in sorted(self.graph.positions):
            name = self.feed_path(key)
            # Links in a feed are absolute: FEED_DOMAIN when SITEURL is local ("").
            feed = partial(
                position_feed, self.graph, key, feed_domain, join_url(feed_domain, name),
                date_of=self.date_of, site_name=self.settings["SITENAME"],
                max_items=self.settings.get("FEED_MAX_ITEMS"))
            self._write(name, lambda: [feed()])  # called at once, by the owner only

    def feed_path(self, key):
        """Path of a position's feed (relative to the output), or None."""
        path = self.settings.get("POSITION_FEED_ATOM")
        return path.format(key=key) if path else None

    def date_of(self, passage):
        """The comment's date, else its post's (None: the feed's fixed epoch)."""
        article = self.articles_by_url.get(passage.article_url)
        thread = getattr(article, "thread", None)
        comment = thread.find(passage.comment_id) if thread else None
        return (comment and comment.date) or getattr(article, "date", None)

    def _write_text(self, setting, make_chunks):
        save_as = self.settings.get(setting)
        if save_as:
            self._write(save_as, lambda: _ending_with_newline(make_chunks()))

    def _write(self, save_as, make_chunks):
        """Write the pieces of text ``make_chunks()`` as they come, if this output
        process owns the file (asked first: only the owner makes the text)."""
        if not owns(self.writer, save_as):
            return
        path = sanitised_join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as stream:
            stream.writelines(make_chunks())
        logger.info('Writing "%s"', path)


def _ending_with_newline(chunks):
    """``chunks``, then a newline if the text does not end with one."""
    last = ""
    for last in chunks:
        yield last
    if not last.endswith("\n"):
        yield "\n"


def article_url(article, site_url):
    return f"{site_url}/{article.url}"


def _articles(context):
    """Published articles, each once (translations included)."""
    seen, result = set(), []
    for article in [*context.get("articles", []), *context.get("translations", [])]:
        if id(article) not in seen:
            seen.add(id(article))
            result.append(article)
    return result


def _hand_over_passages(article):
    """The graph holds the passages now: the post and its comments let go of theirs.

    Read from the caches, which were written before the graph was made.
    """
    article.passages = article.metadata["passages"] = ()
    thread = getattr(article, "thread", None)
    for comment in thread.comments if thread is not None else ():
        comment.passages = ()


def _document(article, url, problems):
    """Plain data of an article (at ``url``) and its thread, for :func:`build_graph`."""
    path = display_path(article.source_path)
    for line, message, hint in getattr(article, "annotation_problems", []):
        problems.append(Problem(path, line, message, hint))
    # Set when the post was read (an older cache lacks it: then read the file).
    line = getattr(article, "stance_line", None) or _metadata_line(article.source_path, "stance")
    stances = []
    for token in str(article.metadata.get("stance", "")).split():
        if token[:1] in SIGNS and len(token) > 1:
            stances.append((SIGNS[token[0]], token[1:], line))
        else:
            problems.append(Problem(path, line, f"Stance '{token}' is not +key, -key or ~key",
                                    "e.g. 'Stance: +ethique-asymetrique'"))
    author = article.metadata.get("author")
    return {
        "url": url,
        "title": article.title,
        "author": str(author) if author else None,
        "source_path": path,
        "passages": list(getattr(article, "passages", [])),
        "stances": stances,
        "comments": [_comment(c, problems) for c in getattr(article, "thread", None) and
                     article.thread.comments or []],
    }


def _comment(comment, problems):
    for line, message, hint in comment.annotation_problems:
        problems.append(Problem(comment.source_path, comment.body_line - 1 + line,
                                message, hint))
    return {
        "id": comment.id, "anchor": comment.anchor, "author": comment.author or None,
        "source_path": comment.source_path, "passages": comment.passages,
        "stance_positions": comment.stance_positions,
        "stance_line": comment.line_of("stance"),
        "stance": comment.stance, "stance_source": comment.stance_source,
        "stance_evidence": comment.stance_evidence,
        "parent": comment.parent.id if comment.parent else None,
        "body": comment.body,  # a handle: read from disk when a page quotes it
    }


def _metadata_line(path, key):
    """Line of ``Key:`` in the metadata block of ``path`` (1 when not found)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return header_line(stream, key)
    except OSError:
        return 1

