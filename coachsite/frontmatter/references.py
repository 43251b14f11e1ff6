"""Check what each post and page refers to, after every file has been checked on its own.

MkDocs and Material report a link to a missing page, a `links:` entry they cannot resolve or an
unknown `template:` only while building, in English, without a line, and after `site/` was
emptied. This check finds the same problems first and says in Dutch where and how to fix them:

- `links:` (Material's related links): every entry must name an existing file, read from docs/
  as Material reads it, and an anchor must be a heading of that page;
- links and images in the text: the file must exist (MkDocs' `validation.links.not_found`, a
  warning and so fatal under `--strict`); an anchor that is missing is a soft problem, as it is
  for MkDocs (`validation.links.anchors` is INFO by default: the reader lands at the top); an
  image file may be at most `MAX_IMAGE_BYTES` large (as may a post's `image:`, in fields.py);
- `template:` must exist in the theme's custom_dir or in the theme;
- embedded content from other websites (iframes, scripts, remote images and media), which the
  site's Content-Security-Policy blocks: the reader would see a hole;
- macro calls in a file that does not opt in with `render_macros: true`: they would be published
  as literal text.

In a post with `draft: true` these are soft problems: the live build leaves the post out and
reports nothing of it. Only what Material cannot even read (a `links:` entry starting with `/`,
a title without a path, a number) stays an error there.

Which files exist, the toc settings, the theme's folders and the names of the macros are read
once per check, from the docs folder and mkdocs.yml, without MkDocs.
"""

from __future__ import annotations

import ast
import difflib
import functools
import importlib.util
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, unquote, urlparse, urlsplit

import yaml

from .bodies import (
    MARKDOWN_EXTENSIONS,
    Anchors,
    Body,
    HeadingRules,
    Reference,
    Tag,
    describe,
    youtube_id,
)
from .document import UnreadableFile, read_text, split
from .fields import MAX_IMAGE_BYTES, At, too_large

if TYPE_CHECKING:
    from .check import CheckedFile
    from .settings import SiteSettings

# Page templates that exist but are not meant for a page of text; never suggested.
_NOT_FOR_PAGES = {"404.html", "redirect.html"}
_SHOWN_ANCHORS = 8
_MEDIA = {"video", "audio", "source", "track"}


# mkdocs.yml -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PythonName:
    """`!!python/name:module.attribute`, resolved only when needed."""

    name: str

    def resolve(self) -> Any:
        module, _, attribute = self.name.rpartition(".")
        return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class _PythonApply:
    """`!!python/object/apply:module.function {kwds: …}`: the function's result."""

    name: str
    args: tuple[Any, ...] = ()
    kwds: tuple[tuple[str, Any], ...] = ()

    def resolve(self) -> Any:
        return _PythonName(self.name).resolve()(*self.args, **dict(self.kwds))


