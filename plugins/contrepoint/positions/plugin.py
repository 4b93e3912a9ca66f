"""Pelican glue for positions: settings, the annotation extension, the reader.

The reader also keeps the posts' passages small (``contrepoint.compact`` gives
their quotes new strings once the content cache is pickled).

The position pages themselves come from :mod:`.generator`.
"""

import hashlib
import json
import logging
import os
import sys

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from contrepoint.headers import header_line, read_text
from contrepoint.pelican_glue import (install_traceback_filter, markdown_versions,
                                      stop_on_problems)

from . import markdown_ext
from .definitions import load_definitions

logger = logging.getLogger(__name__)

DEFAULTS = {
    "POSITIONS_PATH": "positions",
    "POSITION_URL": "positions/{key}/",
    "POSITION_SAVE_AS": "positions/{key}/index.html",
    "POSITIONS_INDEX_URL": "positions/",
    "POSITIONS_INDEX_SAVE_AS": "positions/index.html",
    "POSITIONS_ALPHA_URL": "positions/alphabetique/",
    "POSITIONS_ALPHA_SAVE_AS": "positions/alphabetique/index.html",
    "POSITIONS_JSON_SAVE_AS": "positions/index.json",
    "POSITIONS_MAP_URL": "positions/carte/",
    "POSITIONS_MAP_SAVE_AS": "positions/carte/index.html",
    "POSITIONS_AIF_SAVE_AS": "positions/positions.aif.json",
    "POSITIONS_ARGDOWN_SAVE_AS": "positions/positions.argdown",
    "POSITION_FEED_ATOM": "feeds/positions/{key}.atom.xml",
}
# Outputs a site may turn off: None or "" writes nothing.
OPTIONAL = {"POSITIONS_INDEX_SAVE_AS", "POSITIONS_ALPHA_SAVE_AS", "POSITIONS_JSON_SAVE_AS",
            "POSITIONS_MAP_SAVE_AS", "POSITIONS_AIF_SAVE_AS", "POSITIONS_ARGDOWN_SAVE_AS",
            "POSITION_FEED_ATOM"}
EXTENSION = "contrepoint.positions.markdown_ext"
FINGERPRINT_FILE = "positions.fingerprint"
WANTS_CACHE = "_POSITIONS_LOAD_CONTENT_CACHE"  # LOAD_CONTENT_CACHE as configured
META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


class AnnotatedMarkdownReader(MarkdownReader):
    """Markdown reader that keeps the passages of the body in the metadata.

    ``_parse_metadata`` runs after the body is converted and before the
    summary resets ``md``: the passages are taken there, and so end up in
    the (cached) metadata as ``passages`` and ``annotation_problems``, with
    ``stance_line`` (the line of ``Stance:``, for the problems it may have).
    Tuples, and passages with only what the graph reads and their position
    key interned: a site holds thousands of them all the build long.
    """

    def read(self, source_path):
        """Pelican's ``read``, with one ``Markdown`` object for every file.

        Pelican builds a new one for each file (most of a millisecond with our
        extensions); this one is ``reset()`` between files, as Python-Markdown
        means it to be, with the ``meta`` preprocessor that Pelican's
        ``_parse_metadata`` takes out put back. A post that is not UTF-8 is
        reported as path:line, not as a traceback.
        """
        self._source_path = source_path
        self._md = self._reused_markdown()
        try:
            with pelican_open(source_path) as text:
                content = self._md.convert(text)
        except UnicodeDecodeError:  # read again, to say where
            _text, problems = read_text(source_path)
            stop_on_problems(problems)
            stem = os.path.splitext(os.path.basename(source_path))[0]
            return "", {"title": stem}
        return content, self._parse_metadata(self._md.Meta)

    def _reused_markdown(self):
        md = getattr(self, "_markdown", None)
        if md is None:
            md = self._markdown = Markdown(**self.settings["MARKDOWN"])
            self._meta = md.preprocessors["meta"]
        elif "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        md.reset()
        return md

    def _parse_metadata(self, meta):
        passages = tuple(_kept(passage) for passage in getattr(self._md, "passages", []))
        problems = tuple(getattr(self._md, "annotation_problems", []))
        stance_line = header_line(getattr(self._md, "annotation_source", []), "stance")
        output = super()._parse_metadata(meta)
        output["passages"] = passages
        output["annotation_problems"] = problems
        output["stance_line"] = stance_line
        return output


