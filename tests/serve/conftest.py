"""An example blog to preview: the real site with a dozen generated posts beside the coach's."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import write_posts
from tests.conftest import copy_project

# 13 posts with the coach's own: the blog's index has a second page.
POSTS = 12


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    write_posts(root / "docs", POSTS)
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    """Save an edit, as an editor does: the whole file written again."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
