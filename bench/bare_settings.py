"""Bare Pelican for the benchmark's build (b): posts only, default theme, no plugins.

Pelican's defaults except what must match our site for a fair comparison:
the same posts folder, time zone, language, pagination, feed length, and the content cache
on (our site writes it too).
"""

SITENAME = "Banc d’essai"
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
FEED_MAX_ITEMS = 20  # as our site: feeds of the 20 newest entries
SUMMARY_MAX_LENGTH = 60
PLUGINS = []
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
