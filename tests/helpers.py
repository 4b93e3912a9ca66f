"""Build a site with our settings in a subprocess, as `make html` does."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PELICAN = [sys.executable, "-m", "pelican"]


def build(content, output, *, settings_file="pelicanconf.py", fatal=True, extra=None,
          cache=None):
    """Run Pelican on ``content`` into ``output``; return the CompletedProcess.

    ``extra`` is a dict of settings given with ``-e`` (JSON values);
    ``cache`` is the cache folder (a fresh one under ``output``'s parent by default).
    """
    import json

    cache = cache or Path(output).parent / "cache"
    overrides = {"CACHE_PATH": str(cache), **(extra or {})}
    args = [*PELICAN, str(content), "-o", str(output), "-s", str(ROOT / settings_file),
            "--log-handler", "plain"]
    if fatal:
        args += ["--fatal", "warnings"]
    args += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def search_index(output):
    """Build Pagefind's index of ``output`` as `make html` does; return the CompletedProcess.

    Run from the project folder, so that Pagefind reads ``pagefind.yml``.
    """
    args = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def write_tree(root, files, *, dedent=False):
    """Write ``{relative path: text or bytes}`` under ``root``; return ``root``."""
    import textwrap

    for name, text in files.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
    return root


def require(tool, what):
    """Fail on CI (``CI=true``), skip elsewhere, when ``tool`` (a path) is missing."""
    import pytest

    if tool and os.path.exists(tool):
        return
    reason = f"{what} not found ({tool})"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def children():
    """Pids of this process's children, zombies included."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stream:
                if int(stream.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                    found.add(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


# -- a stand-in position graph, for the maps and exports -----------------------

def stand_in_positions():
    """Three positions: « asym » opposes « sym » and is related to « conv »."""
    from contrepoint.positions.graph import Position

    return {
        "asym": Position("asym", "L’éthique n’est pas symétrique", opposes=["sym"],
                         related=["conv"], url="positions/asym/"),
        "sym": Position("sym", "La symétrie des attentes", url="positions/sym/"),
        "conv": Position("conv", "Agir selon ses convictions", url="positions/conv/"),
    }


def stand_in_passage(key, stance, quote, anchor, author="Victor", comment_id=None,
                     title="Clash"):
    """A passage of the post « /clash/ » (a comment's when ``comment_id``)."""
    from contrepoint.positions.graph import Passage

    return Passage(key=key, stance=stance, quoted=quote, anchor=anchor, author=author,
                   article_title=title, article_url="/clash/", comment_id=comment_id)
