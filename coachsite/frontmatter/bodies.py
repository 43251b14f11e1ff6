"""What the text of a post or page refers to, found in one pass without building the page.

MkDocs rewrites and checks the links and images of a page, gives every heading an id, and the
macros plugin renders `{{ … }}`; a problem with any of them shows only in the build, in English
and without a line. To find them first, a body is read once: code (fenced, indented, inline) and
HTML comments are blanked out with spaces, so nothing in them counts while every offset still
gives the right line, and the rest is searched for links, HTML tags and macro calls. The ids of
the headings are worked out only when some file links to an anchor in this one, with
Python-Markdown's own slugify, attr_list and `unique` rules, so the ids are the ones the build
gives.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

# The endings MkDocs builds as pages, case-sensitive (mkdocs.utils.markdown_extensions).
# Every extension MkDocs 1.6 reads as Markdown (`mkdocs.utils.markdown_extensions`), written
# out here because the check runs without MkDocs; a test compares the two. Like MkDocs we
# compare case-sensitively: `post.MD` is copied as a plain file, not built as a page.
MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
# Lines that open something whose indented continuation is text, not code: a list item, an
# admonition, a footnote, a definition.
_CONTAINER = re.compile(r"[ ]{0,3}(?:[*+-][ \t]|\d+[.)][ \t]|!!!|\?\?\?|\[\^[^\]]+\]:|:[ \t])")
# A code span (as many backticks to close as to open, within one paragraph) or an HTML comment.
_INLINE_CODE = re.compile(r"<!--.*?-->|(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)

# An inline link or image: `[text](url "title")`, with brackets nested two deep in the text and
# balanced parentheses in the URL.
_INLINE = re.compile(
    r"""\[((?>[^\[\]]+|\[(?>[^\[\]]+|\[[^\[\]]*\])*\])*)\]\([ \t]*\n?[ \t]*"""
    r"""(<[^<>\n]*>|(?>[^\s()<>]+|\((?>[^\s()]+|\([^\s()]*\))*\))*)"""
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
)
_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n^][^\]\n]*)\]:[ \t]*(?:\n[ \t]*)?(<[^>\n]*>|\S+)", re.M)
_LABEL_USE = re.compile(r"\[([^\[\]\n]+)\](?!:)")
_TAG = re.compile(
    r"""<(a|img|iframe|script|video|audio|source|track|embed|object)\b"""
    r"""((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_MACRO = re.compile(r"\{\{-?[ \t]*([A-Za-z_]\w*)[ \t]*(?=\(|-?\}\})")

# Everything below is used only to work out heading ids.
_ATX = re.compile(r"[ \t]*(?:>[ \t]?)*(#{1,6})((?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*$")
_BLOCK_ATTRIBUTES = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)\}")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""")
_FOOTNOTE = re.compile(r"\[\^([^\]\n]+)\](:?)")
_IMAGE_IN_HEADING = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK_IN_HEADING = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_CODE_IN_HEADING = re.compile(r"(`+)[ ]?(.+?)[ ]?\1")
_TAG_IN_HEADING = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>")
_UNDERSCORES = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_ESCAPE = re.compile(r"\\(.)")
# Heading text without any markup, which is its own plain text.
_PLAIN = re.compile(r"[^\[\]`<>_\\&()!*]*")


def _blank(text: str) -> str:
    """The same text with every character but a newline turned into a space."""
    return re.sub(r"[^\n]", " ", text)


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _mask_blocks(text: str) -> str:
    """Blank out fenced and indented code blocks, line by line."""
    lines = text.split("\n")
    fence: str | None = None
    after_blank, in_container, in_code = True, False, False
    for index, line in enumerate(lines):
        if fence is not None:
            lines[index] = " " * len(line)
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if match := _FENCE.match(line):
            fence = match[1]
            lines[index] = " " * len(line)
            continue
        if not line.strip():
            after_blank = True
            continue
        indent = _indent(line)
        if indent >= 4 and not in_container and (after_blank or in_code):
            lines[index] = " " * len(line)
            in_code, after_blank = True, False
            continue
        in_code = False
        if indent < 4:
            if _CONTAINER.match(line):
                in_container = True
            elif after_blank:
                in_container = False
        after_blank = False
    return "\n".join(lines)


def mask_code(text: str) -> str:
    """`text` with code and HTML comments blanked out; every other character stays in place."""
    if "```" in text or "~~~" in text or "\n    " in text or "\n\t" in text:
        text = _mask_blocks(text)
    if "`" in text:
        return _INLINE_CODE.sub(lambda match: _blank(match[0]), text)
    if "<!--" in text:
        return _COMMENT.sub(lambda match: _blank(match[0]), text)
    return text


