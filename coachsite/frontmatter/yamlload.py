"""YAML loading that remembers where each key stands, for reports with line numbers.

PyYAML's SafeLoader builds plain dicts and forgets positions, silently keeps the last of two equal
keys, and turns `2026-02-30` into a ValueError without a line. Our loader records the line of every
top-level key and list item, lists duplicate keys instead of hiding them, and leaves impossible
dates as text so the schema can explain them. The C loader is used when PyYAML has it: it is
about seven times faster, which keeps the check of a thousand posts well under a second.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .report import shown

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping; lines are 0-based within the YAML text."""

    key: str
    first_line: int
    again_line: int


@dataclass(frozen=True)
class TagProblem:
    """A value YAML cannot build: an unknown tag (`!foo`), or a value that does not fit its tag.

    `tag` is the tag as written (`!!int`), or None when YAML chose it itself (a number too
    long to read, a lone `=`); `value` is the written value, or None for a list or mapping.
    The value is kept as written (text, list or mapping), so the other fields are still
    checked.
    """

    line: int
    tag: str | None
    value: str | None
    unknown: bool


@dataclass
class ParsedYaml:
    """The data of a YAML document plus where each top-level key and its items stand.

    Lines are 0-based within the YAML text; the caller adds the offset of the frontmatter block.
    `item_lines` holds, per top-level key, the line of each list item (for a list) or of each
    sub-key (for a mapping).
    """

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int] | dict[str, int]] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    tag_problems: list[TagProblem] = field(default_factory=list)


# YAML also ends a line at these; MkDocs, Material and our reports only at a newline.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
# A tag as written at the start of a node, possibly after its anchor: `!foo`, `&a !!int`.
_WRITTEN_TAG = re.compile(r"(?:&\S+[ \t]+)?(![^\s,\[\]{}]*)")
# What YAML's constructors raise on a value that does not fit its tag (`!!int abc`).
_UNFIT = (ValueError, KeyError, AttributeError, TypeError, OverflowError)


def tag_message(tag: str | None, value: str | None, unknown: bool) -> str:
    """The Dutch `wat — hoe` for a value YAML cannot build (see TagProblem)."""
    if unknown:
        return (
            f"gebruikt het YAML-label {tag}, dat de site niet kent — haal {tag} weg "
            "(zet de waarde zo nodig tussen aanhalingstekens)"
        )
    what = f"'{shown(value)}'" if value is not None else "deze waarde"
    if tag is None:
        return (
            f"YAML kan {what} niet lezen zoals het er staat — zet de waarde tussen aanhalingstekens"
        )
    return f"{what} past niet bij het YAML-label {tag} — haal {tag} weg"


