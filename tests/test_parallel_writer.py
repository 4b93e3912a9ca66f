"""Output written by two processes: the same site, byte for byte, and failures stop the build."""

import filecmp
import os
import tempfile

import pytest

from contrepoint import parallel_writer
from contrepoint.parallel_writer import ShardedWriter, owns
from helpers import ROOT, build, write_tree


def tree(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def claims(tmp_path, monkeypatch):
    """A claims folder shared by this process and a forked one."""
    monkeypatch.setattr(parallel_writer._Build, "claims", str(tmp_path))
    monkeypatch.setattr(parallel_writer._Build, "owned", {})
    return tmp_path


def test_each_name_goes_to_the_first_process_that_asks(claims):
    writer = ShardedWriter.__new__(ShardedWriter)  # owns() only looks at its type
    names = [f"page-{n}/index.html" for n in range(40)]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process takes every even page first
        taken = [owns(writer, name) for name in names[::2]]
        os.write(write, bytes(taken))
        os._exit(0)
    os.waitpid(pid, 0)
    assert list(os.read(read, 100)) == [1] * 20
    mine = [owns(writer, name) for name in names]
    assert mine == [n % 2 == 1 for n in range(40)]
    assert [owns(writer, name) for name in names] == mine  # the same answer again
    assert len(list(claims.iterdir())) == 40


def test_without_parallel_output_every_name_is_ours(claims):
    assert owns(object(), "index.html")
    assert not list(claims.iterdir())


def test_claims_are_made_in_memory_where_the_system_has_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_writer, "MEMORY_FOLDER", str(tmp_path))
    folder = parallel_writer._claims_folder()
    assert os.path.dirname(folder) == str(tmp_path)
    monkeypatch.setattr(parallel_writer, "MEMORY_FOLDER", str(tmp_path / "none"))
    folder = parallel_writer._claims_folder()
    assert os.path.dirname(folder) == tempfile.gettempdir()
    os.rmdir(folder)


def test_one_process_and_two_write_the_same_site(site, tmp_path):
    # The session's site is built with OUTPUT_PROCESSES unset: one process per core.
    single = tmp_path / "output"
    result = build(ROOT / "content", single, extra={"OUTPUT_PROCESSES": 1})
    assert result.returncode == 0, result.stderr
    built = tree(site)
    assert tree(single) == [name for name in built if not name.startswith("pagefind/")]
    for name in tree(single):  # sitemap.xml included: it lists every process's pages
        assert filecmp.cmp(single / name, site / name, shallow=False), name


FAILING_PLUGIN = """\
from pelican import signals

from contrepoint.parallel_writer import _Build

def fail(path, context):
    if _Build.index == 1:  # the other output process, on its first page
        raise ValueError("the theme broke")

def register():
    signals.content_written.connect(fail)
"""


def test_a_failure_in_the_other_process_fails_the_build_without_traceback(tmp_path):
    write_tree(tmp_path / "plugins", {"failing.py": FAILING_PLUGIN})
    from pelicanconf import PLUGINS

    result = build(ROOT / "content", tmp_path / "output", extra={
        "OUTPUT_PROCESSES": 2, "PLUGIN_PATHS": [str(tmp_path / "plugins"), "plugins"],
        "PLUGINS": ["failing", *PLUGINS]})
    assert result.returncode == 1
    assert "output process 1: ValueError: the theme broke" in result.stderr
    assert "output process(es) failed" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not any(os.path.isdir(f"/proc/{pid}") and _is_pelican_child(pid)
                   for pid in os.listdir("/proc") if pid.isdigit())


def _is_pelican_child(pid):
    """A process left behind by that build: a pelican whose parent is gone or is us."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            command = stream.read().split(b"\0")
        with open(f"/proc/{pid}/stat") as stream:
            state = stream.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return b"pelican" in command and b"failing" in b" ".join(command) and state != "Z"
