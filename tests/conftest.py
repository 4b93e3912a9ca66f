"""Shared fixtures: the real site, built once per test session."""

import shutil
from pathlib import Path

import pytest

from helpers import ROOT, build


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Path to the output of a clean build of ``content/``."""
    base = tmp_path_factory.mktemp("site")
    output = base / "output"
    result = build(ROOT / "content", output)
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
