"""Steps 1 and 2 of the preview: one edited page, then the blog lists that show it.

`Recorder` is a plugin added to the served site's own plugins: it keeps the files, navigation
and template environment of the last full build in this process. `Pages` renders single pages
with them through MkDocs' own per-page functions, so a page is made exactly as the full build
made it, with the same hooks and plugins, only without the other pages.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Post, View
from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from coachsite.frontmatter import SettingsError, check_site, load_settings
from coachsite.plugins.footer import post_footer
from coachsite.plugins.posts import forget_post_index

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# The frontmatter block at the top of a Markdown file, as MkDocs and Material find it.
_FRONTMATTER = re.compile(r"\A-{3}\s*\n.*?^(?:-{3}|\.{3})\s*$", re.S | re.M)


class Recorder(BasePlugin):  # type: ignore[type-arg]
    """What the last full build knew, taken after every other plugin had its say."""

    def __init__(self) -> None:
        super().__init__()
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        # Each post's footer data (series, related posts, neighbours) as last rendered.
        self.footers: dict[str, object] = {}
        self.complete = False

    @event_priority(-1000)
    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.complete = False
        self.footers = {}

    @event_priority(-1000)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    @event_priority(-1000)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-1000)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.env = env
        return env

    @event_priority(-1000)
    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if context.get("post_footer") is not None:
            self.footers[page.file.src_uri] = context["post_footer"]
        return context

    @event_priority(-1000)
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.complete = True


class PageError(Exception):
    """An edit that cannot be shown: its lines, in the check's Dutch `path:line` form."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class Edit:
    """What rendering one edited file did."""

    path: Path
    written: list[str] = field(default_factory=list)  # site-relative paths of written pages
    # False when the frontmatter changed: lists and other pages may show the old values until
    # the background build (step 3) is done.
    frontmatter_same: bool = True
    title_same: bool = True
    notices: list[str] = field(default_factory=list)  # "let op" lines of the check


