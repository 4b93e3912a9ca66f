"""What every Contrepoint plugin needs from Pelican: stopping a build cleanly,
its articles, paths as the builder typed them, and the versions of the Markdown
extensions its ``MARKDOWN`` setting names (for the caches' keys).

Problems are printed as ``path:line: message (hint)`` as soon as a plugin
finds them, every one of them; the build then stops once every generator has
read its content (``all_generators_finalized``), before anything is written,
so that one run lists the problems of comments, positions and annotations
together. :class:`BuildStopped` ends the build with exit status 1 and no
traceback (Pelican prints one for any exception it catches, so a log filter
hides it for ours and for its own ``--fatal`` stop).
"""

import importlib
import logging
import os
import sys

from pelican import signals

logger = logging.getLogger(__name__)

FATAL_MESSAGE = "Warning or error encountered"  # pelican.log.FatalLogger
# Where ArticlesGenerator keeps its articles: published, translated, hidden, drafts.
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")
# And where PagesGenerator keeps its pages.
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")


class BuildStopped(Exception):
    """The sources have problems; they were printed above."""


class HideTraceback(logging.Filter):
    """Drop the traceback of a record about a problem we already explained."""

    def filter(self, record):
        if record.exc_info and record.exc_info[0] is not None:
            error = record.exc_info[1]
            if isinstance(error, BuildStopped) or (
                isinstance(error, RuntimeError) and str(error) == FATAL_MESSAGE
            ):
                record.exc_info = None
        return True


class _Run:
    """Problems printed during the current build."""

    count = 0
    fatal_warnings = False


def _start(_pelican):
    _Run.count, _Run.fatal_warnings = 0, False


def _stop_if_needed(_generators):
    if _Run.count:
        raise BuildStopped(
            f"{_Run.count} problem(s) in the sources, listed above as path:line"
        )
    if _Run.fatal_warnings:
        raise BuildStopped("warnings are fatal in this build (--fatal warnings)")


def _stable_sitemap_dates(generators):
    """pelican-sitemap dates undated pages with the build time; use the newest
    content date instead, so two builds of the same content are identical."""
    dates = [
        article.date
        for generator in generators
        for article in getattr(generator, "articles", [])
    ]
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    for generator in vars(sitemap).values() if sitemap and dates else ():
        if type(generator).__name__ == "SitemapGenerator":
            generator.now = max(dates)


def install_traceback_filter():
    """Once per process: hide tracebacks of explained stops, stop after reading."""
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, HideTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(HideTraceback())
        signals.initialized.connect(_start)
        # After every generator read its content and before any is written.
        signals.all_generators_finalized.connect(_stop_if_needed)
        signals.all_generators_finalized.connect(_stable_sitemap_dates)


def stop_on_problems(problems, what="sources"):
    """Print every problem now; the build stops before writing anything.

    Callers go on with what could be read, so that later plugins report
    their own problems in the same run (``make check`` lists them all).
    """
    problems = sorted(set(problems))
    for problem in problems:
        print(problem, file=sys.stderr)
    _Run.count += len(problems)


def warn(problems):
    """Log problems as warnings (fatal under ``--fatal warnings``).

    Pelican's fatal logger raises after the first one; we list them all,
    then stop with the errors.
    """
    for problem in sorted(set(problems)):
        try:
            logger.warning("%s", problem)
        except RuntimeError:
            _Run.fatal_warnings = True


def every_article(generator):
    """Each article of ``generator`` once, whatever its status or language."""
    return _each_once(generator, ARTICLE_LISTS)


def every_content(generator):
    """Each article or page of ``generator`` (either kind) once, whatever its status or
    language."""
    return _each_once(generator, ARTICLE_LISTS + PAGE_LISTS)


def _each_once(generator, names):
    seen = set()
    for name in names:
        for content in getattr(generator, name, []):
            if id(content) not in seen:
                seen.add(id(content))
                yield content


def markdown_versions(markdown_settings):
    """``{module: VERSION}`` of the Markdown extensions a ``MARKDOWN`` setting names
    and that declare one (ours bump it when what they write changes): part of
    the keys of what a cache keeps of their output."""
    names = [*markdown_settings.get("extensions", []),
             *markdown_settings.get("extension_configs", {})]
    versions = {}
    for name in dict.fromkeys(name for name in names if isinstance(name, str)):
        try:
            module = importlib.import_module(name.split(":")[0])
        except ImportError:  # a short name ("extra"): Markdown's own, no VERSION
            continue
        if hasattr(module, "VERSION"):
            versions[name] = module.VERSION
    return versions


def display_path(path):
    """``path`` relative to the working folder when inside it, as typed in ``make``."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