def _kept(passage):
    """What the graph reads of a passage (``line`` and ``block`` are for the extension's users)."""
    return {"key": sys.intern(passage["key"]), "stance": passage["stance"], "id": passage["id"],
            "quote": passage["quote"], "fragment": passage["fragment"]}


def positions_dir(settings):
    return os.path.join(settings["PATH"], settings["POSITIONS_PATH"])


def merge_settings(pelican):
    # ``initialized``: once per process, before the settings are read by anyone.
    settings = pelican.settings
    for key, default in DEFAULTS.items():
        value = settings.setdefault(key, default)
        if key in OPTIONAL and not value:
            settings[key] = None
            continue
        if not isinstance(value, str) or ("{key}" in default and "{key}" not in value):
            logger.warning("%s = %r is not a path like %r; using the default", key, value,
                           default)
            settings[key] = default
    settings[WANTS_CACHE] = settings.get("LOAD_CONTENT_CACHE", False)


def configure_markdown(settings):
    """Give the extension the known positions; skip a content cache they made stale."""
    positions, _problems = load_definitions(positions_dir(settings))  # reported later
    config = {
        "positions": {key: p.statement for key, p in positions.items()},
        "position_url": f"{settings.get('SITEURL', '')}/{settings['POSITION_URL']}",
    }
    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})[EXTENSION] = config
    settings["LOAD_CONTENT_CACHE"] = settings.get(WANTS_CACHE, False)
    _invalidate_stale_cache(settings)


def _invalidate_stale_cache(settings):
    """Skip the content cache when what is baked into cached HTML changed.

    Pelican keys its cache by file only: the position labels our extension
    writes into passages, any other ``MARKDOWN`` setting (extensions such as
    French typography) and the versions of our extensions must be checked here.
    """
    if not settings.get("CACHE_CONTENT"):
        return
    baked = json.dumps([markdown_versions(settings["MARKDOWN"]), settings["MARKDOWN"]],
                       sort_keys=True, default=repr)
    fingerprint = hashlib.sha256(baked.encode()).hexdigest()
    path = os.path.join(settings["CACHE_PATH"], FINGERPRINT_FILE)
    try:
        with open(path, encoding="utf-8") as stream:
            previous = stream.read().strip()
    except OSError:
        previous = None
    if previous != fingerprint and settings.get("LOAD_CONTENT_CACHE"):
        logger.info("positions or Markdown settings changed since the cached build: "
                    "content cache not loaded")
        settings["LOAD_CONTENT_CACHE"] = False
    os.makedirs(settings["CACHE_PATH"], exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(fingerprint + "\n")


def use_annotated_reader(readers):
    # ``readers_init``: the reader classes are chosen, not yet instantiated.
    for extension in AnnotatedMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = AnnotatedMarkdownReader


def get_generators(pelican):
    # ``get_generators``: sent at the start of every build, also each rebuild
    # of ``make devserver`` (``initialized`` is not), before the generators
    # build their readers: the right moment to refresh the extension's
    # positions. Our Generator runs after the articles' (and after
    # ``article_generator_finalized``, where threads and stances are attached).
    from .generator import PositionsGenerator

    configure_markdown(pelican.settings)
    return PositionsGenerator


def register():
    install_traceback_filter()
    signals.initialized.connect(merge_settings)
    signals.readers_init.connect(use_annotated_reader)
    signals.get_generators.connect(get_generators)


__all__ = ["AnnotatedMarkdownReader", "register", "markdown_ext"]