def frontmatter_of(path: Path) -> str:
    """The raw frontmatter block of a Markdown file ('' without one, or if unreadable)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    match = _FRONTMATTER.match(text)
    return match.group(0) if match else ""


class Pages:
    """Single pages of the served site, rendered with the state of its last full build."""

    def __init__(self, config: MkDocsConfig, recorder: Recorder) -> None:
        self.config = config
        self.recorder = recorder
        self.doc_files: list[File] = []
        self.by_path: dict[Path, File] = {}
        self.frontmatter: dict[Path, str] = {}
        self.settings: Any = None

    def refresh(self) -> None:
        """Index the pages of the full build that just finished."""
        assert self.recorder.complete and self.recorder.files is not None
        # The pages the full build rendered, handed to each page's template as MkDocs does.
        self.doc_files = list(
            self.recorder.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        )
        self.by_path = {Path(file.abs_src_path).resolve(): file for file in self.doc_files}
        self.frontmatter = {path: frontmatter_of(path) for path in self.by_path}
        try:
            self.settings = load_settings(
                Path(self.config.config_file_path), docs_dir=Path(self.config.docs_dir)
            )
        except SettingsError:
            self.settings = None  # the full build has reported it

    def knows(self, path: Path) -> bool:
        """Whether `path` is a page of the last full build that can be rendered on its own.

        The blog's own index page is not: Material makes its paginated views from it.
        """
        file = self.by_path.get(path.resolve())
        return file is not None and file.page is not None and not isinstance(file.page, View)

    def indexed(self, path: Path) -> bool:
        """Whether `path` was a page of the last full build (also when removed since)."""
        return path.resolve() in self.by_path

    def check(self, path: Path) -> list[str]:
        """The content check of this one file: its "let op" lines; PageError for errors."""
        if self.settings is None:
            return []
        report = check_site(self.settings, [path])
        if not report.ok:
            raise PageError(report.format_errors().splitlines())
        return [f"let op: {problem}" for problem in report.warnings]

    def render_edit(self, path: Path) -> Edit:
        """Render the edited page into the served folder, or raise PageError and write nothing.

        The page keeps its place in the blog's lists and the navigation; only what is read
        from its file is read again.
        """
        path = path.resolve()
        edit = Edit(path, notices=self.check(path))
        file = self.by_path[path]
        page = file.page
        assert page is not None
        new_frontmatter = frontmatter_of(path)
        edit.frontmatter_same = new_frontmatter == self.frontmatter.get(path)
        before = dict(vars(page))
        if not edit.frontmatter_same:
            forget_post_index()  # our plugins' lists read titles, tags and dates from it
        try:
            title = page.title
            self._populate(file)
            edit.title_same = page.title == title
            self._build(page)
        except Exception as error:
            vars(page).clear()
            vars(page).update(before)
            raise PageError(_lines_of(error, self.shown(path))) from error
        self.frontmatter[path] = new_frontmatter
        edit.written.append(file.dest_uri)
        return edit

    def render_dependents(self, edit: Edit) -> list[str]:
        """Render the pages that show what the edit changed and can be made on their own.

        The blog's lists that hold the post (one page of each pagination) show its excerpt.
        After a change of its frontmatter or title, also the pages with macros (the home page's
        newest posts, the topics page) and the posts whose footer (related posts, neighbours,
        series) now differs from the one last rendered.
        """
        page = self.by_path[edit.path].page
        written: list[str] = []
        for plugin in self.config.plugins.values():
            if not isinstance(plugin, BlogPlugin) or not plugin.config.enabled:
                continue
            if not any(post is page for post in plugin.blog.posts):
                continue
            for view in plugin._resolve_views(plugin.blog):
                at = next((i for i, post in enumerate(view.posts) if post is page), None)
                if at is None:
                    continue
                shown = view
                if plugin._config_pagination(view):
                    step = plugin._config_pagination_per_page(view)
                    shown = view.pages[at // step]
                self._build(shown)
                written.append(shown.file.dest_uri)
        if edit.frontmatter_same and edit.title_same:
            return written
        forget_post_index()
        for file in self.by_path.values():
            other = file.page
            if other is page or other is None or isinstance(other, View):
                continue
            if isinstance(other, Post):
                # Related posts, neighbours, series: rendered again where they changed.
                if post_footer(other, self.config) == self.recorder.footers.get(file.src_uri):
                    continue
            elif (other.meta or {}).get("render_macros") is not True:
                continue
            # Read again, as for the edited page: rendering changes a page's metadata.
            self._populate(file)
            self._build(other)
            written.append(file.dest_uri)
        return written

    def _populate(self, file: File) -> None:
        """Read the page's file again and convert it, as the full build does.

        Material reads a post's file when it makes the post (in `on_files`) and never again,
        so a fresh `Post` is made from the file and its text and frontmatter are moved over.
        """
        page = file.page
        assert page is not None
        if isinstance(page, Post):
            fresh = Post.__new__(Post)
            Post.__init__(fresh, copy.copy(file), self.config)
            page.markdown, page.meta, page.config = fresh.markdown, fresh.meta, fresh.config
            page.authors = []  # the blog plugin adds them again while reading the page
        mkdocs_build._populate_page(page, self.config, self.recorder.files)

    def _build(self, page: Page) -> None:
        mkdocs_build._build_page(
            page,
            self.config,
            self.doc_files,
            self.recorder.nav,
            self.recorder.env,
            excluded=page.file.inclusion.is_excluded(),
        )

    def shown(self, path: Path) -> str:
        root = Path(self.config.config_file_path).resolve().parent
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return str(path)


def _lines_of(error: Exception, shown: str) -> list[str]:
    """An error of MkDocs, a plugin or a hook, as lines naming the file."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    if not lines:
        lines = [type(error).__name__]
    if not any(shown in line for line in lines):
        lines[0] = f"{shown}: {lines[0]}"
    return lines