try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _ConfigLoader(_Base):  # type: ignore[misc,valid-type]
    """Reads mkdocs.yml keeping what `!!python/…` tags name; other tags give their plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return _PythonName(suffix)


def _python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return _PythonApply(suffix, tuple(loader.construct_sequence(node, deep=True)))
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
        kwds = value.get("kwds") or {}
        return _PythonApply(suffix, tuple(value.get("args") or ()), tuple(kwds.items()))
    return _PythonApply(suffix)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_apply)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)
_ConfigLoader.add_multi_constructor("!", _plain)


def _named(entries: Any) -> dict[str, Any]:
    """`plugins:` or `markdown_extensions:` as {name: options}, from a list or a mapping."""
    if isinstance(entries, dict):
        return {str(k): v if isinstance(v, dict) else {} for k, v in entries.items()}
    named: dict[str, Any] = {}
    for item in entries if isinstance(entries, list) else []:
        if isinstance(item, str):
            named[item] = {}
        elif isinstance(item, dict):
            named.update({str(k): v if isinstance(v, dict) else {} for k, v in item.items()})
    return named


def _read_config(root: Path) -> dict[str, Any]:
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = root / name
        if path.is_file():
            try:
                data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
            except (yaml.YAMLError, UnicodeDecodeError):
                return {}  # load_settings has reported it
            return data if isinstance(data, dict) else {}
    return {}


def _heading_rules(extensions: dict[str, Any]) -> HeadingRules:
    from markdown.extensions.toc import slugify

    options = extensions.get("toc") or extensions.get("markdown.extensions.toc") or {}
    function: Callable[[str, str], str] = slugify
    if isinstance(options.get("slugify"), _PythonName | _PythonApply):
        try:
            function = options["slugify"].resolve()
        except Exception:  # MkDocs itself reports a slugify it cannot load
            function = slugify
    depth = options.get("toc_depth", 6)
    levels = range(1, 7)
    if isinstance(depth, int) and not isinstance(depth, bool):
        levels = range(1, depth + 1)
    elif isinstance(depth, str) and "-" in depth:
        low, _, high = depth.partition("-")
        if low.strip().isdigit() and high.strip().isdigit():
            levels = range(int(low), int(high) + 1)
    names = set(extensions)
    return HeadingRules(
        slugify=function,
        separator=str(options.get("separator", "-")),
        levels=levels,
        attr_list=bool(names & {"attr_list", "markdown.extensions.attr_list"}),
        smartsymbols="pymdownx.smartsymbols" in names,
    )


def _theme_dirs(root: Path, theme: Any) -> tuple[str, list[Path]] | None:
    """The folders MkDocs looks for templates in: custom_dir first, then the theme's own."""
    options = theme if isinstance(theme, dict) else {"name": theme}
    dirs: list[Path] = []
    custom = options.get("custom_dir")
    if isinstance(custom, str):
        dirs.append(root / custom)
    name = options.get("name")
    if isinstance(name, str):
        found = [entry for entry in entry_points(group="mkdocs.themes") if entry.name == name]
        if not found:
            return None  # a theme we cannot find: leave the check to MkDocs
        try:
            spec = importlib.util.find_spec(found[0].value)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        dirs.append(Path(next(iter(spec.submodule_search_locations))))
    shown = custom if isinstance(custom, str) else (name if isinstance(name, str) else "thema")
    return shown, dirs


# The macros -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _parse(path: str, mtime: int) -> ast.Module | None:
    try:
        return ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None


