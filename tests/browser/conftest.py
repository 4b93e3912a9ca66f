"""Browser fixtures: the built site served on 127.0.0.1, driven by Debian's chromium.

pytest-playwright supplies ``playwright``, ``browser``, ``context`` and ``page``;
we point its launch at ``/usr/bin/chromium`` (no downloaded browser) and set its
``base_url`` to the served site, so ``page.goto("/")`` opens the home page.
Playwright gives every launch a fresh temporary profile (user-data dir).
Mark browser tests with ``@pytest.mark.browser``.
"""

import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import ROOT, require

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def require_chromium():
    """Fail on CI, skip elsewhere, when chromium is not installed."""
    require(shutil.which(CHROMIUM), f"chromium ({CHROMIUM}; apt-get install chromium)")


# Recorded before any page script: a CSP violation means something was blocked.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
BLOCKING = {"serious", "critical"}  # axe-core impacts that fail a page


def axe_blocking(page):
    """axe-core's serious and critical violations on ``page``, one line each ("" if none)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations if v["impact"] in BLOCKING
    )


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, without one log line per request."""

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """The base URL of ``directory`` served on a free port of 127.0.0.1, for the block.

    The folder is looked up at each request: it may be built inside the block.
    """
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(site):
    """``(base_url, output_dir)``: the built site on a free port of 127.0.0.1."""
    with serve(site) as url:
        yield url, Path(site)


@pytest.fixture(scope="session")
def base_url(served_site):
    """Root URL of the served site (no trailing slash); pytest-playwright uses it."""
    return served_site[0]


@pytest.fixture(scope="session")
def browser_name():
    return "chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium instead of a browser downloaded by Playwright."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
