"""The facts the rules need, read from where they already live: mkdocs.yml and .authors.yml.

The allowed categories and the URL format are set once, under the blog plugin in mkdocs.yml; the
authors once, in the blog's `.authors.yml`. Reading them here (without MkDocs) keeps one place
for each fact and lets `make check` and pre-commit run without a build.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .report import Problem
from .yamlload import load_tolerant

# Material's defaults (material/plugins/blog/config.py), used when mkdocs.yml leaves them out.
_BLOG_DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "blog_dir": "blog",
    "post_dir": "{blog}/posts",
    "post_url_format": "{date}/{slug}",
    "post_url_date_format": "yyyy/MM/dd",
    "post_url_max_categories": 1,
    "post_slugify_separator": "-",
    "post_excerpt": "optional",
    "post_excerpt_separator": "<!-- more -->",
    "categories_allowed": [],
    "authors_file": "{blog}/.authors.yml",
}


class SettingsError(Exception):
    """mkdocs.yml cannot be read; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class SiteSettings:
    """What the frontmatter rules need to know about the site."""

    root: Path
    docs_dir: Path
    blog_enabled: bool = True
    blog_dir: str = "blog"
    post_dir: str = "blog/posts"
    post_url_format: str = "{date}/{slug}"
    post_url_date_format: str = "yyyy/MM/dd"
    post_url_max_categories: int = 1
    post_slugify_separator: str = "-"
    excerpt_required: bool = False
    excerpt_separator: str = "<!-- more -->"
    categories_allowed: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    authors_file: Path | None = None
    language: str = "en"
    use_directory_urls: bool = True
    problems: tuple[Problem, ...] = field(default=())

    # Plain string operations on absolute paths: Path.resolve() per file took a third of the
    # check's time, and the paths all come from the same folder tree anyway.
    def relative(self, path: Path) -> str:
        """A path as the report shows it: relative to the folder of mkdocs.yml, with slashes."""
        shown = os.path.relpath(os.path.abspath(path), self.root)
        return shown.replace(os.sep, "/")

    def is_post(self, path: Path) -> bool:
        if not self.blog_enabled:
            return False
        posts = os.path.join(os.path.abspath(self.docs_dir), self.post_dir, "")
        return os.path.abspath(path).startswith(posts)


def _blog_config(plugins: Any) -> dict[str, Any] | None:
    """The blog plugin's options from `plugins:`, which MkDocs allows as a list or a mapping."""
    entries: list[tuple[str, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, None))
            elif isinstance(item, dict):
                entries.extend(item.items())
    for name, options in entries:
        if name in ("blog", "material/blog"):
            return options if isinstance(options, dict) else {}
    return None


def _read_authors(path: Path, shown: str) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    if not path.is_file():
        problem = Problem(
            shown,
            1,
            "authors",
            "het auteursbestand bestaat niet — maak het aan met per auteur een naam, "
            "beschrijving en avatar onder authors:",
        )
        return (), (problem,)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = Problem(
            shown,
            line,
            "authors",
            "het auteursbestand is niet te lezen — controleer deze regel op dubbele punten, "
            "aanhalingstekens en inspringing",
        )
        return (), (problem,)
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        problem = Problem(
            shown,
            1,
            "authors",
            "het auteursbestand heeft geen lijst authors: — zet de auteurs eronder, "
            "elk met een eigen korte naam (id) als sleutel",
        )
        return (), (problem,)
    return tuple(str(author) for author in authors), ()


def load_settings(config_file: Path, *, docs_dir: Path | None = None) -> SiteSettings:
    """Read the rules' facts from mkdocs.yml (and the authors file it points to).

    `docs_dir` overrides the one in mkdocs.yml; the MkDocs hook passes the validated value.
    """
    try:
        config = load_tolerant(config_file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise SettingsError(
            f"{config_file} bestaat niet — voer de controle uit in de map met mkdocs.yml, "
            "of geef het pad mee met --config-file"
        ) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SettingsError(f"{config_file} is niet te lezen: {error}") from error
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file} bevat geen instellingen (verwacht: veld: waarde)")

    root = Path(os.path.abspath(config_file)).parent
    docs = Path(os.path.abspath(docs_dir or root / str(config.get("docs_dir") or "docs")))
    theme = config.get("theme")
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    use_directory_urls = config.get("use_directory_urls", True) is not False

    blog = _blog_config(config.get("plugins"))
    if blog is None or blog.get("enabled", True) is False:
        return SiteSettings(
            root=root,
            docs_dir=docs,
            blog_enabled=False,
            language=str(language),
            use_directory_urls=use_directory_urls,
        )

    options = {**_BLOG_DEFAULTS, **{k: v for k, v in blog.items() if v is not None}}
    blog_dir = posixpath.normpath(str(options["blog_dir"]))
    post_dir = posixpath.normpath(str(options["post_dir"]).format(blog=blog_dir))
    authors_path = docs / posixpath.normpath(str(options["authors_file"]).format(blog=blog_dir))
    shown = SiteSettings(root=root, docs_dir=docs).relative(authors_path)
    authors, problems = _read_authors(authors_path, shown)
    allowed = options["categories_allowed"] or []
    return SiteSettings(
        root=root,
        docs_dir=docs,
        blog_dir=blog_dir,
        post_dir=post_dir,
        post_url_format=str(options["post_url_format"]),
        post_url_date_format=str(options["post_url_date_format"]),
        post_url_max_categories=int(options["post_url_max_categories"]),
        post_slugify_separator=str(options["post_slugify_separator"]),
        excerpt_required=options["post_excerpt"] == "required",
        excerpt_separator=str(options["post_excerpt_separator"]),
        categories_allowed=tuple(str(name) for name in allowed),
        authors=authors,
        authors_file=authors_path,
        language=str(language),
        use_directory_urls=use_directory_urls,
        problems=problems,
    )
