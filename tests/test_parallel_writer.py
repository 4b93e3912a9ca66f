"""Output written by two processes: the same site, byte for byte, and failures stop the build."""

import filecmp
import os

from contrepoint.parallel_writer import owner
from helpers import ROOT, build, write_tree


def tree(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_every_file_has_one_owner_and_both_processes_get_a_share(site):
    names = tree(site)
    shares = [sum(owner(name, 2) == index for name in names) for index in (0, 1)]
    assert sum(shares) == len(names)
    assert min(shares) > len(names) / 4, shares
    assert all(owner(name, 2) == owner(name, 2) for name in names)


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
import os

from pelican import signals

def fail(path, context):
    if os.path.relpath(path, context["OUTPUT_PATH"]) == "{target}":
        raise ValueError("the theme broke on {target}")

def register():
    signals.content_written.connect(fail)
"""


def test_a_failure_in_the_other_process_fails_the_build_without_traceback(tmp_path):
    target = "index.html"  # the home page: written by process 1 of 2
    assert owner(target, 2) == 1
    write_tree(tmp_path / "plugins", {"failing.py": FAILING_PLUGIN.format(target=target)})
    from pelicanconf import PLUGINS

    result = build(ROOT / "content", tmp_path / "output", extra={
        "OUTPUT_PROCESSES": 2, "PLUGIN_PATHS": [str(tmp_path / "plugins"), "plugins"],
        "PLUGINS": ["failing", *PLUGINS]})
    assert result.returncode == 1
    assert "output process 1: ValueError: the theme broke on index.html" in result.stderr
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