def _tree(path: Path) -> ast.Module | None:
    try:
        return _parse(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None


def _registered(tree: ast.Module) -> Iterator[str]:
    """Names given to `env.macro(function, "name")` or `@env.macro` in one module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr != "macro":
                continue
            names = [k.value for k in node.keywords if k.arg == "name"]
            if len(node.args) >= 2:
                names.append(node.args[1])
            for name in names:
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    yield name.value
            if not names and node.args and isinstance(node.args[0], ast.Name):
                yield node.args[0].id
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Attribute) and decorator.attr == "macro":
                    yield node.name


def _module_files(root: Path, module: str) -> list[Path]:
    """The source files of a macros module: a file, or a package and the plugins it lists."""
    relative = Path(*module.split("."))
    candidates = [root / relative.with_suffix(".py"), root / relative / "__init__.py"]
    source = next((path for path in candidates if path.is_file()), None)
    if source is None:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            return []
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return []
        source = Path(spec.origin)
    if source.name != "__init__.py":
        return [source]
    files = [source]
    tree = _tree(source)
    listed: list[str] | None = None
    for node in tree.body if tree else []:
        # `PLUGINS = (cta, recent, …)`: only the plugins switched on register their macros.
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Tuple | ast.List)
            and any(isinstance(t, ast.Name) and t.id == "PLUGINS" for t in node.targets)
        ):
            listed = [item.id for item in node.value.elts if isinstance(item, ast.Name)]
    for path in sorted(source.parent.glob("*.py")):
        if path.name != "__init__.py" and (listed is None or path.stem in listed):
            files.append(path)
    return files


def _macro_names(root: Path, options: dict[str, Any]) -> frozenset[str]:
    modules = [str(m) for m in options.get("modules") or [] if isinstance(m, str)]
    modules.append(str(options.get("module_name") or "main"))
    names: set[str] = set()
    for module in modules:
        for path in _module_files(root, module):
            if tree := _tree(path):
                names.update(_registered(tree))
    return frozenset(names)


# The site -------------------------------------------------------------------------------------


@dataclass
class _Site:
    """The facts the references are checked against, each found once per check."""

    settings: SiteSettings
    checked: dict[str, CheckedFile]
    config: dict[str, Any]
    files: set[str] = field(default_factory=set)
    bodies: dict[str, Body | None] = field(default_factory=dict)
    _anchors: dict[str, Anchors | None] = field(default_factory=dict)
    _sizes: dict[str, int] = field(default_factory=dict)
    _lookups: int = 100

    def __post_init__(self) -> None:
        docs = os.path.abspath(self.settings.docs_dir)
        for folder, _, names in os.walk(docs):
            relative = os.path.relpath(folder, docs).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            self.files.update(prefix + name for name in names)

    @functools.cached_property
    def rules(self) -> HeadingRules:
        return _heading_rules(_named(self.config.get("markdown_extensions")))

    @functools.cached_property
    def macros(self) -> tuple[frozenset[str], bool]:
        """The names of the macros, and whether a page renders them without opting in."""
        options = _named(self.config.get("plugins")).get("macros")
        if options is None:
            return frozenset(), False
        render_by_default = options.get("render_by_default", True) is not False
        return _macro_names(self.settings.root, options), render_by_default

    @functools.cached_property
    def templates(self) -> tuple[str, list[Path]] | None:
        return _theme_dirs(self.settings.root, self.config.get("theme"))

    @functools.cached_property
    def _docs_prefix(self) -> str:
        return os.path.join(os.path.abspath(self.settings.docs_dir), "")

    def uri(self, path: Path) -> str:
        """The path as MkDocs names the file: relative to docs_dir, with slashes."""
        absolute = os.path.abspath(path)
        if absolute.startswith(self._docs_prefix):
            relative = absolute[len(self._docs_prefix) :]
        else:
            relative = os.path.relpath(absolute, self._docs_prefix)
        return relative.replace(os.sep, "/")

    def shown(self, uri: str) -> str:
        return self.settings.relative(Path(self.settings.docs_dir, uri))

    def size(self, uri: str) -> int:
        """The size in bytes of a file of docs/, looked up once however often it is used."""
        if uri not in self._sizes:
            try:
                self._sizes[uri] = os.stat(os.path.join(self.settings.docs_dir, uri)).st_size
            except OSError:
                self._sizes[uri] = 0
        return self._sizes[uri]

    def body(self, uri: str) -> Body | None:
        """The text of a page, parsed once whether it links or is linked to."""
        if uri not in self.bodies:
            self.bodies[uri] = self._read_body(uri)
        return self.bodies[uri]

    def _read_body(self, uri: str) -> Body | None:
        checked = self.checked.get(uri)
        if checked is not None:
            document, lines = checked.context.document, checked.context.lines
        else:
            try:
                text = read_text(Path(self.settings.docs_dir, uri).read_bytes())
            except (OSError, UnreadableFile):
                return None
            document, lines = split(text), text.split("\n")
        if document.problem not in (None, "missing", "empty"):
            return None  # the block is broken: its end, and so the text, is not known yet
        # The body is the tail of the file's lines; count back from the end for its first line.
        return Body(document.body, len(lines) - document.body.count("\n"))

    def renders_macros(self, uri: str) -> bool | None:
        """Whether a page renders macros (None: not known, its frontmatter is broken)."""
        checked = self.checked.get(uri)
        if checked is None:
            return None
        if not checked.parsed:
            return None if checked.context.document.problem != "missing" else self.macros[1]
        value = checked.values.get("render_macros")
        return value if isinstance(value, bool) else self.macros[1]

    def anchors(self, uri: str) -> Anchors | None:
        """A page's anchors, worked out once; None when they cannot be known (macros may add
        some)."""
        if uri not in self._anchors:
            self._anchors[uri] = self._find_anchors(uri)
        return self._anchors[uri]

    def _find_anchors(self, uri: str) -> Anchors | None:
        if not uri.endswith(MARKDOWN_EXTENSIONS):
            return None
        if uri in self.checked:
            if self.renders_macros(uri) is not False:
                return None
        elif self._renders_macros_unchecked(uri):
            return None
        body = self.body(uri)
        return body.anchors(self.rules) if body is not None else None

    def _renders_macros_unchecked(self, uri: str) -> bool:
        """For a page outside this check (pre-commit checks only the changed files)."""
        try:
            text = read_text(Path(self.settings.docs_dir, uri).read_bytes())
        except (OSError, UnreadableFile):
            return True
        yaml_text = split(text).yaml_text or ""
        return "render_macros" in yaml_text or self.macros[1]

    def suggest(self, target: str) -> str | None:
        """The existing file closest to a missing one: MkDocs' own guesses, else a close name
        in the same folder. Bounded, so a migrated blog with hundreds of dead links stays fast."""
        stem, suffix = posixpath.splitext(target)
        guesses = []
        if suffix.lower() in (".html", ".htm"):
            guesses.append(stem + ".md")
        if not suffix:
            guesses += [posixpath.join(target, "index.md"), target + ".md"]
        for guess in guesses:
            if guess in self.files:
                return guess
        if self._lookups <= 0:
            return None
        self._lookups -= 1
        folder, name = posixpath.split(target)
        names = self.by_folder.get(folder, [])
        match = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
        return posixpath.join(folder, match[0]) if match else None

    @functools.cached_property
    def by_folder(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for uri in sorted(self.files):
            folder, name = posixpath.split(uri)
            grouped.setdefault(folder, []).append(name)
        return grouped


# The checks -----------------------------------------------------------------------------------


class _InDraft(At):
    """A place in a post with `draft: true`: the live build leaves it out and MkDocs and Material
    then report nothing of it, so its problems are soft until the coach publishes it. (A post
    dated in the future is not softened: it goes live by itself, on the day's rebuild.)"""

    def error(self, message: str, *, line: int | None = None) -> None:
        self.warning(message, line=line)


def _at(checked: CheckedFile, name: str, line: int) -> At:
    if checked.context.is_post and checked.values.get("draft") is True:
        return _InDraft(checked.context, name, line)
    return At(checked.context, name, line)


def _relative(uri: str, source: str) -> str:
    return posixpath.relpath(uri, posixpath.dirname(source) or ".")


def _anchor_list(uri_shown: str, anchors: tuple[str, ...] | list[str], what: str) -> str:
    if not anchors:
        return f"{uri_shown} heeft geen {what}"
    listed = ", ".join(f"#{a}" for a in anchors[:_SHOWN_ANCHORS])
    more = ", …" if len(anchors) > _SHOWN_ANCHORS else ""
    return f"kies een van de ankers in {uri_shown}: {listed}{more}"


def _near_anchor(anchor: str, options: list[str] | tuple[str, ...]) -> str | None:
    match = difflib.get_close_matches(anchor.lower(), list(options), n=1, cutoff=0.6)
    return match[0] if match else None


def _link_entries(node: yaml.Node, title: str | None = None) -> Iterator[tuple[yaml.Node, Any]]:
    """Every leaf of a `links:` value: (node, the title it stands under)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _link_entries(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _link_entries(value, key.value)
    elif isinstance(node, yaml.ScalarNode):
        yield node, title


def _check_links_field(checked: CheckedFile, site: _Site) -> None:
    """Material's related links: paths from docs/, anchors among the headings of the page."""
    context = checked.context
    document = context.document
    if not isinstance(checked.values.get("links"), list) or document.yaml_text is None:
        return
    try:
        root = yaml.compose(document.yaml_text, Loader=_ConfigLoader)
    except yaml.YAMLError:
        return  # already reported by the frontmatter check
    if not isinstance(root, yaml.MappingNode):
        return
    value = next((v for k, v in root.value if k.value == "links"), None)
    if value is None:
        return
    for node, title in _link_entries(value):
        line = document.yaml_first_line + node.start_mark.line
        # Material reads `links:` of every post, drafts too, and stops on these two.
        at = At(context, "links", line)
        if node.tag != "tag:yaml.org,2002:str":
            if node.tag == "tag:yaml.org,2002:null" and title is None:
                at.error("bevat een leeg onderdeel — haal het lege streepje weg")
            elif node.tag == "tag:yaml.org,2002:null":
                at.error(
                    f"bij '{title}' ontbreekt het pad — schrijf {title}: pad.md, bijvoorbeeld "
                    f"{title}: blog/index.md"
                )
            else:
                at.error(
                    f"'{node.value}' is geen pad naar een pagina — schrijf een pad vanaf de "
                    "map docs/, bijvoorbeeld blog/index.md"
                )
            continue
        _check_link_entry(node.value, at, _at(checked, "links", line), checked, site)


def _check_link_entry(entry: str, crash: At, at: At, checked: CheckedFile, site: _Site) -> None:
    """One entry, resolved as Material 9.8's `_generate_links` does: `urlparse`, then the path
    exactly as written (no `..` resolved) among the files, then the anchor in the page's toc."""
    if entry.startswith("/"):
        # Material stops with an AttributeError on these (nav validation without a config).
        crash.error(
            f"'{describe(entry)}' begint met een / — schrijf het pad vanaf de map docs/ zonder / "
            f"ervoor: {describe(entry.lstrip('/'))}"
        )
        return
    try:
        url = urlparse(entry)
    except ValueError:  # Material stops on it too, with the same ValueError
        at.error(f"'{describe(entry)}' is geen geldig pad of webadres — controleer de tekens")
        return
    if url.scheme:
        return
    source = site.uri(checked.context.path)
    if not url.path:
        at.error(
            f"'{describe(entry)}' noemt geen pagina — zet het pad vanaf de map docs/ ervoor, "
            f"bijvoorbeeld {source}{describe(entry)}"
        )
        return
    target = PurePosixPath(url.path).as_posix()
    if target not in site.files and posixpath.normpath(target) in site.files:
        at.error(
            f"'{describe(entry)}' bevat .., en dat volgt Material in links: niet — schrijf "
            f"{_with_fragment(posixpath.normpath(target), url.fragment)}"
        )
        return
    if target not in site.files:
        beside = posixpath.normpath(posixpath.join(posixpath.dirname(source), url.path))
        if beside in site.files:
            hint = (
                "paden in links: gaan uit van de map docs/, niet van de post: schrijf "
                f"{_with_fragment(beside, url.fragment)}"
            )
        elif near := site.suggest(posixpath.normpath(target)):
            hint = f"bedoelde je '{_with_fragment(near, url.fragment)}'?"
        else:
            hint = "controleer de bestandsnaam; paden in links: gaan uit van de map docs/"
        searched = site.shown(posixpath.normpath(target))
        at.error(f"'{describe(entry)}' bestaat niet (gezocht: {searched}) — {hint}")
        return
    if not url.fragment or not target.endswith(MARKDOWN_EXTENSIONS):
        return
    anchors = site.anchors(target)
    if anchors is None or url.fragment in anchors.headings:
        return
    if near := _near_anchor(url.fragment, anchors.headings):
        hint = f"bedoelde je '{target}#{near}'?"
    else:
        hint = _anchor_list(target, anchors.headings, "koppen")
    at.error(f"{target} heeft geen kop met het anker #{describe(url.fragment)} — {hint}")


def _with_fragment(path: str, fragment: str) -> str:
    return f"{path}#{fragment}" if fragment else path


def _parts(url: str) -> SplitResult:
    """urlsplit, which refuses some addresses (`http://[x`): those count as a bare path."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")


def _is_remote(url: str) -> bool:
    return url.startswith("//") or url[:8].lower().startswith(("http://", "https://"))


def _split(url: str) -> tuple[bool, str, str]:
    """(external, path, fragment) of a URL; plain relative paths without urlsplit's cost."""
    if ":" in url or url.startswith("//"):
        parts = _parts(url)
        return bool(parts.scheme or parts.netloc), parts.path, parts.fragment
    path, _, fragment = url.partition("#")
    return False, path.partition("?")[0], fragment


def _host(url: str) -> str:
    return _parts(url if not url.startswith("//") else "https:" + url).netloc or url


def _check_reference(reference: Reference, source: str, at: At, site: _Site) -> None:
    """One link or image in a text, resolved as MkDocs' relative-path processor does."""
    url = reference.url
    if not url or "{{" in url or "{%" in url:
        return  # a macro writes it; mkdocs-macros reports its own problems
    if reference.kind == "image" and _is_remote(url):
        _remote_image(reference, source, at, site)
        return
    external, path, fragment = _split(url)
    if external or url.startswith(("/", "\\")):
        return  # external, or absolute: MkDocs leaves those as written (INFO)
    what = "de afbeelding" if reference.kind == "image" else "de link naar"
    if not path:
        if fragment:
            _check_anchor(reference, source, source, fragment, at, site)
        return
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path).lstrip("/"))
    if target in site.files:
        if reference.kind == "image" and (size := site.size(target)) > MAX_IMAGE_BYTES:
            at.error(f"de afbeelding '{describe(url)}' {too_large(size)}")
        if fragment and target.endswith(MARKDOWN_EXTENSIONS):
            _check_anchor(reference, source, target, fragment, at, site)
        return
    if not posixpath.splitext(path)[1]:
        return  # "unrecognized relative link" (a folder, a URL): INFO for MkDocs
    if target.startswith("../"):
        at.error(
            f"{what} '{describe(url)}' gaat naar een bestand buiten de map docs/ — alleen wat "
            "in docs/ staat komt op de site; zet het bestand in docs/, of link naar een webadres"
        )
        return
    near = site.suggest(target)
    hint = f"bedoelde je '{_with_fragment(_relative(near, source), fragment)}'?" if near else ""
    if reference.kind == "image":
        hint = hint or "zet de afbeelding op die plek, of verbeter de bestandsnaam"
        at.error(
            f"de afbeelding '{describe(url)}' bestaat niet (gezocht: {site.shown(target)}) — {hint}"
        )
    else:
        hint = hint or "controleer de bestandsnaam, of haal de link weg"
        at.error(
            f"de link naar '{describe(url)}' gaat naar een bestand dat niet bestaat "
            f"(gezocht: {site.shown(target)}) — {hint}"
        )


