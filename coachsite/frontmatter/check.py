"""Check the frontmatter of every post and page, and of the posts together (unique URLs).

Each file is read, split, parsed and validated on its own; every problem is collected. Then the
posts are compared with each other: two posts that would publish to the same URL are reported
in both files, each naming the other. Whatever a file holds, the check reports it and goes on:
should the check itself fail on a file, that is one line naming the file, not a traceback.
"""

from __future__ import annotations

import os
import re
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .bodies import MARKDOWN_EXTENSIONS
from .document import Document, UnreadableFile, read_text, split
from .fields import At, FileContext
from .references import check_references
from .report import Problem, Report, Severity, shown
from .schema import PageFrontmatter, PostFrontmatter, date_created
from .settings import SiteSettings
from .urls import post_url
from .yamlload import explain_yaml_error, key_above, parse_yaml, tag_message

_BLOCK = "frontmatter"


def is_markdown_file(name: str) -> bool:
    """True for a file MkDocs turns into a page (`mkdocs.utils.is_markdown_file`)."""
    return name.endswith(MARKDOWN_EXTENSIONS)


def _looks_like_markdown(name: str) -> bool:
    """A Markdown extension in other capitals (`.MD`): MkDocs would not build it as a page."""
    return not is_markdown_file(name) and name.lower().endswith(MARKDOWN_EXTENSIONS)


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
    name = settings.relative(path)
    if _looks_like_markdown(path.name):
        context = FileContext(path, name, settings, split(""), [], post)
        stem, suffix = os.path.splitext(path.name)
        context.problems.append(
            Problem(
                name,
                1,
                "bestand",
                f"heeft de extensie {suffix}, die MkDocs niet als Markdown leest: het komt als "
                "los bestand op de site, niet als pagina — hernoem het naar "
                f"{stem}{suffix.lower()}",
            )
        )
        return CheckedFile(context, {}, {}, parsed=False)
    try:
        text = read_text(path.read_bytes())
    except UnreadableFile:
        context = FileContext(path, name, settings, split(""), [], post)
        context.problems.append(
            Problem(
                name,
                1,
                "bestand",
                "is geen UTF-8-tekst — sla het bestand op met de codering UTF-8 "
                "(in de meeste editors: Opslaan als → UTF-8)",
            )
        )
        return CheckedFile(context, {}, {}, parsed=False)

    document = split(text)
    context = FileContext(path, name, settings, document, text.split("\n"), post)
    block = At(context, _BLOCK, document.block_line)
    schema = PostFrontmatter if post else PageFrontmatter

    if message := _block_problem(document, post):
        # One line for the whole block: the fields inside are checked once it is readable.
        block.error(message)
        return CheckedFile(context, {}, {}, parsed=False)
    data: Any = {}
    unreadable: set[str] = set()  # keys whose value YAML could not build, already reported
    key_lines: dict[str, int] = {}
    children: dict[str, list[int] | dict[str, int]] = {}
    if document.yaml_text is not None:
        offset = document.yaml_first_line
        try:
            parsed = parse_yaml(document.yaml_text)
        except yaml.YAMLError as error:
            explained = explain_yaml_error(error, document.yaml_text)
            if explained.line is None:
                block.error(explained.message)
            else:
                key = key_above(document.yaml_text, explained.line) if explained.in_value else None
                at = At(context, key, offset + explained.line) if key else block
                at.error(explained.message, line=offset + explained.line)
            return CheckedFile(context, {}, {}, parsed=False)
        for duplicate in parsed.duplicates:
            At(context, duplicate.key, offset + duplicate.again_line).error(
                f"staat twee keer in de frontmatter (ook op regel {offset + duplicate.first_line}) "
                "— houd er één over"
            )
        data = parsed.data if parsed.data is not None else {}
        key_lines = {key: offset + line for key, line in parsed.key_lines.items()}
        for problem in parsed.tag_problems:
            line = offset + problem.line
            key = _key_at(key_lines, line)
            unreadable.add(key)
            At(context, key, line).error(tag_message(problem.tag, problem.value, problem.unknown))
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
    values = schema.validate(data, block, key_lines, children, unreadable=unreadable)
    if post:
        _check_excerpt_marker(context)
    return CheckedFile(context, values, key_lines, parsed=True)


def _key_at(key_lines: dict[str, int], line: int) -> str:
    """The top-level key whose value stands on `line` (the last key at or above it)."""
    above = [(key_line, key) for key, key_line in key_lines.items() if key_line <= line]
    return max(above)[1] if above else _BLOCK


def _last_line(context: FileContext) -> int:
    """The file's last line as an editor numbers it (a final newline starts no new line)."""
    lines = context.lines
    return max(1, len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines))


