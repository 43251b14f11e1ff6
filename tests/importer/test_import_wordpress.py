"""A WordPress export (WXR) with uploads/ beside it: exact files, report, redirects, strict build.

The export (data/wordpress/export.xml) covers Gutenberg block comments, the classic editor's
bare paragraphs, `<!--more-->`, [caption] with a scaled image whose original is in uploads/,
[embed] and a bare YouTube address, a YouTube iframe, [gallery] with one image present and one
missing, unknown shortcodes, a missing image, script/style/foreign iframe/javascript: link,
Jinja-looking text, categories outside the allowed list, a draft with no GMT date, a private
post, an emoji and accented titles, links between posts (absolute and relative), a page and a
trashed post (both left out), and a title too long for a slug.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import mkdocs_build

from .conftest import DATA, assert_golden, run, snapshot, written_files

EXPORT = DATA / "wordpress" / "export.xml"
PROXY = {"CONTACT_FUNCTION_URL": "https://fn.example.com/contact", "CONTACT_PROXY_SECRET": "x" * 24}


def test_import_writes_exactly_the_golden_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = run(project, EXPORT, capsys=capsys)
    assert status == 0, report
    assert_golden("wordpress", written_files(project), report)


def test_second_run_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(project, EXPORT, capsys=capsys)
    before = snapshot(project)
    status, report = run(project, EXPORT, capsys=capsys)
    assert status == 0
    assert snapshot(project) == before
    assert "Klaar: 12 posts (0 nieuw, 0 overschreven, 12 ongewijzigd, 0 overgeslagen; " in report
    assert "Doorverwijzingen" not in report
    assert "import-mapping.yml" not in report


def test_nothing_is_written_outside_posts_map_and_mapping(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    run(project, EXPORT, capsys=capsys)
    changed = {name for name, value in snapshot(project).items() if before.get(name) != value}
    outside = {
        name
        for name in changed
        if not name.startswith("docs/blog/posts/")
        and name not in ("redirects.yml", "import-mapping.yml")
    }
    assert outside == set()


def test_an_edited_post_is_kept_unless_forced(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, EXPORT, capsys=capsys)
    post = project / "docs/blog/posts/kort.md"
    edited = post.read_text(encoding="utf-8") + "\nEen zin die de coach later toevoegde.\n"
    post.write_text(edited, encoding="utf-8")

    status, report = run(project, EXPORT, capsys=capsys)
    assert status == 0
    assert post.read_text(encoding="utf-8") == edited
    assert (
        "overgeslagen: docs/blog/posts/kort.md bestaat al en is anders — "
        "gebruik --force om te overschrijven"
    ) in report.splitlines()

    status, report = run(project, EXPORT, "--force", capsys=capsys)
    assert status == 0
    assert "overschreven: docs/blog/posts/kort.md" in report.splitlines()
    assert (
        post.read_bytes()
        == (Path(__file__).parent / "expected/wordpress/posts/kort.md").read_bytes()
    )


def test_dry_run_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    status, report = run(project, EXPORT, "--dry-run", capsys=capsys)
    assert status == 0
    assert snapshot(project) == before
    assert report.splitlines()[-1] == "Proefdraai: er is niets geschreven."


def test_strict_build_writes_the_redirects_after_the_proxy_rule(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, EXPORT, capsys=capsys)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, **PROXY)
    assert result.returncode == 0, result.stderr
    assert (site / "_redirects").read_text(encoding="utf-8") == (
        "/api/contact  https://fn.example.com/contact  200!  Sign=CONTACT_PROXY_SECRET\n"
        "/2023/03/14/feedback-geven-zonder-te-kwetsen/  "
        "/blog/feedback-geven-zonder-te-kwetsen/  301\n"
        "/2023/04/02/een-stap-terug/  /blog/een-stap-terug/  301\n"
        "/2023/05/01/waarom-ik-coach/  /blog/waarom-ik-coach/  301\n"
        "/2023/05/20/kijktip-de-kracht-van-stilte/  /blog/kijktip-de-kracht-van-stilte/  301\n"
        "/2023/07/03/fotoreeks-heidag/  /blog/fotoreeks-heidag/  301\n"
        "/2023/08/15/onbekende-knoppen/  /blog/onbekende-knoppen/  301\n"
        "/2023/09/01/pas-op-voor-trucjes/  /blog/pas-op-voor-trucjes/  301\n"
        "/2023/10/05/luisteren-als-leider/  /blog/luisteren-als-leider/  301\n"
        "/2023/11/11/kort/  /blog/kort/  301\n"
        "/2023/12/01/cafe-gesprekken-waarom-informele-momenten-in-een-team-zo-veel-meer-zeggen-"
        "dan-de-agenda/  /blog/cafe-gesprekken-waarom-informele-momenten-in-een-team-zo/  301\n"
    )
    assert "let op: redirects.yml" not in result.stderr
    page = (site / "blog/luisteren-als-leider/index.html").read_text(encoding="utf-8")
    assert 'href="../feedback-geven-zonder-te-kwetsen/"' in page
    assert 'href="../waarom-ik-coach/"' in page
    video = (site / "blog/waarom-ik-coach/index.html").read_text(encoding="utf-8")
    assert "youtube-placeholder" in video
    assert "<iframe" not in video
    hostile = (site / "blog/pas-op-voor-trucjes/index.html").read_text(encoding="utf-8")
    assert "tracker.example" not in hostile
    assert "javascript:" not in hostile
    assert "&#123;{ 7 * 7 }}" in hostile
    assert (site / "blog/images/een-stap-terug/bank.jpg").is_file()
