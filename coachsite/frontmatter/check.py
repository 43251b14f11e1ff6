"""Check the frontmatter of every post and page, and of the posts together (unique URLs).

Each file is read, split, parsed and validated on its own; every problem is collected. Then the
posts are compared with each other: two posts that would publish to the same URL are reported
in both files, each naming the other.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .document import Document, UnreadableFile, read_text, split
from .fields import At, FileContext
from .report import Problem, Report
from .schema import PageFrontmatter, PostFrontmatter, date_created
from .settings import SiteSettings
from .urls import post_url
from .yamlload import explain_yaml_error, parse_yaml

_BLOCK = "frontmatter"


@dataclass
class CheckedFile:
    """One file after checking: its problems, and for a post what its URL depends on."""

    context: FileContext
    values: dict[str, Any]
    key_lines: dict[str, int]
    parsed: bool

    @property
    def problems(self) -> list[Problem]:
        return self.context.problems


def _block_problem(document: Document, is_post: bool) -> str | None:
    if document.problem == "missing":
        if not is_post:
            return None  # a page may do without frontmatter
        return (
            "ontbreekt — begin het bestand met een regel ---, dan de velden (title, date, "
            "description, categories, authors), en sluit af met weer een regel ---"
        )
    if document.problem == "not_at_top":
        return "staat niet bovenaan — haal de lege regels boven de eerste --- weg"
    if document.problem == "unclosed":
        return (
            "wordt niet afgesloten — zet onder de laatste regel van de frontmatter een regel "
            "met alleen ---"
        )
    if document.problem == "empty":
        if is_post:
            return (
                "is leeg — zet de velden (title, date, description, categories, authors) "
                "tussen de twee regels ---"
            )
        return "is leeg — zet de velden tussen de twee regels ---, of haal beide regels weg"
    return None


def check_file(path: Path, settings: SiteSettings) -> CheckedFile:
    """Validate one Markdown file against the post or page schema."""
    post = settings.is_post(path)
    shown = settings.relative(path)
    try:
        text = read_text(path.read_bytes())
    except UnreadableFile:
        context = FileContext(path, shown, settings, split(""), [], post)
        context.problems.append(
            Problem(
                shown,
                1,
                "bestand",
                "is geen UTF-8-tekst — sla het bestand op met de codering UTF-8 "
                "(in de meeste editors: Opslaan als → UTF-8)",
            )
        )
        return CheckedFile(context, {}, {}, parsed=False)

    document = split(text)
    context = FileContext(path, shown, settings, document, text.split("\n"), post)
    block = At(context, _BLOCK, document.block_line)
    schema = PostFrontmatter if post else PageFrontmatter

    if message := _block_problem(document, post):
        # One line for the whole block: the fields inside are checked once it is readable.
        block.error(message)
        return CheckedFile(context, {}, {}, parsed=False)
    data: Any = {}
    key_lines: dict[str, int] = {}
    children: dict[str, list[int] | dict[str, int]] = {}
    if document.yaml_text is not None:
        offset = document.yaml_first_line
        try:
            parsed = parse_yaml(document.yaml_text)
        except yaml.YAMLError as error:
            line, message = explain_yaml_error(error, document.yaml_text)
            block.error(message, line=offset + line if line is not None else None)
            return CheckedFile(context, {}, {}, parsed=False)
        for duplicate in parsed.duplicates:
            At(context, duplicate.key, offset + duplicate.again_line).error(
                f"staat twee keer in de frontmatter (ook op regel {offset + duplicate.first_line}) "
                "— houd er één over"
            )
        data = parsed.data if parsed.data is not None else {}
        key_lines = {key: offset + line for key, line in parsed.key_lines.items()}
        for key, lines in parsed.item_lines.items():
            if isinstance(lines, list):
                children[key] = [offset + line for line in lines]
            else:
                children[key] = {sub: offset + line for sub, line in lines.items()}

    if not isinstance(data, dict):
        block.error(
            "bevat geen velden — schrijf elk veld als veld: waarde op een eigen regel, "
            "bijvoorbeeld title: Mijn titel"
        )
        return CheckedFile(context, {}, key_lines, parsed=False)

    context.data = {str(key): value for key, value in data.items()}
    values = schema.validate(data, block, key_lines, children)
    if post and settings.excerpt_required and settings.excerpt_separator not in document.body:
        At(context, "tekst", document.body_first_line).error(
            f"de markering {settings.excerpt_separator} ontbreekt — zet "
            f"{settings.excerpt_separator} op een eigen regel na de inleiding; de tekst "
            "erboven verschijnt op de overzichtspagina van de blog"
        )
    return CheckedFile(context, values, key_lines, parsed=True)


def markdown_files(root: Path) -> list[Path]:
    """Every Markdown file under `root` that MkDocs would read (hidden ones skipped)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder, f) for f in sorted(files) if f.endswith(".md") and f[0] != "."]
    return found


def url_of(checked: CheckedFile, settings: SiteSettings) -> str | None:
    """Where Material will publish this post, or None while its URL parts are invalid."""
    values = checked.values
    if not checked.parsed:
        return None
    document = checked.context.document
    if "title" in checked.key_lines and "title" not in values:
        return None  # an invalid title was already reported
    title = values.get("title") or document.heading or checked.context.path.stem
    return post_url(
        settings,
        checked.context.path,
        title=title,
        slug=values.get("slug"),
        created=date_created(values),
        categories=values.get("categories"),
    )


def _report_shared_urls(posts: list[CheckedFile], settings: SiteSettings) -> None:
    by_url: dict[str, list[CheckedFile]] = defaultdict(list)
    for checked in posts:
        if "slug" in checked.key_lines and "slug" not in checked.values:
            continue  # an invalid slug was already reported
        url = url_of(checked, settings)
        if url is not None:
            by_url[url].append(checked)
    for url, group in by_url.items():
        if len(group) < 2:
            continue
        for checked in group:
            others = " en ".join(other.context.shown for other in group if other is not checked)
            lines = checked.key_lines
            if "slug" in lines:
                name, line = "slug", lines["slug"]
            elif "title" in lines:
                name, line = "title", lines["title"]
            else:
                name, line = "title", checked.context.document.heading_line
            which = "een van beide posts" if len(group) == 2 else "elke post"
            At(checked.context, name, line).error(
                f"geeft dezelfde URL ({url}) als {others} — geef {which} een eigen slug, "
                "bijvoorbeeld slug: een-andere-naam"
            )


def check_site(settings: SiteSettings, paths: Iterable[Path] | None = None) -> Report:
    """Check the given Markdown files (default: all under docs_dir) and report every problem."""
    files = sorted(set(paths)) if paths is not None else markdown_files(settings.docs_dir)
    checked = [check_file(path, settings) for path in files]
    posts = [c for c in checked if c.context.is_post]
    if posts:
        _report_shared_urls(posts, settings)
    report = Report(files_checked=len(checked))
    if posts:
        report.extend(settings.problems)
    for item in checked:
        report.extend(item.problems)
    return report