@dataclass(frozen=True)
class Reference:
    """A link or image the build resolves: `kind` is "link", "image" or "definition"."""

    kind: str
    url: str
    line: int
    text: str = ""
    html: bool = False


@dataclass(frozen=True)
class Tag:
    """An HTML tag in the text that loads or links something (`a`, `img`, `iframe`, …)."""

    name: str
    attributes: dict[str, str]
    line: int
    offset: int = 0


@dataclass(frozen=True)
class MacroCall:
    """`{{ name(…) }}` or `{{ name }}` as written, for quoting it back."""

    name: str
    written: str
    line: int


@dataclass(frozen=True)
class HeadingRules:
    """How the toc extension turns a heading into an id, as configured in mkdocs.yml."""

    slugify: Callable[[str, str], str]
    separator: str = "-"
    levels: range = range(1, 7)
    attr_list: bool = False
    smartsymbols: bool = False


@dataclass(frozen=True)
class Anchors:
    """Where a link may point in one page.

    `headings` are the ids in the page's table of contents, in order: Material resolves the
    anchors of `links:` there. `present` is every id MkDocs finds on the page (headings, attr_list
    ids, ids in HTML, footnotes): what a link in a text is checked against.
    """

    headings: tuple[str, ...]
    present: frozenset[str]


def _unquote(url: str) -> str:
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return html.unescape(url) if "&" in url else url


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = match[2] or ""
        if value[:1] in ('"', "'"):
            value = value[1:-1]
        found.setdefault(match[1].lower(), html.unescape(value))
    return found


def normalise_label(label: str) -> str:
    """A reference label as Python-Markdown compares it: lower case, whitespace collapsed."""
    return " ".join(label.lower().split())


@dataclass
class Body:
    """The text of one file after its frontmatter; `first_line` is its first line in the file."""

    text: str
    first_line: int
    _anchors: dict[HeadingRules, Anchors] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def masked(self) -> str:
        return mask_code(self.text)

    def line_at(self, offset: int) -> int:
        return self.first_line + self.masked.count("\n", 0, offset)

    @functools.cached_property
    def references(self) -> list[Reference]:
        """Every link and image, in the order they appear, plus the reference definitions used."""
        text = self.masked
        found: list[tuple[int, Reference]] = []
        if "](" in text:
            self._inline(text, 0, found)
        if "]:" in text:
            used = {normalise_label(m[1]) for m in _LABEL_USE.finditer(text)}
            for match in _DEFINITION.finditer(text):
                if normalise_label(match[1]) in used:
                    start = match.start(2)
                    url = _unquote(match[2])
                    found.append((start, Reference("definition", url, self.line_at(start))))
        for tag in self.tags:
            if tag.name == "a" and "href" in tag.attributes:
                url = tag.attributes["href"]
                found.append((tag.offset, Reference("link", url, tag.line, html=True)))
            elif tag.name == "img" and "src" in tag.attributes:
                url = tag.attributes["src"]
                alt = tag.attributes.get("alt", "")
                found.append((tag.offset, Reference("image", url, tag.line, alt, html=True)))
        found.sort(key=lambda item: item[0])
        return [reference for _, reference in found]

    def _inline(self, text: str, offset: int, found: list[tuple[int, Reference]]) -> None:
        for match in _INLINE.finditer(text):
            start = offset + match.start(2)
            kind = "image" if match.start() and text[match.start() - 1] == "!" else "link"
            label = " ".join(match[1].split())
            found.append((start, Reference(kind, _unquote(match[2]), self.line_at(start), label)))
            if "](" in match[1]:  # an image inside the text of a link
                self._inline(match[1], offset + match.start(1), found)

    @functools.cached_property
    def tags(self) -> list[Tag]:
        text = self.masked
        if "<" not in text:
            return []
        return [
            Tag(m[1].lower(), _attributes(m[2]), self.line_at(m.start()), m.start())
            for m in _TAG.finditer(text)
        ]

    def macro_calls(self, names: Collection[str]) -> list[MacroCall]:
        """Calls of the given macros (`{{ name(…) }}` or `{{ name }}`), outside code."""
        text = self.masked
        if "{{" not in text:
            return []
        calls = []
        for match in _MACRO.finditer(text):
            if match[1] not in names:
                continue
            end = text.find("}}", match.end(), match.end() + 300)
            written = text[match.start() : end + 2] if end != -1 else match[0]
            written = " ".join(written.split())
            calls.append(MacroCall(match[1], written, self.line_at(match.start())))
        return calls

    def anchors(self, rules: HeadingRules) -> Anchors:
        """The ids of this page, worked out once per set of rules."""
        if rules not in self._anchors:
            self._anchors[rules] = _find_anchors(self.text, self.masked, rules)
        return self._anchors[rules]


