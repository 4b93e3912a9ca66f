"""A plugin's own cache file in Pelican's ``CACHE_PATH``: JSON entries and a stamp.

Pelican caches what its readers return; the detected stances and the
records of the comment feeds are kept beside, in ``CACHE_PATH/<name>``,
under the same settings: written when
``CACHE_CONTENT``, read when ``LOAD_CONTENT_CACHE``.
The ``stamp`` stands for what made the entries (a format version, settings,
code): a file with another stamp is not loaded.
"""

import json
import os

CHUNK = 100  # entries encoded at once (the encoder's pieces for 500 threads' stances: 2 MB)


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


def save(settings, name, stamp, entries, loaded=None):
    """Write ``entries`` (this build's: stale ones are dropped), atomically.

    ``loaded``: what :func:`load` gave at the start of the build. Keys stand
    for their entries (hashes of what made them), so when both have the same
    keys the file holds these entries already, and is not written again.
    """
    if not settings.get("CACHE_CONTENT"):
        return
    if loaded and loaded.keys() == entries.keys():
        return
    path = os.path.join(settings["CACHE_PATH"], name)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    keys = sorted(entries)
    with open(path + ".tmp", "w", encoding="utf-8") as stream:
        stream.write(f'{{"stamp": {json.dumps(stamp)}, "entries": {{')
        # A chunk at a time: the C encoder (json.dumps), without the whole
        # file as one string in memory (tens of MB on a big blog).
        for start in range(0, len(keys), CHUNK):
            chunk = {key: entries[key] for key in keys[start:start + CHUNK]}
            text = json.dumps(chunk, ensure_ascii=False, sort_keys=True, default=str)
            stream.write(("" if start == 0 else ", ") + text[1:-1])
        stream.write("}}")
    os.replace(path + ".tmp", path)