def _check_anchor(
    reference: Reference, source: str, target: str, anchor: str, at: At, site: _Site
) -> None:
    anchors = site.anchors(target)
    if anchors is None or anchor in anchors.present or unquote(anchor) in anchors.present:
        return
    page = "deze pagina" if target == source else target
    link = f"#{anchor}" if target == source else describe(reference.url)
    near = _near_anchor(anchor, anchors.headings)
    if near is not None:
        base = reference.url.partition("#")[0]
        hint = f"bedoelde je '{base}#{near}'?"
    else:
        hint = _anchor_list(page, anchors.headings, "koppen")
    at.warning(
        f"de link naar '{link}' gaat naar een anker dat niet bestaat: {page} heeft geen kop "
        f"of id '{describe(anchor)}' — {hint}"
    )


def _remote_image(reference: Reference, source: str, at: At, site: _Site) -> None:
    name = posixpath.basename(_parts(reference.url).path)
    if not posixpath.splitext(name)[1] or len(name) > 60:
        name = "afbeelding.jpg"
    folder = site.shown(posixpath.dirname(source) or ".")
    alt = reference.text or "Beschrijving van de afbeelding"
    at.error(
        f"de afbeelding {describe(reference.url)} komt van {_host(reference.url)} en wordt niet "
        "getoond: de site laadt niets van andere websites — sla de afbeelding op naast dit "
        f"bestand ({folder}/{name}) en verwijs ernaar: ![{alt}]({name})"
    )


