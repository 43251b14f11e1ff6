"""The coach writes a post with `make post`, builds, and sees it live; a typo in the
frontmatter stops the build with a report and leaves the last good site alone."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import feedparser
import pytest

from coachsite.frontmatter.fields import PLACEHOLDER_DESCRIPTION
from coachsite.preview import make_server
from tests.conftest import REPO, build_env, copy_make_files, copy_project, mkdocs_build
from tests.e2e.conftest import Visit

pytestmark = pytest.mark.e2e

TITLE = "Feedback geven zonder drama"
DESCRIPTION = (
    "Hoe je als leidinggevende feedback geeft die landt, zonder dat het gesprek ontspoort."
)


def make_post(project: Path) -> Path:
    copy_make_files(project)
    result = subprocess.run(
        # -o: our .venv is never installed again from this copy, even when a lock file is newer
        # than its stamp (that would point its editable install of the project here).
        [
            "make",
            "--no-print-directory",
            "-o",
            f"{REPO / '.venv'}/.installed-stamp",
            "post",
            f"TITLE={TITLE}",
            f"VENV={REPO / '.venv'}",
        ],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    relative = result.stdout.strip().splitlines()[-1]
    assert relative == "docs/blog/posts/feedback-geven-zonder-drama.md"
    return project / relative


def test_new_post_is_published_in_blog_feeds_and_sitemap(tmp_path: Path, visit: Visit) -> None:
    project = copy_project(tmp_path / "project")
    post = make_post(project)
    text = post.read_text(encoding="utf-8")
    assert "draft: true" in text
    # What the coach does next: a real description, her text, and publish it.
    text = text.replace(PLACEHOLDER_DESCRIPTION, DESCRIPTION).replace("draft: true\n", "")
    text = text.replace(
        "Schrijf hier de inleiding: die verschijnt op de overzichtspagina van de blog.",
        "Feedback geven is een vak. Deze week iets over timing.",
    )
    post.write_text(text + "\n## Het juiste moment\n\nNiet direct, maar wel snel.\n", "utf-8")

    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    server = make_server(site, netlify_toml=REPO / "netlify.toml")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        page = visit.page
        page.goto(base + "blog/")
        page.get_by_role("link", name=TITLE, exact=True).first.click()
        page.wait_for_url(base + "blog/feedback-geven-zonder-drama/")
        assert page.locator("article h1").inner_text() == TITLE
        assert page.get_by_role("heading", name="Het juiste moment").is_visible()
        assert visit.foreign_requests(base) == []
    finally:
        server.shutdown()

    feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    assert TITLE in [entry.title for entry in feed.entries]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/blog/feedback-geven-zonder-drama/</loc>" in sitemap


def test_broken_frontmatter_fails_the_build_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    post = make_post(project)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    text = post.read_text(encoding="utf-8")
    date_line = next(line for line in text.splitlines() if line.startswith("date: "))
    post.write_text(text.replace(date_line, "date: 29-11-2026"), encoding="utf-8")
    line = text.splitlines().index(date_line) + 1

    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert (
        f"docs/blog/posts/feedback-geven-zonder-drama.md:{line}: date: '29-11-2026' is geen "
        "datum die de site begrijpt — schrijf eerst het jaar, dan maand en dag: "
        "date: 2026-11-29" in result.stderr
    )
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
