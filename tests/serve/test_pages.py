"""Steps 1 and 2 of the preview give exactly the pages a full build gives.

The site is built in this process as `make serve` builds it; an edited post is rendered alone
(step 1) with the blog lists that show it (step 2); then a full build of the same sources, in
its own process as step 3 makes it, is compared with the served folder file by file.
"""

from __future__ import annotations

import re
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


def tags_of(post: Path) -> list[str]:
    frontmatter = post.read_text(encoding="utf-8").split("---")[1]
    return re.findall(r"^  - (.+)$", frontmatter.split("tags:")[1].split("authors:")[0], re.M)


def test_new_tags_rerender_the_posts_whose_related_list_changes(
    served: ServedSite, project: Path, tmp_path: Path
) -> None:
    posts = project / "docs" / "blog" / "posts"
    post = posts / "bench-00003.md"
    # The same tags as another post: the related lists of the posts around them change.
    old = "tags:\n" + "".join(f"  - {tag}\n" for tag in tags_of(post))
    new = "tags:\n" + "".join(f"  - {tag}\n" for tag in tags_of(posts / "bench-00008.md"))
    assert old != new
    replace_in(post, old, new)

    written = served.pages.render_dependents(served.pages.render_edit(post))

    others = [w for w in written if w.startswith("blog/") and w.count("/") == 2]
    assert others, written  # other posts' pages, not only lists
    full_build(served, tmp_path / "full")
    assert not sync(tmp_path / "full", Path(served.config.site_dir)).visible


def test_a_new_heading_reaches_the_neighbours_at_once(
    served: ServedSite, project: Path, tmp_path: Path
) -> None:
    post = project / "docs" / "blog" / "posts" / "bench-00003.md"
    # A fixed slug, so that the new title does not move the post (that takes a full build).
    replace_in(post, "authors:", "slug: vaste-plek\nauthors:")
    served.build()
    replace_in(post, "\n# ", "\n# Een nieuwe titel, was: ")

    edit = served.pages.render_edit(post)
    written = served.pages.render_dependents(edit)

    assert edit.frontmatter_same and not edit.title_same
    # The newer and the older post link to it by its title, and the home page lists it.
    for neighbour in ("bench-00002.md", "bench-00004.md"):
        page = served.pages.by_path[(post.parent / neighbour).resolve()]
        assert page.dest_uri in written
        html = (Path(served.config.site_dir) / page.dest_uri).read_text(encoding="utf-8")
        assert "Een nieuwe titel, was: " in html
    assert "index.html" in written
    full_build(served, tmp_path / "full")
    synced = sync(tmp_path / "full", Path(served.config.site_dir))
    # Every page is as the full build makes it; the share card drawn from the new title is
    # published by the full build only.
    assert [name for name in synced.changed + synced.removed if name.endswith(".html")] == []
    assert {name.split("/")[1] for name in synced.removed} == {"share"}
