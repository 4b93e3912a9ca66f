"""Shared fixtures: the real site, built once per test session."""

import shutil
from pathlib import Path

import pytest

from helpers import ROOT, build, search_index


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Path to the output of a clean build of ``content/``, with its search index."""
    base = tmp_path_factory.mktemp("site")
    output = base / "output"
    result = build(ROOT / "content", output)
    assert result.returncode == 0, result.stderr + result.stdout
    result = search_index(output)
    assert result.returncode == 0, result.stderr + result.stdout
    return output


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of ``content/`` for tests that break it."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def read_html(path):
    return Path(path).read_text(encoding="utf-8")


# -- issue 4: XSS corpus count and bad-input table in the summary -------------
# Tests record them with ``record_property`` ("xss_vectors", "xss_placements",
# "bad_input"); this prints what the run recorded.

def pytest_terminal_summary(terminalreporter):
    xss, bad_inputs = {}, []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name.startswith("xss_"):
                    xss[name] = value
                elif name == "bad_input":
                    bad_inputs.append(value)
    if xss:
        terminalreporter.write_sep("-", "XSS corpus")
        terminalreporter.write_line(
            f"{xss.get('xss_vectors', '?')} vectors placed in "
            f"{xss.get('xss_placements', '?')} comment files")
    if bad_inputs:
        terminalreporter.write_sep("-", "bad inputs: case -> message")
        for case, message in sorted(bad_inputs):
            terminalreporter.write_line(f"{case:<32} {message}")
# -- end issue 4 --------------------------------------------------------------
