"""Real `mkdocs build` runs of the example sites, with the hook listed in their mkdocs.yml.

Builds are grouped (a Material build of a tiny site takes a second or two): every valid variant
in one strict build, every broken post in one failing build, and one site built twice to show
that a broken post leaves the previous `site/` exactly as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coachsite.frontmatter import check_file, load_settings, markdown_files
from coachsite.frontmatter.check import url_of
from tests.conftest import mkdocs_build

from .conftest import CORPUS, make_site
from .test_frontmatter_corpus import golden


def logged(output: str, level: str) -> list[str]:
    """Messages MkDocs logged at `level`, without the `LEVEL -  ` prefix."""
    prefix = f"{level:<8}-  "
    return [line.removeprefix(prefix) for line in output.splitlines() if line.startswith(prefix)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_valid_variant_builds_strict_and_warnings_never_fail_it(
    valid_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(valid_site, site, strict=True)
    assert result.returncode == 0, result.stderr
    # Under --strict (Netlify) soft problems are INFO, so they cannot abort the deploy.
    expected = [line for path in sorted(golden("valid")) for line in golden("valid")[path]]
    assert [m for m in logged(result.stderr, "INFO") if m.startswith("let op: ")] == expected
    assert logged(result.stderr, "WARNING") == []

    settings = load_settings(valid_site / "mkdocs.yml")
    for post in markdown_files(valid_site / "docs/blog/posts"):
        checked = check_file(post, settings)
        url = url_of(checked, settings)
        assert url is not None
        built = site / url.strip("/") / "index.html"
        # Our URL rule agrees with Material's: each post is where we said it would be.
        assert built.is_file() != bool(checked.values.get("draft")), (post.name, url)
    assert (site / "blog/één-stap-verder/index.html").is_file()
    # A setext heading is the page's title (the URL comes from the file name, as in Material).
    assert "<title>Een kop als titel" in (site / "blog/setext-kop/index.html").read_text("utf-8")
    assert (site / "blog/oud-formaat/index.html").is_file()


def test_broken_posts_stop_the_build_with_one_report_of_everything(
    broken_site: Path, tmp_path: Path
) -> None:
    result = mkdocs_build(broken_site, tmp_path / "site", strict=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = golden("broken")
    errors = [line for path in sorted(expected) for line in expected[path] if line[:7] != "let op:"]
    warnings = [
        line for path in sorted(expected) for line in expected[path] if line[:7] == "let op:"
    ]
    report = result.stderr.split("ERROR   -  ", 1)[1].splitlines()
    assert report[0] == "De site wordt niet gebouwd: los eerst deze fouten in de frontmatter op."
    assert report[1:] == errors
    assert "valid-beside" not in result.stderr
    # A local build (not --strict) shows soft problems as real warnings.
    assert logged(result.stderr, "WARNING") == warnings
    assert not (tmp_path / "site").exists()


def test_a_broken_post_leaves_the_last_good_site_untouched(tmp_path: Path) -> None:
    project = make_site(tmp_path / "project", "valid")
    site = tmp_path / "site"
    first = mkdocs_build(project, site, strict=False)
    assert first.returncode == 0, first.stderr
    before = snapshot(site)
    assert "blog/volledig-voorbeeld/index.html" in before

    broken = CORPUS / "broken/blog/posts/many-problems.md"
    shutil.copy(broken, project / "docs/blog/posts/many-problems.md")
    second = mkdocs_build(project, site, strict=True)
    assert second.returncode == 1
    assert "Cleaning site directory" not in second.stderr
    assert snapshot(site) == before
    expected = golden("broken")["docs/blog/posts/many-problems.md"]
    assert second.stderr.split("ERROR   -  ", 1)[1].splitlines()[1:] == expected
    assert second.stdout.strip() == "Aborted with a BuildError!"
