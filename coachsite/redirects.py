"""The redirect map (`redirects.yml` beside mkdocs.yml) and the Netlify rules it becomes.

Posts brought over from an old blog (`make import`) keep their old addresses working: every
line of the map is one old path and the site path it now lives at, and the build writes one
`301` rule per line into `site/_redirects`. The map lives beside mkdocs.yml, outside docs/,
so MkDocs never publishes it, and the coach can read and edit it like any other setting.

A broken map stops the build with one Dutch `redirects.yml:regel:` line per problem, as the
frontmatter check does. A rule whose target the build did not produce (a draft, a post
deleted later) is left out and mentioned, so that a redirect never leads to a 404 and starts
working by itself once the post is published. Only PyYAML is needed: Netlify's build runs this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

MAP_NAME = "redirects.yml"
# The line above a broken map's problems, in the build and in `make check`.
BROKEN_MAP = "De site wordt niet gebouwd: los eerst deze fouten in de doorverwijzingen op."

# Path characters Netlify's `_redirects` parser reads as a plain path: no spaces (the field
# separator), no `:name` placeholders, `*` splats or `!` forcing. Non-ASCII is percent-encoded.
_PATH = re.compile(r"/(?:[A-Za-z0-9\-._~/]|%[0-9A-Fa-f]{2})*")

HEADER = """\
# Oude adressen van het vorige blog en waar die posts nu staan: per regel een oud pad,
# een dubbele punt en het nieuwe pad op deze site. `make import` vult dit bestand; de build
# maakt er doorverwijzingen (301) van in Netlify, zodat oude links blijven werken.
# Een regel weghalen mag; een doorverwijzing naar een concept wordt pas actief als de post
# online staat.
"""


@dataclass(frozen=True)
class Redirect:
    """One old path and where it now lives, with the map's line for messages."""

    old: str
    new: str
    line: int

    @property
    def rule(self) -> str:
        return f"{self.old}  {self.new}  301\n"


@dataclass(frozen=True)
class RedirectMap:
    """What the map holds, and the Dutch `file:line` problems that stop the build."""

    redirects: tuple[Redirect, ...] = ()
    errors: tuple[str, ...] = ()


class _NoTagsLoader(yaml.SafeLoader):
    """SafeLoader, for `yaml.compose`: the map is plain text, read with its line numbers."""


def _bad_path(shown: str, line: int, value: str, which: str) -> str:
    example = "/2019/03/12/mijn-oude-post/" if which == "oud" else "/blog/mijn-oude-post/"
    return (
        f"{shown}:{line}: '{value}' is geen geldig {which} adres — schrijf een pad dat met / "
        f"begint, zonder spaties of tekens als * : ! (bijvoorbeeld {example})"
    )


def read_map(text: str, shown: str = MAP_NAME) -> RedirectMap:
    """Every redirect in the map's text, or every problem with its line (none are skipped)."""
    try:
        root = yaml.compose(text, Loader=_NoTagsLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return RedirectMap(
            errors=(
                f"{shown}:{line}: het bestand is niet te lezen — schrijf per regel "
                "/oud/pad/: /blog/nieuw-pad/ en controleer dubbele punten en aanhalingstekens",
            )
        )
    if root is None:
        return RedirectMap()
    if not isinstance(root, yaml.MappingNode):
        return RedirectMap(
            errors=(
                f"{shown}:{root.start_mark.line + 1}: verwacht per regel een oud en een nieuw "
                "pad, zoals /2019/03/12/mijn-oude-post/: /blog/mijn-oude-post/",
            )
        )
    redirects: list[Redirect] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)):
            errors.append(
                f"{shown}:{line}: hier hoort één oud pad met één nieuw pad erachter, "
                "zoals /2019/03/12/mijn-oude-post/: /blog/mijn-oude-post/"
            )
            continue
        old, new = key.value.strip(), value.value.strip()
        problems = []
        if not _PATH.fullmatch(old):
            problems.append(_bad_path(shown, line, old, "oud"))
        if not _PATH.fullmatch(new):
            problems.append(_bad_path(shown, line, new, "nieuw"))
        if not problems and old.rstrip("/") == new.rstrip("/"):
            problems.append(f"{shown}:{line}: '{old}' verwijst naar zichzelf — haal deze regel weg")
        if not problems and old in first_line:
            problems.append(
                f"{shown}:{line}: '{old}' staat er al op regel {first_line[old]} — "
                "houd één van de twee regels over"
            )
        if problems:
            errors += problems
            continue
        first_line[old] = line
        redirects.append(Redirect(old, new, line))
    return RedirectMap(tuple(redirects), tuple(errors))


def load_map(path: Path, shown: str = MAP_NAME) -> RedirectMap:
    """The map at `path`; no file means no redirects."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return RedirectMap()
    except (OSError, UnicodeDecodeError):
        return RedirectMap(
            errors=(f"{shown}:1: het bestand is niet te lezen — sla het op als UTF-8-tekst",)
        )
    return read_map(text, shown)


def is_built(site_dir: Path, path: str) -> bool:
    """True when the build produced a page (or file) at this site path."""
    target = site_dir / path.lstrip("/")
    return (target / "index.html").is_file() if path.endswith("/") else target.is_file()


def rules(redirects: Iterable[Redirect], site_dir: Path) -> tuple[str, list[str]]:
    """The `_redirects` lines whose target exists, and a Dutch notice per one left out."""
    lines: list[str] = []
    notices: list[str] = []
    for redirect in redirects:
        if is_built(site_dir, redirect.new):
            lines.append(redirect.rule)
        else:
            notices.append(
                f"{MAP_NAME}:{redirect.line}: {redirect.new} staat (nog) niet op de site — "
                f"{redirect.old} wordt pas doorverwezen als die post online staat"
            )
    return "".join(lines), notices


def with_rules(existing: str, block: str) -> str:
    """`_redirects` with our rules after what is there; a rule already present is not doubled.

    The contact proxy rule is put first afterwards by hooks/api_proxy.py (the first match wins).
    """
    present = set(existing.splitlines())
    new = [line for line in block.splitlines(keepends=True) if line.rstrip("\n") not in present]
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return existing + "".join(new)
