"""Turn a macro used the wrong way into one Dutch line with the file and the line number.

mkdocs-macros with `on_error_fail: true` prints a Python traceback and exits with code 100;
the coach cannot act on that. Its errors pass through `mkdocs_macros.errors.format_error`, a
`functools.singledispatch` function that lets a project register its own formatter per exception
type. Ours raises MkDocs' `PluginError` instead of formatting, which ends the build with one line
such as:

    docs/blog/posts/x.md:12: onbekende macro of variabele 'recnt_posts'; bedoel je 'recent_posts'?

Only problems of the content are reported this way: a misspelt name, a syntax error, a macro
called with wrong arguments. Any other exception is a bug in a plugin and keeps its traceback.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE
from mkdocs_macros.errors import format_error

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page


class MacroUsageError(Exception):
    """A macro called the wrong way in a page: the message says, in Dutch, what to change."""


def usage(func: Callable[..., Any], name: str) -> str:
    """How to call the macro, as the coach writes it: `recent_posts(n=5)`."""
    params = []
    for param in inspect.signature(func).parameters.values():
        if param.default is inspect.Parameter.empty:
            params.append(param.name)
        else:
            params.append(f"{param.name}={param.default!r}")
    return f"{name}({', '.join(params)})"


def _dutch_binding_error(error: TypeError) -> str:
    message = str(error)
    if match := re.match(r"missing a required argument: '(\w+)'", message):
        return f"het argument '{match[1]}' ontbreekt"
    if match := re.match(r"got an unexpected keyword argument '(\w+)'", message):
        return f"onbekend argument '{match[1]}'"
    if match := re.match(r"multiple values for argument '(\w+)'", message):
        return f"het argument '{match[1]}' is twee keer gegeven"
    if message.startswith("too many positional arguments"):
        return "te veel argumenten"
    return f"verkeerde argumenten ({message})"


def checked(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    """The macro, with its arguments checked before it runs.

    A wrong call then says which argument is wrong and how the macro is used, instead of
    Python's TypeError about a function the coach never saw.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def macro(*args: Any, **kwargs: Any) -> Any:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as error:
            raise MacroUsageError(
                f"{name}(): {_dutch_binding_error(error)}; gebruik: {usage(func, name)}"
            ) from None
        return func(*args, **kwargs)

    return macro


def body_offset(source: str) -> int:
    """How many lines of the file come before the Markdown that macros render.

    MkDocs and Material cut the YAML frontmatter and the blank lines after it the same way.
    """
    match = YAML_RE.match(source)
    if not match:
        return 0
    body = source[match.end() :].lstrip("\n")
    return source[: len(source) - len(body)].count("\n")


def template_line(traceback: TracebackType | None) -> int | None:
    """The line in the rendered Markdown where a runtime error happened.

    Jinja rewrites tracebacks so that frames of a template compiled from a string carry the
    file name "<template>" and the template's own line number; the last such frame is where the
    error happened.
    """
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


class Reporter:
    """Formats content errors of one build as `path:line: message`."""

    def __init__(self, project_dir: str, known_names: Callable[[], Iterable[str]]) -> None:
        self.project_dir = project_dir
        self.known_names = known_names

    def where(self, page: Page, line: int | None) -> str:
        path = Path(os.path.relpath(page.file.abs_src_path, self.project_dir)).as_posix()
        if line is None:
            return path
        try:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        except OSError:
            return f"{path}:{line}"
        return f"{path}:{line + body_offset(source)}"

    def message(self, error: Exception) -> str:
        if isinstance(error, TemplateSyntaxError):
            return f"fout in de macro-syntaxis: {error.message}"
        if isinstance(error, UndefinedError):
            match = re.fullmatch(r"'([^']+)' is undefined", error.message or "")
            if not match:
                return f"onbekende waarde: {error.message}"
            name = match[1]
            text = f"onbekende macro of variabele '{name}'"
            close = difflib.get_close_matches(name, list(self.known_names()), n=1)
            return f"{text}; bedoel je '{close[0]}'?" if close else text
        return str(error)

    def line(self, error: Exception) -> int | None:
        if isinstance(error, TemplateSyntaxError):
            return error.lineno
        return template_line(error.__traceback__)

    def fail(self, error: Exception, markdown: str, page: Page) -> str:
        """Registered with format_error: end the build with the message instead of a traceback."""
        raise PluginError(f"{self.where(page, self.line(error))}: {self.message(error)}") from None


def report_content_errors(reporter: Reporter) -> None:
    """Route the content errors of macro rendering to `reporter`.

    singledispatch keeps one formatter per type, so registering again (a rebuild of
    `mkdocs serve`, a second build in one process) replaces the previous build's reporter.
    """
    for kind in (TemplateSyntaxError, UndefinedError, MacroUsageError):
        format_error.register(kind, reporter.fail)