def _youtube_hint(video: str, title: str, renders: bool | None) -> str:
    call = f'{{{{ youtube("{video}", "{title}") }}}}'
    if renders:
        return f"schrijf in plaats daarvan {call}"
    return f"schrijf in plaats daarvan {call} en zet render_macros: true in de frontmatter"


def _check_embed(tag: Tag, at: At, renders: bool | None) -> None:
    """HTML that loads something from elsewhere, which the Content-Security-Policy blocks."""
    attributes = tag.attributes
    url = attributes.get("src") or attributes.get("data") or ""
    shown = f"<{tag.name}>"
    if tag.name in ("img", "a"):
        return  # checked as a reference
    video = youtube_id(url) if url else None
    if video is not None and tag.name not in ("script",):
        title = " ".join(attributes.get("title", "").split()) or "Titel van de video"
        title = title.replace('"', "'")
        if _host(url).endswith("youtube-nocookie.com") and tag.name == "iframe":
            what = "laadt YouTube al voordat de lezer op de video klikt"
        else:
            what = (
                "met een video van YouTube wordt niet getoond: de site laadt niets van "
                "andere websites"
            )
        at.error(f"{shown} {what} — {_youtube_hint(video, title, renders)}")
        return
    remote = bool(url) and _is_remote(url)
    link = f"[Bekijk op {_host(url)}]({url})" if remote else ""
    if tag.name == "script":
        if remote:
            at.error(
                f"{shown} van {_host(url)} wordt niet uitgevoerd: de site laadt niets van andere "
                "websites — haal het script weg; wil je naar die dienst verwijzen, zet dan een "
                "gewone link"
            )
        else:
            at.error(
                f"{shown} hoort niet in de tekst van een post of pagina — haal het script weg; "
                "wil je iets van een andere website laten zien, zet dan een gewone link"
            )
    elif tag.name in ("iframe", "embed", "object"):
        source = f" van {_host(url)}" if remote else ""
        suggestion = f", bijvoorbeeld {link}" if link else ""
        at.error(
            f"{shown}{source} wordt niet getoond: de site laat geen ingesloten pagina's of "
            f"objecten toe — zet er een gewone link naar neer{suggestion}"
        )
    elif tag.name in _MEDIA and remote:
        at.error(
            f"{shown} van {_host(url)} wordt niet afgespeeld: de site laadt niets van andere "
            f"websites — zet het bestand in de map docs/ en verwijs ernaar, of zet er een "
            f"gewone link naar neer: {link}"
        )


