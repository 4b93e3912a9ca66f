"""Recognise pingbacks and trackbacks by their kind or by their form.

A pingback quotes the linking page between ellipses ("[…] extrait […]")
or is a one-line "Pingback : titre"; it takes no stance.
"""

import re

PINGBACK_FORM_RE = re.compile(
    r"^\s*(?:\[\s*(?:…|\.\.\.)\s*\]|(?:pingback|trackback|r[ée]trolien)\s*:)"
    r"|\[\s*(?:…|\.\.\.)\s*\]\s*$",
    re.IGNORECASE)


def is_pingback(text, kind="comment"):
    """True for ``kind == "pingback"`` or a body in pingback form."""
    return kind == "pingback" or bool(PINGBACK_FORM_RE.search(text or ""))