class _Tolerant:
    """What our loaders add to PyYAML's SafeLoader (mixed into the C and the Python one).

    Keys that YAML 1.1 turns into something else (`on:` into True, `No:` into False) keep the
    name as written, so the report names the key the coach wrote; values YAML cannot build are
    listed as TagProblems and kept as written, so one bad value does not hide the other fields.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.source = stream
        self.other_breaks = _OTHER_BREAKS.search(stream) is not None
        self.duplicates: list[DuplicateKey] = []
        self.tag_problems: list[TagProblem] = []

    def line_at(self, mark: yaml.Mark) -> int:
        if not self.other_breaks:
            return int(mark.line)
        return self.source.count("\n", 0, mark.index)

    def written_tag(self, node: yaml.Node) -> str | None:
        match = _WRITTEN_TAG.match(self.source, node.start_mark.index)
        return match.group(1) if match else None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        deep_before = self.deep_construct  # type: ignore[attr-defined]
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except yaml.constructor.ConstructorError as error:
            tag = self.written_tag(node)
            mark = error.problem_mark
            if mark is None or mark.index != node.start_mark.index:
                raise  # not about this node: a real YAML error, explained with its line
            if tag is None and not isinstance(node, yaml.ScalarNode):
                raise  # pragma: no cover - an untagged list or mapping always loads
            # Untagged, it is a value YAML 1.1 gives a meaning it cannot build (`=`).
            unknown = tag is not None and "could not determine a constructor" in str(error.problem)
            return self._keep_as_written(node, tag, unknown, deep_before)
        except _UNFIT:
            if not isinstance(node, yaml.ScalarNode):
                raise  # pragma: no cover - constructors of lists and mappings raise YAML errors
            return self._keep_as_written(node, self.written_tag(node), False, deep_before)

    def _keep_as_written(
        self, node: yaml.Node, tag: str | None, unknown: bool, deep_before: bool
    ) -> Any:
        self.deep_construct = deep_before
        self.recursive_objects.pop(node, None)  # type: ignore[attr-defined]
        written = node.value if isinstance(node, yaml.ScalarNode) else None
        self.tag_problems.append(TagProblem(self.line_at(node.start_mark), tag, written, unknown))
        if isinstance(node, yaml.ScalarNode):
            self.constructed_objects[node] = node.value  # type: ignore[attr-defined]
            return node.value
        # Registered before the items are built, so an alias to this node finds it.
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.constructed_objects[node] = items  # type: ignore[attr-defined]
            items.extend(self.construct_object(child, deep=True) for child in node.value)
            return items
        mapping: dict[Any, Any] = {}
        self.constructed_objects[node] = mapping  # type: ignore[attr-defined]
        mapping.update(self.construct_mapping(node, deep=True))  # type: ignore[arg-type]
        return mapping

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        mapping: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str) and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # `on:` is the key "on" here, not True
            try:
                first = seen.get(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
            line = self.line_at(key_node.start_mark)
            if first is None:
                seen[key] = line
            else:
                self.duplicates.append(DuplicateKey(str(key), first, line))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            # `2026-02-30` looks like a date to YAML but is none: keep the text for the schema.
            return self.construct_scalar(node)  # type: ignore[attr-defined]


class FrontmatterLoader(_Tolerant, _BaseLoader):  # type: ignore[misc,valid-type]
    """A SafeLoader that records duplicate keys and unbuildable values, and keeps impossible
    dates as text."""


class _PureFrontmatterLoader(_Tolerant, yaml.SafeLoader):  # type: ignore[misc]
    """The same in pure Python, whose error messages are the same on every platform."""


for _loader in (FrontmatterLoader, _PureFrontmatterLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)


def _child_lines(node: yaml.Node, loader: _Tolerant) -> list[int] | dict[str, int] | None:
    if isinstance(node, yaml.SequenceNode):
        return [loader.line_at(item.start_mark) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): loader.line_at(key.start_mark) for key, _ in node.value}
    return None


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document; raises yaml.YAMLError on a syntax error."""
    loader = FrontmatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(data=None)
        data = loader.construct_document(node)
        parsed = ParsedYaml(
            data=data, duplicates=loader.duplicates, tag_problems=loader.tag_problems
        )
        if isinstance(node, yaml.MappingNode):
            # construct_document flattened merge keys, so node.value now matches the data.
            for key_node, value_node in node.value:
                key = str(key_node.value)
                parsed.key_lines[key] = loader.line_at(key_node.start_mark)
                children = _child_lines(value_node, loader)
                if children is not None:
                    parsed.item_lines[key] = children
        return parsed
    finally:
        loader.dispose()


def _character_name(char: str) -> str:
    names = {
        "\x00": "NUL",
        "\x85": "regeleinde NEL",
        "\u2028": "regelscheiding",
        "\u2029": "alineascheiding",
    }
    code = f"U+{ord(char):04X}"
    return f"{code}, {names[char]}" if char in names else code


@dataclass(frozen=True)
class YamlExplanation:
    """A YAML error in Dutch: its 0-based line in the YAML text (None if YAML gave none),
    `what — how to fix`, and whether it is about one character in the value of the key on
    that line (then the report names that key, not the whole frontmatter)."""

    line: int | None
    message: str
    in_value: bool = False


def key_above(text: str, line: int) -> str | None:
    """The top-level key written on `line` of the YAML text, or on the nearest line above."""
    lines = text.split("\n")
    for candidate in reversed(lines[: line + 1]):
        if match := _TOP_LEVEL_KEY.match(candidate):
            return match.group(1).strip()
    return None


_TOP_LEVEL_KEY = re.compile(r"([^\s#:\-?'\"][^:]*?):(?:[ \t]|$)")


def explain_yaml_error(error: yaml.YAMLError, text: str) -> YamlExplanation:
    """A Dutch `what — how to fix` for a YAML error, and where it is (see YamlExplanation).

    The message is derived from the pure-Python parser, whose wording is stable across
    platforms (libyaml words some problems differently), so the report is the same everywhere.
    Lines are counted in newlines from the error's position, as the file's lines are: YAML
    also breaks lines at U+2028 and friends, which would shift its own line numbers.
    """
    try:
        # Inside the try: the reader refuses a NUL already when the loader is made.
        loader = _PureFrontmatterLoader(text)
        try:
            loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as pure_error:
        error = pure_error
    if isinstance(error, yaml.reader.ReaderError):
        position = min(max(error.position, 0), len(text))
        char = text[position] if position < len(text) else chr(error.character)
        return YamlExplanation(
            text.count("\n", 0, position),
            f"bevat een onzichtbaar teken ({_character_name(char)}) dat YAML niet toestaat — "
            "verwijder het (het komt meestal mee bij kopiëren en plakken)",
            in_value=True,
        )
    problem_mark = getattr(error, "problem_mark", None)
    if problem_mark is not None and (odd := _other_break_before(text, problem_mark)):
        return YamlExplanation(
            text.count("\n", 0, odd.start()),
            f"bevat een onzichtbaar teken ({_character_name(odd.group())}) dat YAML als "
            "regeleinde leest — verwijder het, of vervang het door een spatie",
            in_value=True,
        )
    # A list or mapping that does not fit its tag (`!!set [a]`) fails only after loading.
    if (
        isinstance(error, yaml.constructor.ConstructorError)
        and problem_mark is not None
        and (tag := _WRITTEN_TAG.match(text, problem_mark.index))
    ):
        unknown = "could not determine a constructor" in str(error.problem)
        return YamlExplanation(
            _line(text, problem_mark), tag_message(tag.group(1), None, unknown), in_value=True
        )
    return YamlExplanation(*_explain_syntax(error, text))


