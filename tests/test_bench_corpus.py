"""The benchmark's synthetic corpus: deterministic, complete, and valid input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from bench import corpus
from contrepoint.comments.source import KNOWN_KEYS as COMMENT_KEYS
from contrepoint.headers import parse_header
from contrepoint.positions.definitions import load_definitions
from contrepoint.positions.markdown_ext import PositionsExtension

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_KEYS = ("title", "slug", "date", "lang", "category", "tags", "summary", "stance")


def tree(root):
    """``{relative path: bytes}`` of every file under ``root``."""
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(Path(root).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "content"
    counts = corpus.generate(root, posts=12, comments=10, positions=20, seed=7)
    return root, counts


def annotated(text, positions):
    """Passages and annotation problems of one Markdown text."""
    md = markdown.Markdown(extensions=["extra", PositionsExtension(positions=positions)])
    md.convert(text)
    return md.passages, md.annotation_problems


def test_same_seed_gives_byte_identical_tree(tmp_path):
    corpus.generate(tmp_path / "one", posts=8, comments=4, positions=12, seed=3)
    corpus.generate(tmp_path / "two", posts=8, comments=4, positions=12, seed=3)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_another_seed_gives_another_tree(tmp_path):
    corpus.generate(tmp_path / "one", posts=8, comments=4, positions=12, seed=3)
    corpus.generate(tmp_path / "two", posts=8, comments=4, positions=12, seed=4)
    assert tree(tmp_path / "one") != tree(tmp_path / "two")


def test_posts_without_comments_are_the_same_posts(tmp_path):
    corpus.generate(tmp_path / "full", posts=6, comments=10, positions=10, seed=1)
    corpus.generate(tmp_path / "bare", posts=6, comments=0, positions=10, seed=1)
    assert tree(tmp_path / "full" / "articles") == tree(tmp_path / "bare" / "articles")
    assert not any((tmp_path / "bare" / "comments").iterdir())


def test_counts_of_posts_comments_and_positions(small):
    root, counts = small
    assert len(list((root / "articles").glob("*.md"))) == 12
    folders = list((root / "comments").iterdir())
    assert len(folders) == 12
    assert all(len(list(folder.glob("*.md"))) == 10 for folder in folders)
    assert len(list((root / "positions").glob("*.md"))) == 20
    assert counts["posts"] == 12 and counts["comments"] == 120 and counts["positions"] == 20


def test_comment_folders_are_named_after_post_slugs(small):
    root, _ = small
    slugs = set()
    for path in (root / "articles").glob("*.md"):
        header, _ = parse_header(path.read_text(encoding="utf-8"), path, ARTICLE_KEYS)
        slugs.add(header.get("slug"))
    assert {folder.name for folder in (root / "comments").iterdir()} == slugs


def test_positions_load_without_problems(small):
    root, _ = small
    positions, problems = load_definitions(root / "positions")
    assert problems == []
    assert len(positions) == 20
    assert any(position.opposes for position in positions.values())
    assert any(position.related for position in positions.values())


def test_posts_parse_and_annotate_without_problems(small):
    root, counts = small
    positions, _ = load_definitions(root / "positions")
    statements = {key: position.statement for key, position in positions.items()}
    passages = []
    for path in sorted((root / "articles").glob("*.md")):
        header, problems = parse_header(path.read_text(encoding="utf-8"), path, ARTICLE_KEYS)
        assert problems == [], path
        assert header.get("stance") and header.get("date")
        found, annotation_problems = annotated(header.body, statements)
        assert annotation_problems == [], path
        assert 3 <= len(found), path
        assert any(passage["block"] for passage in found), path
        passages += found
    assert len(passages) == counts["passages"]


def test_every_position_has_a_passage_in_a_post(tmp_path):
    # More positions than the posts' 3 to 5 passages each would cover.
    root = tmp_path / "content"
    corpus.generate(root, posts=3, comments=2, positions=30, seed=0)
    keys = {path.stem for path in (root / "positions").glob("*.md")}
    passages = []
    for path in (root / "articles").glob("*.md"):
        header, _ = parse_header(path.read_text(encoding="utf-8"), path, ARTICLE_KEYS)
        passages += annotated(header.body, None)[0]
    assert {passage["key"] for passage in passages} == keys


def test_comments_parse_reply_to_earlier_ones_and_one_in_three_takes_a_stance(small):
    root, _ = small
    positions, _ = load_definitions(root / "positions")
    statements = {key: position.statement for key, position in positions.items()}
    total = with_stance = replies = pingbacks = 0
    for folder in sorted((root / "comments").iterdir()):
        earlier = set()
        for path in sorted(folder.glob("*.md")):
            header, problems = parse_header(path.read_text(encoding="utf-8"), path,
                                            COMMENT_KEYS)
            assert problems == [], path
            assert int(header.get("order")) == int(path.name.split("-")[0])
            assert header.get("kind") in ("comment", "pingback")
            parents = [item.strip() for item in header.get("replyto", "").split(",") if item]
            assert set(parents) <= earlier, path
            found, annotation_problems = annotated(header.body, statements)
            assert annotation_problems == [], path
            total += 1
            with_stance += bool(found or header.get("stance"))
            replies += bool(parents)
            pingbacks += header.get("kind") == "pingback"
            earlier.add(path.stem)
    assert total == 120
    assert 120 // 3 - 5 <= with_stance <= 120 // 3 + 5
    assert replies > 0 and pingbacks == 12


def test_edit_post_changes_one_post_only(tmp_path):
    root = tmp_path / "content"
    corpus.generate(root, posts=4, comments=1, positions=10, seed=0)
    before = tree(root)
    edited = corpus.edit_post(root, 1)
    after = tree(root)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [str(edited.relative_to(root))]


def test_generate_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "note.txt").write_text("x")
    with pytest.raises(FileExistsError):
        corpus.generate(tmp_path, posts=1)


def test_runner_smoke_writes_figures_for_every_build(tmp_path):
    # Eight builds of a 3-post corpus: about 12 s.
    output = tmp_path / "latest.json"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    result = subprocess.run([sys.executable, "-m", "bench", "--sizes", "3", "--repeat", "1",
                             "--output", str(output)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(output.read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert set(size["builds"]) == {"a", "b", "c", "d"}
    assert size["builds"]["a"]["pagefind_median_s"] > 0
    assert set(size["ratios"]) == {"a_b", "a_c", "a_total_b", "rss_a_b", "cpu_a_b", "cpu_a_c",
                                   "d_b", "a_d"}
    assert "pagefind_median_s" not in size["builds"]["d"]  # only a is searched
    assert len(size["rebuild"]["a"]["runs_s"]) == 1
    assert "a/b =" in result.stdout and "d/b =" in result.stdout