def _check_macros(checked: CheckedFile, body: Body, renders: bool | None, site: _Site) -> None:
    names, _ = site.macros
    if not names or renders is not False:
        return
    if checked.parsed and "render_macros" in checked.values:
        hint = "zet render_macros: true in de frontmatter (nu staat er false)"
    elif checked.context.document.problem == "missing":
        hint = (
            "begin het bestand met een frontmatter: een regel ---, dan render_macros: true, "
            "en weer een regel ---"
        )
    else:
        hint = "zet render_macros: true in de frontmatter"
    for call in body.macro_calls(names):
        _at(checked, "tekst", call.line).error(
            f"{describe(call.written)} komt als gewone tekst op de pagina, want dit bestand laat "
            f"geen macro's uitvoeren — {hint}"
        )


def _template_exists(name: str, dirs: list[Path]) -> bool:
    """As Jinja's FileSystemLoader finds it: a relative path without `..`, in one of the dirs."""
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or "\\" in name:
        return False
    try:
        return any((folder / name).is_file() for folder in dirs)
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL
        return False


def _check_template(checked: CheckedFile, site: _Site) -> None:
    name = checked.values.get("template")
    if not isinstance(name, str) or site.templates is None:
        return
    custom, dirs = site.templates
    if _template_exists(name, dirs):
        return
    usable = sorted(
        {
            path.name
            for folder in dirs
            if folder.is_dir()
            for path in folder.glob("*.html")
            if path.name not in _NOT_FOR_PAGES
        }
    )
    line = checked.key_lines.get("template", checked.context.document.block_line)
    at = _at(checked, "template", line)
    choices = ", ".join(usable)
    near = difflib.get_close_matches(name, usable, n=1, cutoff=0.6)
    if near:
        at.error(f"'{describe(name)}' bestaat niet — bedoelde je '{near[0]}'? Kies uit: {choices}")
    else:
        at.error(
            f"'{describe(name)}' bestaat niet in {custom}/ of in het thema — kies uit: {choices}, "
            "of haal de regel weg"
        )


def check_references(checked: list[CheckedFile], settings: SiteSettings) -> None:
    """Adds problems to each file's context."""
    site = _Site(settings, {}, _read_config(settings.root))
    uris = [site.uri(item.context.path) for item in checked]
    site.checked.update(zip(uris, checked, strict=True))
    for uri, item in zip(uris, checked, strict=True):
        if item.parsed:
            if item.context.is_post:
                _check_links_field(item, site)
            _check_template(item, site)
        if not uri.endswith(MARKDOWN_EXTENSIONS):
            continue  # not a page for MkDocs (post.MD): the file check reports it
        body = site.body(uri)
        if body is None:
            continue
        renders = site.renders_macros(uri)
        for reference in body.references:
            _check_reference(reference, uri, _at(item, "tekst", reference.line), site)
        for tag in body.tags:
            _check_embed(tag, _at(item, "tekst", tag.line), renders)
        _check_macros(item, body, renders, site)
