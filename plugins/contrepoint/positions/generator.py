"""The positions Generator: graph from articles and comments, then its pages.

``generate_context`` runs after the articles were read and their threads
attached (``get_generators`` adds us after ``ArticlesGenerator``); problems
stop the build at ``all_generators_finalized``, before anything is written.
"""

import json
import logging
import os
from functools import partial

from pelican.generators import Generator

from contrepoint.pelican_glue import stop_on_problems, warn
from contrepoint.problems import Problem

from .definitions import load_definitions
from .exports import graph_to_json
from .graph import SIGNS, build_graph

logger = logging.getLogger(__name__)


class PositionsGenerator(Generator):
    """Writes ``/positions/``, each ``/positions/<key>/`` and the JSON export."""

    def generate_context(self):
        settings = self.settings
        site_url = settings.get("SITEURL", "")
        folder = os.path.join(settings["PATH"], settings["POSITIONS_PATH"])
        positions, problems = load_definitions(
            _display_path(folder), settings["POSITION_URL"], settings["POSITION_SAVE_AS"])
        articles = _articles(self.context)
        documents = [_document(article, site_url, problems) for article in articles]
        self.graph = build_graph(positions, documents)
        stop_on_problems(problems + self.graph.problems, "positions")
        warn(self.graph.warnings)
        for article in articles:
            article.debate = self.graph.for_article(article_url(article, site_url))
        self.context["position_graph"] = self.graph
        self.context["positions"] = self.graph.by_debate()

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self.generate_index(write)
        self.generate_positions(write)
        self.generate_json()

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
        template = self.get_template("position")
        for position in self.graph.by_debate():
            write(position.save_as, template, self.context, position=position,
                  url=position.url, page_name=position.url)

    def generate_json(self):
        save_as = self.settings.get("POSITIONS_JSON_SAVE_AS")
        if not save_as:
            return
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = graph_to_json(self.graph, self.settings.get("SITEURL", ""))
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1, sort_keys=True)
            stream.write("\n")
        logger.info('Writing "%s"', path)


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


def _document(article, site_url, problems):
    """Plain data of an article and its thread, for :func:`build_graph`."""
    path = _display_path(article.source_path)
    for line, message, hint in getattr(article, "annotation_problems", []):
        problems.append(Problem(path, line, message, hint))
    stances, line = [], _metadata_line(article.source_path, "stance")
    for token in str(article.metadata.get("stance", "")).split():
        if token[:1] in SIGNS and len(token) > 1:
            stances.append((SIGNS[token[0]], token[1:], line))
        else:
            problems.append(Problem(path, line, f"Stance '{token}' is not +key, -key or ~key",
                                    "e.g. 'Stance: +ethique-asymetrique'"))
    author = article.metadata.get("author")
    return {
        "url": article_url(article, site_url),
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
        "parent": comment.parent.id if comment.parent else None, "text": comment.text,
    }


def _metadata_line(path, key):
    """Line of ``Key:`` in the metadata block of ``path`` (1 when not found)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    break
                if line.lower().startswith(key + ":"):
                    return number
    except OSError:
        pass
    return 1


def _display_path(path):
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