def _heading_text(raw: str, rules: HeadingRules) -> str:
    """The plain text the toc extension slugifies: inline Markdown rendered, tags stripped."""
    if _PLAIN.fullmatch(raw):
        return " ".join(raw.split())
    raw = _FOOTNOTE.sub("", raw)
    parts: list[str] = []
    last = 0
    for match in _CODE_IN_HEADING.finditer(raw):
        parts.append(_inline_text(raw[last : match.start()], rules))
        parts.append(match[2])  # code stays literal: `snake_case` keeps its underscore
        last = match.end()
    parts.append(_inline_text(raw[last:], rules))
    return " ".join("".join(parts).split())


def _inline_text(text: str, rules: HeadingRules) -> str:
    text = _IMAGE_IN_HEADING.sub("", text)
    text = _LINK_IN_HEADING.sub(r"\1", text)
    text = _TAG_IN_HEADING.sub("", text)
    text = _UNDERSCORES.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    if rules.smartsymbols:
        text = re.sub(r"\((?:c|C)\)", "©", text)
        text = re.sub(r"\((?:r|R)\)", "®", text)
    return html.unescape(text)


def _headings(text: str, masked: str, rules: HeadingRules) -> list[tuple[int, str | None, str]]:
    """(level, id given with attr_list or None, text) of every heading, in order.

    Headings are found in the masked text (none in code), their words taken from the original,
    where a code span in a heading still has its text.
    """
    from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

    lines = masked.split("\n")
    originals = text.split("\n")
    found: list[tuple[int, str | None, str]] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if "#" in line and _ATX.match(line) and (match := _ATX.match(originals[index])):
            level, words = len(match[1]), match[2].strip()
        elif (
            index + 1 < len(lines)
            and lines[index + 1].lstrip(" ")[:1] in ("=", "-")
            and line.strip()
            and not _SETEXT_UNDERLINE.match(line)
            and (underline := _SETEXT_UNDERLINE.match(lines[index + 1]))
        ):
            level, words, skip = (
                (1 if underline[1][0] == "=" else 2),
                originals[index].strip(),
                True,
            )
        else:
            continue
        given = None
        if rules.attr_list and (attributes := AttrListTreeprocessor.HEADER_RE.search(words)):
            for key, value in get_attrs_and_remainder(attributes[1])[0]:
                if key == "id" and value:
                    given = value
            words = words[: attributes.start()]
        found.append((level, given, words))
    return found


@functools.lru_cache(maxsize=4096)
def _slug(rules: HeadingRules, text: str) -> str:
    """Headings repeat across posts ("Wat helpt"); slugify each once."""
    return rules.slugify(text, rules.separator)


def _find_anchors(text: str, masked: str, rules: HeadingRules) -> Anchors:
    from markdown.extensions.attr_list import get_attrs_and_remainder
    from markdown.extensions.toc import unique

    # Like the toc extension: ids already on the page (attr_list) are taken first, then each
    # heading without one gets its slug, made unique with _1, _2, …
    used: set[str] = set()
    if rules.attr_list and "{" in masked:
        for match in _BLOCK_ATTRIBUTES.finditer(masked):
            for key, value in get_attrs_and_remainder(match[1])[0]:
                if key == "id" and value:
                    used.add(value)
    headings = _headings(text, masked, rules)
    used.update(given for _, given, _ in headings if given)
    counters: dict[str, int] = {}
    in_toc: list[str] = []
    for level, given, text in headings:
        anchor = given or unique(_slug(rules, _heading_text(text, rules)), used, counters)
        if level in rules.levels:
            in_toc.append(anchor)
    present: set[str] = set(used)
    if "<" in masked:
        present.update(_HTML_ID.findall(masked))
    if "[^" in masked:
        for match in _FOOTNOTE.finditer(masked):
            present.add(f"fn:{match[1]}" if match[2] else f"fnref:{match[1]}")
    return Anchors(tuple(in_toc), frozenset(present))


def youtube_id(url: str) -> str | None:
    """The 11-character video id of a YouTube address (embed, watch, short link), if any."""
    match = re.search(
        r"(?:youtube(?:-nocookie)?\.com/(?:embed/|v/|shorts/|live/|watch\?(?:[^#]*&)?v=)"
        r"|youtu\.be/)([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])",
        url,
    )
    return match[1] if match else None


def describe(value: Any) -> str:
    """A short quotation of a value for a message."""
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"
