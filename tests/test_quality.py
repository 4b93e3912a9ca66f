"""Quality gates on the built site: axe-core in Chromium, the Nu HTML checker, LinkChecker.

Each needs a tool outside Python (chromium, java): missing, it fails on CI
(``CI=true``) and is skipped elsewhere with the reason.
"""

import re
import shutil
import subprocess

import pytest

from browser.conftest import axe_blocking
from browser.conftest import (  # noqa: F401  (fixtures: the site served, Debian's chromium)
    base_url,
    browser_context_args,
    browser_name,
    browser_type_launch_args,
    served_site,
)
from helpers import ROOT, require

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = ROOT / ".venv" / "bin" / "linkchecker"

# One page of every kind the site has.
PAGE_KINDS = {
    "accueil": "/",
    "billet": "/pas-besoin-de-croire-en-votre-produit/",
    "page": "/pages/a-propos/",
    "categorie": "/categorie/conseil/",
    "etiquette": "/etiquette/ethique/",
    "auteur": "/auteur/michelle-blanc/",
    "categories": "/categories/",
    "etiquettes": "/etiquettes/",
    "auteurs": "/auteurs/",
    "archives": "/archives/",
    "404": "/404.html",
    "positions": "/positions/",
    "position": "/positions/ethique-asymetrique/",
    "recherche": "/recherche/",
    "carte": "/positions/carte/",
}
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_serious_violation(new_context, kind, scheme):
    page = new_context(color_scheme=scheme).new_page()
    response = page.goto(PAGE_KINDS[kind])
    assert response.ok or kind == "404", f"{PAGE_KINDS[kind]}: HTTP {response.status}"
    blocking = axe_blocking(page)
    assert not blocking, blocking


def run_vnu(*args):
    require(shutil.which("java"), "java")
    require(str(VNU), "vnu.jar (npm install vnu-jar)")
    return subprocess.run(["java", "-jar", str(VNU), "--errors-only", *args],
                          capture_output=True, text=True, timeout=600)


def test_nu_html_checker_finds_no_error_on_any_page(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    result = run_vnu("--skip-non-html", str(site))
    assert result.returncode == 0, result.stderr + result.stdout


def test_nu_css_checker_finds_no_error_in_stylesheets():
    result = run_vnu("--css", *map(str, sorted((ROOT / "theme" / "static" / "css").glob("*.css"))))
    assert result.returncode == 0, result.stderr + result.stdout


def test_linkchecker_finds_no_broken_internal_link(served_site):
    require(str(LINKCHECKER), "linkchecker")
    url, _ = served_site
    result = subprocess.run(
        [str(LINKCHECKER), "--no-robots", "--no-status", "--no-warnings", f"{url}/"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    assert checked and int(checked.group(2)) > 20, result.stdout  # it crawled the site
