"""Pelican glue for French typography: Jinja filters, spaces in content, dates.

- Jinja filters ``date_fr`` (Babel, ``4 mars 2010``), ``typo_fr`` (narrow
  no-break spaces in a title or an HTML fragment) and ``de_fr`` (``de`` before a
  name, elided where French elides it: ``d’Élodie``).
- Narrow no-break spaces in the HTML of every article, page and comment, at
  build time (the sources are not touched): Markdown gets them as it writes
  its HTML (:mod:`.markdown_ext`, so the caches keep them), other formats
  after reading.
- ``date_known``: False on content whose date is the ``DEFAULT_DATE``
  placeholder, so that the theme never shows it as a fact.
"""

import datetime
import functools
import os

from markupsafe import Markup, escape
from pelican import signals
from pelican.readers import MarkdownReader

from contrepoint.pelican_glue import install_traceback_filter

from .typography import de_fr, format_date_fr, narrow_nbsp


# Titles, names, labels and summaries come back on many pages: typeset each
# text once. Quotes shown once each would fill a bigger cache (8192: ~10 MiB at
# 4000 posts) for nothing.
_typeset = functools.lru_cache(maxsize=2048)(narrow_nbsp)


def typo_fr(value):
    """Jinja filter: French spaces in plain text (escaped first) or in Markup."""
    if value is None:
        return ""
    return Markup(_typeset(str(escape(value))))


def date_fr(value):
    """Jinja filter: a date or datetime written in French."""
    if not value:
        return ""
    return _date_fr(value.date() if isinstance(value, datetime.datetime) else value)


_date_fr = functools.lru_cache(maxsize=4096)(format_date_fr)  # as Babel: the day, no time zone


EXTENSION = "contrepoint.french.markdown_ext"


def configure(pelican):
    # At ``initialized`` the settings exist and no generator has built its
    # Jinja environment or its readers yet: the filters reach every template,
    # the extension every Markdown object (posts, pages, comments).
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.setdefault("typo_fr", typo_fr)
    filters.setdefault("date_fr", date_fr)
    filters.setdefault("de_fr", de_fr)
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {}).setdefault(EXTENSION, {})


def _default_date(settings):
    default = settings.get("DEFAULT_DATE")
    if isinstance(default, (tuple, list)):
        return datetime.datetime(*default)
    return None


def mark_date_known(content):
    # ``content_object_init`` runs once per article and page, when its date is set.
    placeholder = _default_date(content.settings)
    date = getattr(content, "date", None)
    content.date_known = bool(date) and not (
        placeholder is not None and date.replace(tzinfo=None) == placeholder
    )


def apply_typography(generator):
    # After reading (``*_generator_finalized``) and before any page is written;
    # ``_content`` is the rendered HTML, so the sources stay as they are.
    for content in _all_contents(generator):
        if _from_markdown(content):  # typeset by the extension, maybe cached
            continue
        if getattr(content, "_content", None):
            content._content = narrow_nbsp(content._content)
        summary = content.metadata.get("summary")
        if summary:
            content.metadata["summary"] = narrow_nbsp(summary)
            if hasattr(content, "_summary"):
                content._summary = content.metadata["summary"]


def _from_markdown(content):
    extension = os.path.splitext(content.source_path or "")[1].lstrip(".")
    return extension in MarkdownReader.file_extensions


def _all_contents(generator):
    for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        for content in getattr(generator, name, []):
            yield content
            yield from getattr(content, "translations", [])


def register():
    install_traceback_filter()
    signals.initialized.connect(configure)
    signals.content_object_init.connect(mark_date_known)
    signals.article_generator_finalized.connect(apply_typography)
    signals.page_generator_finalized.connect(apply_typography)
