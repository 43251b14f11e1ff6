"""An RSS 2.0 feed (with images/ beside it), an Atom feed, a Jekyll and a small Hugo site:
exact files and report, links between the imported posts, a strict build with their redirects.

The RSS feed (data/feed/feed.xml) has accented and emoji titles, `<!--more-->`, a WordPress-style
truncated summary, an image present and one missing, YouTube as an iframe (youtube-nocookie)
and as a bare address, a script, a style and a foreign iframe, categories outside the allowed
list, and links between its posts (absolute and relative). The Jekyll site (data/jekyll/) has a
`permalink` setting, `{% post_url %}` and `{{ site.baseurl }}`, a YouTube include, a raw iframe,
`published: false`, kramdown attributes, categories as a space-separated string, an excerpt.
The Hugo site (data/hugo/) has TOML and YAML frontmatter, `slug:` and `aliases:`, the youtube,
figure and ref shortcodes and an unknown one, a draft, and a section's `_index.md`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import mkdocs_build

from .conftest import DATA, assert_golden, run, snapshot, written_files

FEED = DATA / "feed" / "feed.xml"
JEKYLL = DATA / "jekyll"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("feed", FEED),
        ("jekyll", JEKYLL),
        ("atom", DATA / "atom" / "atom.xml"),
        ("hugo", DATA / "hugo"),
    ],
)
def test_import_writes_exactly_the_golden_files(
    name: str, source: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = run(project, source, capsys=capsys)
    assert status == 0, report
    assert_golden(name, written_files(project), report)


def test_jekyll_posts_folder_itself_is_the_same_import(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = run(project, JEKYLL / "_posts", capsys=capsys)
    assert status == 0, report
    assert_golden("jekyll", written_files(project), report)


@pytest.mark.parametrize("source", [FEED, JEKYLL])
def test_second_run_changes_nothing(
    source: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, source, capsys=capsys)
    before = snapshot(project)
    status, report = run(project, source, capsys=capsys)
    assert status == 0
    assert snapshot(project) == before
    assert "0 nieuw, 0 overschreven, 10 ongewijzigd, 0 overgeslagen" in report


def test_strict_build_of_feed_and_jekyll_together(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two imports into one site: the second adds its own lines to both files."""
    assert run(project, FEED, capsys=capsys)[0] == 0
    assert run(project, JEKYLL, capsys=capsys)[0] == 0
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    rules = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert rules[:2] == [
        "/post/eerste-hulp-bij-lastige-gesprekken  /blog/eerste-hulp-bij-lastige-gesprekken/  301",
        "/post/zeven-vragen-voor-je-jaargesprek  /blog/zeven-vragen-voor-je-jaargesprek/  301",
    ]
    assert "/2022/02/de-kunst-van-het-vragen/  /blog/de-kunst-van-het-vragen/  301" in rules
    # A draft never had a public address: no redirect for it.
    assert not any(rule.startswith("/2022/06/half-af/") for rule in rules)
    assert len(rules) == 19
    page = (site / "blog/grenzen-stellen/index.html").read_text(encoding="utf-8")
    assert 'href="../een-kwestie-van-tijd/"' in page
    page = (site / "blog/nieuw-jaar-nieuwe-vragen/index.html").read_text(encoding="utf-8")
    assert 'href="../de-kunst-van-het-vragen/"' in page
    assert (site / "blog/images/een-cafe-vol-ideeen/cafe.jpg").is_file()
    assert (site / "blog/images/de-kunst-van-het-vragen/vraag.png").is_file()
