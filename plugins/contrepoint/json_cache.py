"""A plugin's own cache file in Pelican's ``CACHE_PATH``: JSON entries and a stamp.

Pelican caches what its readers return; the comments' rendered bodies and
the detected stances are kept beside, in ``CACHE_PATH/<name>``, under the
same settings: written when ``CACHE_CONTENT``, read when ``LOAD_CONTENT_CACHE``.
The ``stamp`` stands for what made the entries (a format version, settings,
code): a file with another stamp is not loaded.
"""

import json
import os


def load(settings, name, stamp):
    """The entries saved with ``stamp`` (a dict), or ``{}``."""
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return {}
    try:
        with open(os.path.join(settings["CACHE_PATH"], name), encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def save(settings, name, stamp, entries):
    """Write ``entries`` (this build's: stale ones are dropped), atomically."""
    if not settings.get("CACHE_CONTENT"):
        return
    path = os.path.join(settings["CACHE_PATH"], name)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as stream:
        # dumps, not dump: only the one-shot encoder is the C one
        stream.write(json.dumps({"stamp": stamp, "entries": entries}, ensure_ascii=False,
                                sort_keys=True, default=str))
    os.replace(path + ".tmp", path)
