"""Pelican settings for the deployable site (``make publish``)."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("CONTREPOINT_SITEURL", "https://contrepoint.example")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False  # cached HTML holds the local, root-relative URLs
