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
