"""`import-mapping.yml`: which category and author of the old blog become which on this site.

The old blog's categories are rarely the site's `categories_allowed`, and its authors are
logins, not the ids of `.authors.yml`. The first import writes this file beside mkdocs.yml with
a proposal for every name it met: the allowed category that shares a word with it (or looks
most like it), else the first allowed category with a "let op" comment; every author becomes
the first author. The coach edits the right-hand side and imports again with `--force`. A later
import adds the names it has not seen before at the end of their section and leaves the rest
of the file, comments included, as it is. Wrong values stop the import with `file:line` lines.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAPPING_NAME = "import-mapping.yml"

HEADER = """\
# Hoe `make import` de categorieën en auteurs van het oude blog overneemt: links de naam
# op het oude blog, rechts die op deze site. Pas de rechterkant aan en importeer opnieuw
# met --force. Toegestaan zijn de categorieën onder categories_allowed in mkdocs.yml en de
# auteurs in docs/blog/.authors.yml. De oude categorie blijft als trefwoord (tag) bewaard.
"""
SECTIONS = ("categories", "authors")
NO_MATCH = "  # let op: geen passende categorie gevonden, kies zelf"


class MappingError(Exception):
    """The mapping file is broken; `lines` are Dutch `file:line` messages."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class Mapping:
    """The chosen category and author per old name, and the file's text to write (if changed)."""

    categories: dict[str, str] = field(default_factory=dict)
    authors: dict[str, str] = field(default_factory=dict)
    text: str = ""
    changed: bool = False
    added: list[str] = field(default_factory=list)
    # New old categories that matched nothing and went to the first allowed one.
    unmatched: list[str] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _alike(word: str, other: str) -> bool:
    """One word inside the other (compounds), or spelt nearly the same (a typo)."""
    return (
        word in other or other in word or difflib.SequenceMatcher(None, word, other).ratio() > 0.8
    )


def closest_category(name: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed category meant by an old one, or None when nothing is close enough.

    Same name in other capitals first; then the one sharing the most words (a word inside a
    compound counts: "leiderschap" is in "Zelfleiderschap", and so does a word spelt
    nearly the same); then a near spelling of the whole name.
    """
    for option in allowed:
        if option.casefold() == name.casefold():
            return option
    words = [w for w in _words(name) if len(w) > 3]
    best, best_score = None, 0
    for option in allowed:
        option_words = _words(option)
        score = sum(1 for w in words if any(_alike(w, o) for o in option_words if len(o) > 3))
        if score > best_score:
            best, best_score = option, score
    if best is not None:
        return best
    near = difflib.get_close_matches(name.casefold(), [o.casefold() for o in allowed], 1, 0.7)
    return next((o for o in allowed if near and o.casefold() == near[0]), None)


def _scalar(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar, whatever the name holds.
    return json.dumps(text, ensure_ascii=False)


def _entry(name: str, value: str, comment: str = "") -> str:
    return f"  {_scalar(name)}: {_scalar(value)}{comment}\n"


def _read(text: str, shown: str) -> tuple[dict[str, dict[str, tuple[str, int]]], dict[str, int]]:
    """Each section's entries with their lines, and the line after each section's last entry."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise MappingError(
            [
                f"{shown}:{line}: het bestand is niet te lezen — controleer dubbele punten, "
                "aanhalingstekens en inspringing"
            ]
        ) from error
    sections: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in SECTIONS}
    ends: dict[str, int] = {}
    if root is None:
        return sections, ends
    if not isinstance(root, yaml.MappingNode):
        raise MappingError([f"{shown}:1: verwacht de kopjes categories: en authors:"])
    errors: list[str] = []
    for key, value in root.value:
        name = str(key.value)
        if name not in SECTIONS:
            errors.append(
                f"{shown}:{key.start_mark.line + 1}: {name}: is geen bekend kopje — "
                "gebruik categories: of authors:"
            )
            continue
        ends[name] = key.start_mark.line + 1
        if isinstance(value, yaml.ScalarNode) and value.value == "":
            continue
        if not isinstance(value, yaml.MappingNode):
            errors.append(
                f"{shown}:{key.start_mark.line + 1}: {name}: hieronder hoort per regel "
                '"oude naam": "nieuwe naam"'
            )
            continue
        for old, new in value.value:
            line = old.start_mark.line + 1
            if not isinstance(new, yaml.ScalarNode) or not isinstance(old, yaml.ScalarNode):
                errors.append(f'{shown}:{line}: hier hoort "oude naam": "nieuwe naam"')
                continue
            sections[name][str(old.value)] = (str(new.value), line)
            ends[name] = new.end_mark.line + (0 if new.end_mark.column == 0 else 1)
    if errors:
        raise MappingError(errors)
    return sections, ends


def load_mapping(
    path: Path,
    shown: str,
    *,
    categories: list[str],
    authors: list[str],
    allowed: tuple[str, ...],
    site_authors: tuple[str, ...],
) -> Mapping:
    """The mapping for these old names: the file's choices, plus proposals for new names."""
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    sections, ends = _read(text, shown)
    errors: list[str] = []
    for old, (new, line) in sections["categories"].items():
        if new not in allowed:
            suggestion = closest_category(new, allowed) or allowed[0]
            errors.append(
                f"{shown}:{line}: '{new}' is geen toegestane categorie — kies uit "
                f'{", ".join(allowed)} (bijvoorbeeld "{old}": "{suggestion}")'
            )
    for new, line in sections["authors"].values():
        if new not in site_authors:
            errors.append(
                f"{shown}:{line}: '{new}' staat niet in het auteursbestand — kies uit "
                f"{', '.join(site_authors)}"
            )
    if errors:
        raise MappingError(errors)

    mapping = Mapping(
        categories={old: new for old, (new, _) in sections["categories"].items()},
        authors={old: new for old, (new, _) in sections["authors"].items()},
    )
    new_entries: dict[str, list[str]] = {name: [] for name in SECTIONS}
    for name in categories:
        if name not in mapping.categories:
            chosen = closest_category(name, allowed)
            mapping.categories[name] = chosen or allowed[0]
            new_entries["categories"].append(
                _entry(name, mapping.categories[name], "" if chosen else NO_MATCH)
            )
            mapping.added.append(name)
            if chosen is None:
                mapping.unmatched.append(name)
    for name in authors:
        if name not in mapping.authors:
            mapping.authors[name] = site_authors[0]
            new_entries["authors"].append(_entry(name, site_authors[0]))
            mapping.added.append(name)
    if not any(new_entries.values()):
        mapping.text = text
        return mapping

    lines = text.splitlines(keepends=True) if text else [HEADER]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # Insert from the bottom up, so that the earlier section's line numbers still hold.
    for name in sorted(SECTIONS, key=lambda n: ends.get(n, 10**9), reverse=True):
        if not new_entries[name]:
            continue
        if name in ends:
            lines[ends[name] : ends[name]] = new_entries[name]
        else:
            lines += [f"{name}:\n", *new_entries[name]]
    mapping.text = "".join(lines)
    mapping.changed = True
    return mapping
