"""Problems found in frontmatter, and the one Dutch report that lists them all.

A problem is one line the coach can act on without reading code: where (path and line), which
field (as she wrote it), what is wrong and how to fix it. Errors stop a build; warnings never do.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Characters that would break a report line or hide in it: control characters (a tab is
# harmless) and the characters YAML reads as line breaks.
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """`text` on one line, each invisible character shown as its code: `[U+0000]`."""
    return _INVISIBLE.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def shown(text: str, limit: int = 80) -> str:
    """A value as a report quotes it back: visible, and cut short when it is long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return visible(text)


class Severity(enum.Enum):
    """Errors stop the build; warnings are advice that never blocks a deploy."""

    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, formatted as `path:line: field: wat er mis is — hoe je het oplost`."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@dataclass
class Report:
    """Every problem of every checked file, so the coach sees all of them in one go."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def sorted(self) -> list[Problem]:
        # Stable sort: problems on the same line keep the order the schema found them in.
        return sorted(self.problems, key=lambda problem: (problem.path, problem.line))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing stops the build (warnings allowed)."""
        return not self.errors

    def summary(self) -> str:
        files = len({p.path for p in self.problems})
        checked = _count(self.files_checked, "bestand", "bestanden")
        if not self.problems:
            return f"Frontmatter in orde: {checked} gecontroleerd."
        errors = _count(len(self.errors), "fout", "fouten")
        warnings = _count(len(self.warnings), "waarschuwing", "waarschuwingen")
        where = _count(files, "bestand", "bestanden")
        return f"Frontmatter: {errors} en {warnings} in {where} ({checked} gecontroleerd)."

    def format_errors(self) -> str:
        """The errors alone, under a heading saying the site is not built until they are fixed."""
        lines = ["De site wordt niet gebouwd: los eerst deze fouten in de frontmatter op."]
        lines += [str(p) for p in self.errors]
        return "\n".join(lines)

    def format(self) -> str:
        """The whole report: errors, then warnings, then a one-line summary."""
        parts: list[str] = []
        if self.errors:
            parts.append(self.format_errors())
        if self.warnings:
            lines = ["Let op (de site wordt wel gebouwd):"]
            lines += [str(p) for p in self.warnings]
            parts.append("\n".join(lines))
        parts.append(self.summary())
        return "\n\n".join(parts)