def _explain_syntax(error: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line = _line(text, problem_mark)
    if "'\\t'" in problem or (problem_mark is not None and _char_at(text, problem_mark) == "\t"):
        return line, (
            "bevat een tab — YAML accepteert alleen spaties om in te springen; "
            "vervang de tab door spaties"
        )
    if "mapping values are not allowed" in problem and _indented_key(text, problem_mark):
        return line, (
            "deze regel springt in, maar hoort niet onder het veld erboven — begin hem aan "
            "het begin van de regel, zonder spaties ervoor"
        )
    if "mapping values are not allowed" in problem:
        return line, (
            "er staat een dubbele punt midden in een waarde — zet de hele waarde tussen "
            'aanhalingstekens, bijvoorbeeld title: "Leiderschap: waar begin je?"'
        )
    if "while scanning a quoted scalar" in context:
        start = _line(text, context_mark) if context_mark is not None else line
        return start, (
            "een aanhalingsteken wordt niet gesloten — zet aan het eind van de waarde "
            "hetzelfde aanhalingsteken als aan het begin"
        )
    if "could not find expected ':'" in problem or "while scanning a simple key" in context:
        start = _line(text, context_mark) if context_mark is not None else line
        return start, (
            "deze regel mist de dubbele punt tussen veld en waarde — schrijf veld: waarde, "
            "bijvoorbeeld title: Mijn titel"
        )
    if "expected <block end>" in problem or "expected <document start>" in problem:
        return line, (
            "de inspringing klopt niet — begin elk veld aan het begin van de regel en "
            "zet lijstregels eronder als twee spaties, een streepje en een spatie"
        )
    if "cannot start any token" in problem:
        return line, (
            "een waarde begint met een teken dat YAML niet toestaat (zoals @ of `) — "
            "zet de waarde tussen aanhalingstekens"
        )
    if "alias" in problem or "anchor" in problem:
        return line, ("een waarde begint met * of & — zet de waarde tussen aanhalingstekens")
    if "found unhashable key" in problem:
        return line, (
            "een veldnaam is een lijst of een rij velden — schrijf de naam van het veld als "
            "gewone tekst, bijvoorbeeld title: Mijn titel"
        )
    if "for merging" in problem:
        return line, (
            "<< voegt velden van elders samen, maar hier staan geen velden achter — "
            "haal de regel met << weg"
        )
    reason = shown(problem or str(error).splitlines()[0])
    return line, (
        f"de YAML is niet te lezen ({reason}) — controleer deze regel op dubbele punten, "
        "aanhalingstekens en inspringing"
    )


def _line(text: str, mark: yaml.Mark | None) -> int | None:
    if mark is None:
        return None
    return text.count("\n", 0, min(mark.index, len(text)))


def _other_break_before(text: str, mark: yaml.Mark) -> re.Match[str] | None:
    """The last YAML-only line break on the marked line or the line before it, if any: YAML
    stumbles on the line it started, or only at the next one."""
    line_start = text.rfind("\n", 0, mark.index) + 1
    start = text.rfind("\n", 0, line_start - 1) + 1 if line_start > 0 else 0
    end = text.find("\n", mark.index)
    found = list(_OTHER_BREAKS.finditer(text, start, end if end != -1 else len(text)))
    return found[-1] if found else None


def _indented_key(text: str, mark: yaml.Mark | None) -> bool:
    """True when the offending line is `  key: value`: indentation, not a colon in a value."""
    if mark is None:
        return False
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    line = text[start : end if end != -1 else len(text)]
    return re.fullmatch(r"[ ]+[\w-]+:(?:\s.*)?", line) is not None


def _char_at(text: str, mark: yaml.Mark) -> str:
    return text[mark.index] if 0 <= mark.index < len(text) else ""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold `!ENV`, `!relative` or `!!python/name:` tags."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Same rule as MkDocs' !ENV: the first variable that is set wins, else the last item is
    # the default. Only the names of blog settings matter here, so this is enough.
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        *names, default = items if len(items) > 1 else (*items, None)
    else:
        names, default = [loader.construct_scalar(node)], None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.load(os.environ[name], Loader=yaml.SafeLoader)
    return default


_TolerantLoader.add_constructor("!ENV", _construct_env)
_TolerantLoader.add_multi_constructor("", _construct_tagged)


def load_tolerant(text: str) -> Any:
    """Load a configuration file, reading unknown tags as their plain value."""
    return yaml.load(text, Loader=_TolerantLoader)
