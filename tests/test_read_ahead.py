"""Posts read ahead by a forked process: the same site, the same problems, reported once."""

import filecmp

from helpers import ROOT, build, write_tree

# Lists itself before contrepoint.read_ahead: it sees the ReadAhead before it is closed.
TELLING_PLUGIN = """\
import sys

from pelican import signals

def tell(generator):
    ahead = getattr(generator, "read_ahead", None)
    print(f"read ahead: {ahead.taken if ahead else None}", file=sys.stderr)

def register():
    signals.article_generator_finalized.connect(tell)
"""


def tree(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def build_telling(content, output, tmp_path, **settings):
    from pelicanconf import PLUGINS

    write_tree(tmp_path / "plugins", {"telling.py": TELLING_PLUGIN})
    return build(content, output, cache=output.parent / f"{output.name}-cache", extra={
        "PLUGIN_PATHS": [str(tmp_path / "plugins"), "plugins"],
        "PLUGINS": ["telling", *PLUGINS], **settings})


def taken(result):
    return result.stderr.split("read ahead: ")[1].split()[0]


def test_a_site_read_on_two_cores_is_the_site_read_on_one(tmp_path):
    ahead, alone = tmp_path / "ahead", tmp_path / "alone"
    result = build_telling(ROOT / "content", ahead, tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 0, result.stderr
    assert int(taken(result)) > 0  # posts really came from the other process
    result = build_telling(ROOT / "content", alone, tmp_path, READ_AHEAD=False)
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"
    assert tree(ahead) == tree(alone)
    for name in tree(ahead):
        assert filecmp.cmp(ahead / name, alone / name, shallow=False), name


def test_few_posts_or_a_cached_site_are_read_here(tmp_path):
    output = tmp_path / "output"
    result = build_telling(ROOT / "content", output, tmp_path)  # 5 posts, fewer than 16
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"
    result = build_telling(ROOT / "content", output, tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"  # every post is in the content cache


def test_a_problem_in_a_post_read_ahead_is_reported_once_by_the_build(content_copy, tmp_path):
    # Half the posts are broken: the other process meets some of them, and
    # leaves them to the main one, which reports each once.
    broken = {f"articles/zz-broken-{n}.md": b"Title: Cass\xe9\n\nTexte.\n" for n in range(6)}
    write_tree(content_copy, broken)
    result = build_telling(content_copy, tmp_path / "output", tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 1
    for name in broken:
        assert result.stderr.count(f"{name}:1: invalid UTF-8 (byte 0xe9)") == 1, result.stderr
    assert "Traceback" not in result.stderr
