"""Pelican settings for building Contrepoint locally (``make html``)."""

# No AUTHOR: a post that does not name its author has none (see README).
SITENAME = "Contrepoint"
SITESUBTITLE = "Conseil, freelance et éthique : les billets et leurs débats"
SITEURL = ""  # root-relative links: serve output/ at the root of a server

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = "theme"

# Theme (contrepoint.french adds its Jinja filters date_fr and typo_fr at start-up).
# Autoescape on: HTML values (content, summaries, comments) are marked |safe in templates.
# No auto_reload: each build (each `make devserver` rebuild too) makes new environments,
# so checking a template's file before each use (every include of every page) is waste.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "auto_reload": False}
# Author_note is Markdown, rendered like the summary (shown as an aside on the post).
FORMATTED_FIELDS = ["summary", "author_note"]
# The search page (direct template `search`, Pagefind's index built after Pelican by
# `make html`); the navigation and the header search box link it only when set.
SEARCH_URL = "recherche/"
SEARCH_SAVE_AS = "recherche/index.html"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "contrepoint.read_ahead",  # posts read on two cores (READ_AHEAD = False: one)
    "contrepoint.french",
    "contrepoint.compact",  # after french, before comments: see its docstring
    "contrepoint.comments",
    "contrepoint.neighbours",
    "contrepoint.positions",
    "contrepoint.stance",
    "contrepoint.parallel_writer",  # before the sitemap: it replays the pages it wrote
    "pelican.plugins.sitemap",
]

TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C",)  # dates are formatted in French by Babel (contrepoint.french)

# The seeds give no dates. Pelican needs one to sort and to write feeds, so
# undated posts get this fixed default; the theme never displays it
# (contrepoint.french marks it with ``date_known = False``).
DEFAULT_DATE = (2000, 1, 1)
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 60

ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
CATEGORY_URL = "categorie/{slug}/"
CATEGORY_SAVE_AS = "categorie/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "etiquette/{slug}/"
TAG_SAVE_AS = "etiquette/{slug}/index.html"
TAGS_URL = "etiquettes/"
TAGS_SAVE_AS = "etiquettes/index.html"
AUTHOR_URL = "auteur/{slug}/"
AUTHOR_SAVE_AS = "auteur/{slug}/index.html"
AUTHORS_URL = "auteurs/"
AUTHORS_SAVE_AS = "auteurs/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
TEMPLATE_PAGES = {"404.html": "404.html"}
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search"]

# Feeds need absolute URLs inside; locally they point at `make serve`
# (without this, Pelican warns and `--fatal warnings` stops the build).
# publishconf.py sets FEED_DOMAIN = SITEURL. Pages link their feeds via SITEURL.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/categorie-{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Every feed (posts, categories, comments, positions) keeps its 20 newest entries.
FEED_MAX_ITEMS = 20

SLUGIFY_SOURCE = "basename"
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {
            "footnotes": {"BACKLINK_TITLE": "Revenir à l’appel de la note %d"},
        },
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"

SITEMAP = {"format": "xml", "exclude": ["404.html"]}
