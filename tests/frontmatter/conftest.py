"""Small example sites for the frontmatter check: a corpus of posts plus a tiny mkdocs.yml.

Each site is assembled in a temporary folder: the docs come from `corpus/<name>/`, the
configuration is written here because the hook's path in it must be absolute.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coachsite.frontmatter import Report, SiteSettings, check_site, load_settings

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
REPO = HERE.parents[1]
HOOK = REPO / "hooks" / "frontmatter.py"

CATEGORIES = (
    "Coachend leiderschap",
    "Vitaal leiderschap",
    "Zelfleiderschap",
    "Feedback en communicatie",
)


def site_config(*, post_url_format: str | None = "{slug}", extra_blog: str = "") -> str:
    """A minimal Material site with the blog plugin and our hook, like the real mkdocs.yml."""
    url_format = f'      post_url_format: "{post_url_format}"\n' if post_url_format else ""
    categories = "".join(f"        - {name}\n" for name in CATEGORIES)
    return (
        "site_name: Frontmatter-test\n"
        'site_url: !ENV [URL, "http://127.0.0.1:8000/"]\n'
        "theme:\n"
        "  name: material\n"
        "  language: nl\n"
        "  font: false\n"
        "plugins:\n"
        "  - search\n"
        "  - blog:\n"
        f"{url_format}"
        "      post_excerpt: required\n"
        "      categories_allowed:\n"
        f"{categories}"
        f"{extra_blog}"
        "markdown_extensions:\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "hooks:\n"
        f"  - {HOOK.as_posix()}\n"
    )


def make_site(target: Path, corpus: str, **config: str | None) -> Path:
    """Copy `corpus/<corpus>/` to `target/docs` and write its mkdocs.yml; returns `target`."""
    shutil.copytree(CORPUS / corpus, target / "docs")
    (target / "mkdocs.yml").write_text(site_config(**config), encoding="utf-8")
    return target


def check(site: Path) -> tuple[SiteSettings, Report]:
    settings = load_settings(site / "mkdocs.yml")
    return settings, check_site(settings)


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("broken"), "broken")


@pytest.fixture(scope="module")
def valid_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("valid"), "valid")