def _check_excerpt_marker(context: FileContext) -> None:
    """The marker that ends the excerpt must be written exactly, or Material does not see it:
    a near miss (`<!--more-->`, `<!-- More -->`) is named at its line."""
    settings = context.settings
    separator = settings.excerpt_separator
    document = context.document
    if separator in document.body:
        return
    near = _near_separator(separator).search(document.body) if separator.strip() else None
    if near is not None:
        line = document.body_first_line + document.body.count("\n", 0, near.start())
        message = (
            f"{shown(near.group())} lijkt op de markering {separator}, maar die moet precies "
            f"zo geschreven zijn — vervang het door {separator}"
        )
        at = At(context, "tekst", line)
        if settings.excerpt_required:
            at.error(message)
        else:
            at.warning(message)
    elif settings.excerpt_required:
        At(context, "tekst", min(document.body_first_line, _last_line(context))).error(
            f"de markering {separator} ontbreekt — zet {separator} op een eigen regel na de "
            "inleiding; de tekst erboven verschijnt op de overzichtspagina van de blog"
        )


def _near_separator(separator: str) -> re.Pattern[str]:
    """The separator with any spacing and in any capitals: `<!--more-->`, `<!--  MORE -->`."""
    parts = [re.escape(part) for part in re.findall(r"\w+|[^\w\s]", separator)]
    return re.compile(r"[ \t]*".join(parts), re.IGNORECASE)


def markdown_files(root: Path) -> list[Path]:
    """Every file under `root` that MkDocs would build as a page (hidden ones skipped), and
    those that look like one but are not (`post.MD`), so that they are reported."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(folder, f)
            for f in sorted(files)
            if f[0] != "." and f.lower().endswith(MARKDOWN_EXTENSIONS)
        ]
    return found


def url_of(checked: CheckedFile, settings: SiteSettings) -> str | None:
    """Where Material will publish this post, or None while its URL parts are invalid."""
    values = checked.values
    if not checked.parsed:
        return None
    document = checked.context.document
    if "title" in checked.key_lines and "title" not in values:
        return None  # an invalid title was already reported
    title = values.get("title") or document.heading or _title_from_file_name(checked.context.path)
    return post_url(
        settings,
        checked.context.path,
        title=title,
        slug=values.get("slug"),
        created=date_created(values),
        categories=values.get("categories"),
    )


def _title_from_file_name(path: Path) -> str:
    """The title MkDocs gives a page without one (`Page.title`): its file name in words."""
    stem = os.path.splitext(path.name)[0]
    if stem in ("index", "README"):
        stem = path.parent.name
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _report_shared_urls(posts: list[CheckedFile], settings: SiteSettings) -> None:
    by_url: dict[str, list[CheckedFile]] = defaultdict(list)
    for checked in posts:
        if "slug" in checked.key_lines and "slug" not in checked.values:
            continue  # an invalid slug was already reported
        try:
            url = url_of(checked, settings)
        except Exception as error:  # a bug in the check: reported for this post
            checked.problems.append(_bug(checked.context.shown, error))
            continue
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
                document = checked.context.document
                name, line = "title", min(document.heading_line, _last_line(checked.context))
            which = "een van beide posts" if len(group) == 2 else "elke post"
            At(checked.context, name, line).error(
                f"geeft dezelfde URL ({url}) als {others} — geef {which} een eigen slug, "
                "bijvoorbeeld slug: een-andere-naam"
            )


def _bug(shown_path: str, error: Exception) -> Problem:
    """One report line for a failure of the check itself: which file, and what to pass on."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f", {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return Problem(
        shown_path,
        1,
        "controle",
        f"de controle zelf liep vast op dit bestand ({type(error).__name__}: "
        f"{shown(str(error))}{where}) — dat is een fout in de controle, niet per se in dit "
        "bestand; meld hem, met dit bestand erbij, aan wie de site onderhoudt",
        Severity.ERROR,
    )


def _check_one(path: Path, settings: SiteSettings) -> CheckedFile:
    try:
        return check_file(path, settings)
    except Exception as error:  # a bug in the check must not hide the file
        context = FileContext(path, settings.relative(path), settings, split(""), [], False)
        context.problems.append(_bug(context.shown, error))
        return CheckedFile(context, {}, {}, parsed=False)


def check_site(settings: SiteSettings, paths: Iterable[Path] | None = None) -> Report:
    """Check the given Markdown files (default: all under docs_dir) and report every problem."""
    files = sorted(set(paths)) if paths is not None else markdown_files(settings.docs_dir)
    checked = [_check_one(path, settings) for path in files]
    posts = [c for c in checked if c.context.is_post]
    if posts:
        _report_shared_urls(posts, settings)
    crashed: list[Problem] = []
    try:
        check_references(checked, settings)
    except Exception as error:  # a bug in the check must not hide the other problems
        crashed.append(_bug(settings.relative(settings.root / "mkdocs.yml"), error))
    report = Report(files_checked=len(checked))
    report.extend(crashed)
    if posts:
        report.extend(settings.problems)
    for item in checked:
        report.extend(item.problems)
    return report
