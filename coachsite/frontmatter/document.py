"""Split a Markdown file into its frontmatter block and its text, the way MkDocs does.

MkDocs and Material only see frontmatter when the file starts with `---` and a later line is
`---` or `...`; anything else is text. We follow that rule exactly, so a file we call valid is
read the same way by the build, and we name the near misses (blank lines above the block, a
block never closed, an empty block) instead of letting them turn into stray rules on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"-{3}[ \t]*")
_CLOSE = re.compile(r"(?:-{3}|\.{3})[ \t]*")
# Python-Markdown's level-1 headings: `# Titel` (closing #'s dropped) and `=` under a line.
_ATX_H1 = re.compile(r"#(?!#)(.*?)#*[ \t]*")
_SETEXT_H1 = re.compile(r"=+[ ]*")


class UnreadableFile(Exception):
    """The file is not UTF-8 text; MkDocs would stop on it with a UnicodeDecodeError."""


@dataclass(frozen=True)
class Document:
    """One Markdown file: its frontmatter YAML (if any) and its text after the block.

    `yaml_first_line` is the 1-based file line of the first YAML line, to turn YAML positions
    into file lines; `block_line` is the line of the opening `---`, where a missing key is
    reported. `problem` names a malformed block: "missing", "not_at_top", "unclosed" or "empty".
    """

    yaml_text: str | None
    yaml_first_line: int
    body: str
    block_line: int = 1
    problem: str | None = None

    @property
    def heading(self) -> str | None:
        """The title MkDocs takes from the text before rendering, and so the one Material
        makes a post's URL from: the first non-blank line, if it is `# ...`
        (`mkdocs.utils.get_markdown_title`)."""
        for line in self.body.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            return stripped.lstrip("# ") if stripped.startswith("# ") else None
        return None

    @property
    def page_heading(self) -> str | None:
        """The title the page shows when the frontmatter has none: the text of the heading
        the text starts with, if Python-Markdown makes it an `<h1>` — `# Titel`, `#Titel`, or
        `Titel` over a line of `=` (a setext heading). MkDocs takes it from the rendered page."""
        lines = self.body.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return None
        line = lines[first]
        if len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" ")) >= 4:
            return None  # indented: a code block
        if atx := _ATX_H1.fullmatch(line):
            return atx.group(1).strip() or None
        if line.startswith("#"):
            return None  # a smaller heading (## ...)
        if first + 1 < len(lines) and _SETEXT_H1.fullmatch(lines[first + 1]):
            return line.strip() or None
        return None

    @property
    def heading_line(self) -> int:
        """The 1-based line of the text's first non-blank line (the heading, if any)."""
        for index, line in enumerate(self.body.split("\n")):
            if line.strip():
                return self.body_first_line + index
        return self.body_first_line

    @property
    def body_first_line(self) -> int:
        """The 1-based line where the text after the frontmatter starts."""
        if self.yaml_text is None:
            return 1
        return self.yaml_first_line + self.yaml_text.count("\n") + 1


def read_text(raw: bytes) -> str:
    """Decode like MkDocs: UTF-8 with an optional BOM, any line ending becomes `\\n`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(str(error)) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Document:
    """Find the frontmatter block at the top of `text` (already decoded by read_text)."""
    lines = text.split("\n")
    if not _OPEN.fullmatch(lines[0]):
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and first > 0 and _OPEN.fullmatch(lines[first]):
            return Document(None, first + 2, text, block_line=first + 1, problem="not_at_top")
        return Document(None, 1, text, problem="missing")
    # The closing line must itself end with a newline, as in MkDocs' YAML_RE.
    for index in range(1, len(lines) - 1):
        if _CLOSE.fullmatch(lines[index]):
            if index == 1:
                return Document(None, 2, "\n".join(lines[2:]), problem="empty")
            yaml_text = "\n".join(lines[1:index]) + "\n"
            return Document(yaml_text, 2, "\n".join(lines[index + 1 :]))
    return Document(None, 2, "\n".join(lines[1:]), problem="unclosed")
