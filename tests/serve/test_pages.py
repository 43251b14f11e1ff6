"""Steps 1 and 2 of the preview give exactly the pages a full build gives.

The site is built in this process as `make serve` builds it; an edited post is rendered alone
(step 1) with the blog lists that show it (step 2); then a full build of the same sources, in
its own process as step 3 makes it, is compared with the served folder file by file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coachsite import speed
from coachsite.serve.full import sync
from coachsite.serve.pages import PageError
from coachsite.serve.site import ServedSite
from tests.conftest import build_env, free_port
from tests.serve.conftest import replace_in


@pytest.fixture
def served(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    for name, value in build_env().items():
        monkeypatch.setenv(name, value)
    site = ServedSite(project / "mkdocs.yml", tmp_path / "served", f"127.0.0.1:{free_port()}")
    site.build()
    yield site
    site.shutdown()
    speed.uninstall()  # hooks/speed.py installed the patches in this process


def full_build(site: ServedSite, target: Path) -> None:
    """Step 3's build, in its own process."""
    args = [sys.executable, "-m", "coachsite.serve.full", "-f", str(site.config_file)]
    args += ["--site-dir", str(target), "--serve-url", site.serve_url]
    result = subprocess.run(
        args, cwd=site.config_file.parent, env=build_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_an_edited_post_and_its_lists_are_what_a_full_build_makes(
    served: ServedSite, project: Path, tmp_path: Path
) -> None:
    post = project / "docs" / "blog" / "posts" / "bench-00003.md"
    replace_in(post, "\n<!-- more -->", "\nEen nieuwe zin in de inleiding.\n\n<!-- more -->")

    edit = served.pages.render_edit(post)
    views = served.pages.render_dependents(edit)

    assert edit.frontmatter_same
    page = Path(served.config.site_dir) / edit.written[0]
    assert "Een nieuwe zin in de inleiding." in page.read_text(encoding="utf-8")
    # The index (the post is the fourth newest: page 1), its year, its categories, its author.
    assert "blog/index.html" in views
    assert "blog/archief/2025/index.html" in views
    assert "blog/auteur/coach/index.html" in views
    assert any(view.startswith("blog/categorie/") for view in views)
    for view in views:
        html = (Path(served.config.site_dir) / view).read_text(encoding="utf-8")
        assert "Een nieuwe zin in de inleiding." in html, view

    full_build(served, tmp_path / "full")
    synced = sync(tmp_path / "full", Path(served.config.site_dir))
    # Only what is made from every page at once differs: the search index, feeds, sitemap.
    assert not synced.removed
    assert not synced.visible, synced.changed
    assert "search/search_index.json" in synced.changed


def test_a_post_on_a_later_page_of_the_index_renders_that_page(
    served: ServedSite, project: Path
) -> None:
    # bench-00011 is the 12th newest of 13: on page 2 of the blog's index.
    post = project / "docs" / "blog" / "posts" / "bench-00011.md"
    replace_in(post, "\n<!-- more -->", "\nOok hier iets nieuws.\n\n<!-- more -->")
    views = served.pages.render_dependents(served.pages.render_edit(post))
    assert "blog/pagina/2/index.html" in views
    assert "blog/index.html" not in views


def test_a_page_that_is_not_a_post_is_rendered_too(served: ServedSite, project: Path) -> None:
    privacy = project / "docs" / "privacy.md"
    text = privacy.read_text(encoding="utf-8")
    privacy.write_text(text + "\nEen extra alinea in de privacyverklaring.\n", encoding="utf-8")
    edit = served.pages.render_edit(privacy)
    assert edit.written == ["privacy/index.html"]
    html = (Path(served.config.site_dir) / "privacy/index.html").read_text(encoding="utf-8")
    assert "Een extra alinea in de privacyverklaring." in html


def test_a_new_tag_shows_at_once_on_the_post_and_the_topics_page(
    served: ServedSite, project: Path, tmp_path: Path
) -> None:
    post = project / "docs" / "blog" / "posts" / "bench-00003.md"
    site = Path(served.config.site_dir)
    shown = site / served.pages.by_path[post.resolve()].dest_uri
    assert "herzien" not in shown.read_text(encoding="utf-8")
    replace_in(post, "tags:\n", "tags:\n  - herzien\n")

    edit = served.pages.render_edit(post)
    written = served.pages.render_dependents(edit)

    assert not edit.frontmatter_same
    # In the page's structured data (keywords), read from the new frontmatter.
    assert "herzien" in shown.read_text(encoding="utf-8")
    # The pages with macros: the topics page lists the new tag, the home page its newest posts.
    assert {"blog/tags/index.html", "index.html"} <= set(written)
    assert "herzien" in (site / "blog/tags/index.html").read_text(encoding="utf-8")
    full_build(served, tmp_path / "full")
    assert not sync(tmp_path / "full", site).visible


def test_a_broken_frontmatter_writes_nothing_and_says_where(
    served: ServedSite, project: Path
) -> None:
    post = project / "docs" / "blog" / "posts" / "bench-00003.md"
    page = Path(served.config.site_dir) / "blog"
    before = {p: p.read_bytes() for p in page.rglob("*.html")}
    replace_in(post, "date: 2025-09-22", "date: 22-09-2025")

    with pytest.raises(PageError) as raised:
        served.pages.render_edit(post)

    assert raised.value.lines == [
        "De site wordt niet gebouwd: los eerst deze fouten in de frontmatter op.",
        "docs/blog/posts/bench-00003.md:2: date: '22-09-2025' is geen datum die de site "
        "begrijpt — schrijf eerst het jaar, dan maand en dag: date: 2025-09-22",
    ]
    assert {p: p.read_bytes() for p in page.rglob("*.html")} == before


def test_a_broken_macro_keeps_the_last_good_page_and_the_next_edit_works(
    served: ServedSite, project: Path
) -> None:
    post = project / "docs" / "blog" / "posts" / "bench-00003.md"
    good = post.read_text(encoding="utf-8")
    replace_in(post, "tags:", "render_macros: true\ntags:")
    replace_in(post, "\n<!-- more -->", "\n{{ recent_posts(0) }}\n\n<!-- more -->")
    with pytest.raises(PageError) as raised:
        served.pages.render_edit(post)
    assert raised.value.lines[0].startswith("docs/blog/posts/bench-00003.md:")

    post.write_text(good.replace("\n<!-- more -->", "\nWeer goed.\n\n<!-- more -->"), "utf-8")
    edit = served.pages.render_edit(post)
    html = (Path(served.config.site_dir) / edit.written[0]).read_text(encoding="utf-8")
    assert "Weer goed." in html
