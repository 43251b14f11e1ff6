"""Field types for the frontmatter schema: each normalises a value, then reports what is wrong.

A field never stops at the first problem: a list with two unknown categories gives two lines.
Every message is Dutch, addressed to the coach, and has the shape `wat er mis is — hoe je het
oplost`, with a concrete example she can copy.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from coachsite.slugs import ascii_slug

from .report import Problem, Severity, shown, visible

if TYPE_CHECKING:
    from .document import Document
    from .settings import SiteSettings


class _Invalid:
    """Marks a value that failed validation, so later rules (such as URLs) skip it."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass
class FileContext:
    """What every field of one file may need: where it is, the site facts, the raw lines."""

    path: Path
    shown: str
    settings: SiteSettings
    document: Document
    lines: list[str]
    is_post: bool
    data: Mapping[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class At:
    """The place of one field in one file; problems are reported through it."""

    file: FileContext
    field: str
    line: int
    children: list[int] | dict[str, int] | None = None

    def error(self, message: str, *, line: int | None = None) -> None:
        self._add(message, line, Severity.ERROR)

    def warning(self, message: str, *, line: int | None = None) -> None:
        self._add(message, line, Severity.WARNING)

    def _add(self, message: str, line: int | None, severity: Severity) -> None:
        # A key may hold anything YAML allows (a line break, a NUL): the report stays one line.
        name = shown(self.field) if self.field.strip() else '""'
        problem = Problem(self.file.shown, line or self.line, name, visible(message), severity)
        self.file.problems.append(problem)

    def item_line(self, index: int) -> int:
        if isinstance(self.children, list) and index < len(self.children):
            return self.children[index]
        return self.line

    @property
    def key(self) -> str:
        """The key as the coach writes it on its own line (`updated`, not `date.updated`)."""
        return self.field.rsplit(".", 1)[-1]

    @property
    def raw(self) -> str:
        """The value as written on the key's line, for quoting it back to the coach."""
        text = self.file.lines[self.line - 1] if 0 < self.line <= len(self.file.lines) else ""
        before, colon, after = text.partition(":")
        return after.strip() if colon and before.strip() == self.key else ""


class Requirement:
    OPTIONAL = "optional"
    RECOMMENDED = "recommended"
    REQUIRED = "required"


def nearest(word: str, options: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The option closest to a misspelt word (ignoring case), if one is close enough."""
    lowered = {option.lower(): option for option in options}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, dt.date):
        return "een datum"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict | tuple):
        return "een rij velden"
    if isinstance(value, set | frozenset):
        return "een verzameling (!!set)"
    if isinstance(value, bytes):
        return "binaire gegevens (!!binary)"
    return "een tekst"


def written(value: Any) -> str:
    """A scalar value as the report quotes it; a list or mapping by its kind, never spelt out
    (an alias can make one enormous)."""
    if isinstance(value, list | dict | tuple | set | frozenset | bytes):
        return kind_of(value)
    if value is None:
        return "leeg"
    return shown(str(value))


class Field:
    """One frontmatter key: whether it must be there, and how its value is checked.

    Subclasses implement `check`, returning the normalised value or INVALID. `example` is a line
    the coach can copy; `missing_hint` says what to add when a required key is absent.
    """

    name: str = ""

    def __init__(self, *, required: str = Requirement.OPTIONAL, needs: str | None = None) -> None:
        self.required = required
        self.needs = needs

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: ..."

    def missing_hint(self, settings: SiteSettings) -> str:
        return f"voeg het toe, bijvoorbeeld {self.example(settings)}"

    def on_missing(self, at: At, present: Mapping[str, Any]) -> None:
        if self.needs is not None:
            if self.needs in present:
                hint = self.missing_hint(at.file.settings)
                at.error(f"ontbreekt terwijl er een {self.needs} is — {hint}")
            return
        if self.required == Requirement.REQUIRED:
            at.error(f"ontbreekt — {self.missing_hint(at.file.settings)}")
        elif self.required == Requirement.RECOMMENDED:
            at.warning(f"ontbreekt — {self.missing_hint(at.file.settings)}")

    def validate(self, value: Any, at: At) -> Any:
        if value is None:
            example = self.example(at.file.settings)
            if self.required == Requirement.OPTIONAL and self.needs is None:
                at.error(
                    f"is leeg — vul een waarde in, bijvoorbeeld {example}, of haal de regel weg"
                )
            else:
                at.error(f"is leeg — {self.missing_hint(at.file.settings)}")
            return INVALID
        return self.check(value, at)

    def check(self, value: Any, at: At) -> Any:  # pragma: no cover - every field overrides it
        raise NotImplementedError

    # Shared shapes -------------------------------------------------------------------------

    def _text(self, value: Any, at: At) -> str | Any:
        """A single text; lists, mappings, numbers and true/false are explained."""
        example = self.example(at.file.settings)
        if isinstance(value, str):
            if not value.strip():
                at.error(f"is leeg — vul een waarde in, bijvoorbeeld {example}")
                return INVALID
            return value.strip()
        if isinstance(value, list):
            at.error(
                f"is een lijst, maar hier hoort één tekst — zet de tekst direct achter "
                f"{at.key}: zonder streepje ervoor, bijvoorbeeld {example}"
            )
        elif isinstance(value, dict):
            at.error(
                f"is een rij velden, maar hier hoort één tekst — schrijf bijvoorbeeld {example}"
            )
        elif isinstance(value, set | frozenset | bytes):
            at.error(
                f"is {kind_of(value)}, maar hier hoort tekst — haal het YAML-label weg en "
                f"schrijf bijvoorbeeld {example}"
            )
        else:
            as_written = shown(at.raw) or written(value)
            at.error(
                f"is {kind_of(value)}, maar hier hoort tekst — zet de waarde tussen "
                f'aanhalingstekens: {at.key}: "{as_written}"'
            )
        return INVALID

    def _text_list(self, value: Any, at: At) -> list[str] | Any:
        """A list of texts; a single text is explained with the list it should have been."""
        if isinstance(value, str):
            at.error(
                f"is één tekst, maar hier hoort een lijst — schrijf het als lijst: "
                f"{at.key}: [{shown(value.strip())}]"
            )
            return INVALID
        if not isinstance(value, list):
            at.error(
                f"is {kind_of(value)}, maar hier hoort een lijst — schrijf bijvoorbeeld "
                f"{self.example(at.file.settings)}"
            )
            return INVALID
        items: list[str] = []
        ok = True
        for index, item in enumerate(value):
            line = at.item_line(index)
            if isinstance(item, str) and item.strip():
                items.append(item.strip())
            elif isinstance(item, str) or item is None:
                at.error("bevat een leeg onderdeel — haal het lege streepje weg", line=line)
                ok = False
            elif isinstance(item, list | dict | tuple | set | frozenset | bytes):
                at.error(
                    f"onderdeel {index + 1} is {kind_of(item)}, maar hier hoort tekst — "
                    "zet elk onderdeel als tekst op een eigen regel met een streepje ervoor",
                    line=line,
                )
                ok = False
            else:
                at.error(
                    f"onderdeel {index + 1} ({written(item)}) is {kind_of(item)}, maar hier hoort "
                    f'tekst — zet het tussen aanhalingstekens: "{written(item)}"',
                    line=line,
                )
                ok = False
        seen: set[str] = set()
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip() in seen:
                at.warning(
                    f"'{shown(item.strip())}' staat twee keer in de lijst — haal er één weg",
                    line=at.item_line(index),
                )
            elif isinstance(item, str):
                seen.add(item.strip())
        return list(dict.fromkeys(items)) if ok else INVALID


class Text(Field):
    """A single line of text, such as a series name or a template."""

    def __init__(self, *, example: str = "...", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._example = example

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: {self._example}"

    def check(self, value: Any, at: At) -> Any:
        return self._text(value, at)


class Title(Text):
    """A title, which may also come from the heading the text starts with (`# Titel`, or
    `Titel` over a line of `=`)."""

    def missing_hint(self, settings: SiteSettings) -> str:
        return "zet title: Je titel in de frontmatter, of begin de tekst met een kop: # Je titel"

    def on_missing(self, at: At, present: Mapping[str, Any]) -> None:
        if not at.file.document.page_heading:
            super().on_missing(at, present)


# Written by `python -m coachsite.newpost`; a warning reminds the coach to replace it.
PLACEHOLDER_DESCRIPTION = (
    "Vervang deze zin door een korte samenvatting van de post: die staat in zoekmachines "
    "en bij het delen."
)


class Description(Text):
    """The summary search engines and link previews show: long enough to say something, short
    enough not to be cut off."""

    minimum = 50
    maximum = 160
    margin = 10

    def missing_hint(self, settings: SiteSettings) -> str:
        return (
            f"schrijf een samenvatting van {self.minimum} tot {self.maximum} tekens: "
            "die staat in zoekmachines en bij het delen van de link"
        )

    def check(self, value: Any, at: At) -> Any:
        text = self._text(value, at)
        if text is INVALID:
            return INVALID
        length = len(" ".join(text.split()))
        if length < self.minimum:
            at.error(
                f"is te kort ({length} tekens; minimaal {self.minimum}) — "
                f"vul de samenvatting aan tot {self.minimum} à {self.maximum} tekens"
            )
            return INVALID
        if length > self.maximum:
            at.error(
                f"is te lang ({length} tekens; maximaal {self.maximum}) — kort de samenvatting "
                "in; zoekmachines knippen de rest af"
            )
            return INVALID
        if text == PLACEHOLDER_DESCRIPTION:
            if at.file.data.get("draft") is True:
                at.warning("is nog de voorbeeldtekst — schrijf een eigen samenvatting van de post")
            else:
                at.error(
                    "is nog de voorbeeldtekst — schrijf een eigen samenvatting voordat de post "
                    "online gaat (of zet draft: true terug)"
                )
                return INVALID
        elif length < self.minimum + self.margin:
            at.warning(
                f"is {length} tekens, net boven het minimum van {self.minimum} — "
                "een iets langere samenvatting zegt lezers in zoekresultaten meer"
            )
        elif length > self.maximum - self.margin:
            at.warning(
                f"is {length} tekens, dicht bij het maximum van {self.maximum} — "
                "houd wat ruimte, zodat een kleine aanpassing hem niet te lang maakt"
            )
        return text


_DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_WRITTEN = re.compile(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})")
# A date with a time that YAML did not read as one: seconds or the colon in the offset missing
# (Jekyll writes `2016-10-06 11:10:38 -0700`), a time that does not exist, a named zone.
_DATE_TIME = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2}))(?:[Tt]|[ \t]+)"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
    r"(?:[ \t]*(?P<zone>Z|[A-Za-z]{2,5}|(?P<sign>[+-])(?P<zh>\d{1,2})(?P<colon>:?)(?P<zm>\d{2})?))?"
)
# Zone names in old posts, as offsets YAML reads (Jekyll and WordPress exports use these).
_ZONES = {
    "CET": "+01:00",
    "CEST": "+02:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "BST": "+01:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
}
_STARTS_WITH_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _as_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


class Date(Field):
    """One date or date and time, normalised to an aware datetime as Material does."""

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: 2025-03-14"

    def missing_hint(self, settings: SiteSettings) -> str:
        return f"zet de datum erbij als jaar-maand-dag, bijvoorbeeld {self.example(settings)}"

    def check(self, value: Any, at: At) -> Any:
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
        if isinstance(value, str):
            at.error(self._explain_text(value.strip(), at))
        elif isinstance(value, list):
            at.error(
                "is een lijst, maar hier hoort één datum — schrijf de datum direct achter "
                f"{at.key}:, bijvoorbeeld {at.key}: 2025-03-14"
            )
        else:
            at.error(
                f"{written(value)} is geen datum — schrijf jaar-maand-dag, bijvoorbeeld "
                f"{at.key}: 2025-03-14"
            )
        return INVALID

    def _explain_text(self, text: str, at: At) -> str:
        name = at.key
        quoted = at.raw[:1] in ("'", '"')
        if match := _YEAR_FIRST.fullmatch(text):
            date = _as_date(*match.groups())
            if date is None:
                return f"{text} bestaat niet — controleer de maand en de dag (jaar-maand-dag)"
            if quoted and "-" in text and date.isoformat() == text:
                return (
                    f"staat tussen aanhalingstekens, dus de site ziet het als tekst — "
                    f"haal de aanhalingstekens weg: {name}: {text}"
                )
            return (
                f"'{text}' is geen datum die de site begrijpt — schrijf {name}: {date.isoformat()}"
            )
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = match.groups()
            date = _as_date(year, month, day)
            if date is not None:
                return (
                    f"'{text}' is geen datum die de site begrijpt — schrijf eerst het jaar, "
                    f"dan maand en dag: {name}: {date.isoformat()}"
                )
        if match := _WRITTEN.fullmatch(text.lower()):
            day, month_name, year = match.groups()
            if month_name in _DUTCH_MONTHS:
                date = _as_date(year, str(_DUTCH_MONTHS.index(month_name) + 1), day)
                if date is not None:
                    return (
                        f"'{text}' is geen datum die de site begrijpt — schrijf de datum in "
                        f"cijfers, jaar-maand-dag: {name}: {date.isoformat()}"
                    )
        if match := _DATE_TIME.fullmatch(text):
            return self._explain_date_time(match, text, name, quoted)
        shown_text = shown(text)
        if match := _STARTS_WITH_DATE.match(text):
            date = _as_date(*match.groups())
            if date is not None:
                return (
                    f"'{shown_text}' is geen datum die de site begrijpt — schrijf alleen "
                    f"jaar-maand-dag: {name}: {date.isoformat()}"
                )
        return (
            f"'{shown_text}' is geen datum — schrijf jaar-maand-dag, bijvoorbeeld "
            f"{name}: 2025-03-14"
        )

    @staticmethod
    def _explain_date_time(match: re.Match[str], text: str, name: str, quoted: bool) -> str:
        """Keep the coach's day, time and time zone in the fix; only the form changes."""
        parts = match.groupdict()
        date = _as_date(parts["year"], parts["month"], parts["day"])
        if date is None:
            return f"{text} bestaat niet — controleer de maand en de dag (jaar-maand-dag)"
        hour, minute = int(parts["hour"]), int(parts["minute"])
        second = int(parts["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return (
                f"'{text}' bevat een tijdstip dat niet bestaat — schrijf uren van 00 tot 23 en "
                f"minuten en seconden van 00 tot 59, bijvoorbeeld {name}: {date.isoformat()} "
                "09:30:00"
            )
        moment = f"{date.isoformat()} {hour:02d}:{minute:02d}:{second:02d}{parts['fraction'] or ''}"
        fixes: list[str] = []
        if parts["second"] is None:
            fixes.append("zet er seconden bij")
        zone = parts["zone"]
        if zone is None or zone == "Z":
            offset = f" {zone}" if zone else ""
        elif parts["sign"] is None:
            if zone.upper() in ("UTC", "GMT"):
                offset = ""
                fixes.append(f"laat {zone} weg (de site rekent al in UTC)")
            elif zone.upper() in _ZONES:
                offset = f" {_ZONES[zone.upper()]}"
                fixes.append(f"schrijf de tijdzone {zone} als verschil met UTC")
            else:
                return (
                    f"'{text}' heeft een tijdzone die de site niet kent ({zone}) — schrijf het "
                    f"verschil met UTC, bijvoorbeeld {name}: {moment} +01:00, of laat de "
                    "tijdzone weg (dan geldt UTC)"
                )
        else:
            zone_hours, zone_minutes = int(parts["zh"]), int(parts["zm"] or 0)
            if zone_hours > 23 or zone_minutes > 59:
                return (
                    f"'{text}' heeft een tijdzone die niet bestaat ({zone}) — schrijf het "
                    f"verschil met UTC als uren:minuten, bijvoorbeeld {name}: {moment} +01:00"
                )
            offset = f" {parts['sign']}{zone_hours:02d}:{zone_minutes:02d}"
            if not parts["colon"] and parts["zm"] is not None:
                fixes.append("zet een dubbele punt in de tijdzone")
            elif parts["zm"] is None and len(parts["zh"]) == 1:
                fixes.append("schrijf de tijdzone als uren:minuten")
        if not fixes and quoted:
            return (
                "staat tussen aanhalingstekens, dus de site ziet het als tekst — "
                f"haal de aanhalingstekens weg: {name}: {text}"
            )
        how = " en ".join(fixes) + ":" if fixes else "schrijf"
        return f"'{text}' is geen tijdstip dat de site begrijpt — {how} {name}: {moment}{offset}"


class Flag(Field):
    """true or false, written without quotes (a quoted "false" would count as true)."""

    _YES: ClassVar[set[str]] = {"true", "yes", "ja", "on", "y", "j", "1", "waar"}
    _NO: ClassVar[set[str]] = {"false", "no", "nee", "off", "n", "0", "onwaar"}

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: true"

    def check(self, value: Any, at: At) -> Any:
        if isinstance(value, bool):
            return value
        word = written(value).strip().lower()
        suggestion = "true" if word in self._YES else "false" if word in self._NO else None
        if isinstance(value, str):
            what = f'is de tekst "{shown(value)}", maar hier hoort true of false'
        elif kind_of(value) == written(value):
            what = f"is {kind_of(value)}, maar hier hoort true of false"
        else:
            what = f"is {kind_of(value)} ({written(value)}), maar hier hoort true of false"
        if suggestion:
            at.error(f"{what} — schrijf {at.key}: {suggestion} (zonder aanhalingstekens)")
        else:
            at.error(f"{what} — schrijf {at.key}: true of {at.key}: false")
        return INVALID


class Number(Field):
    """A whole number of at least `minimum` (readtime) or any positive number (search boost)."""

    def __init__(
        self, *, whole: bool = True, minimum: float = 1, example: str = "5", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.whole = whole
        self.minimum = minimum
        self._example = example

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: {self._example}"

    def check(self, value: Any, at: At) -> Any:
        kinds = (int,) if self.whole else (int, float)
        if (
            isinstance(value, bool)
            or not isinstance(value, kinds)
            or not math.isfinite(value)
            or value < self.minimum
        ):
            what = "een heel getal" if self.whole else "een getal"
            at.error(
                f"{shown(at.raw) or written(value)} is geen geldige waarde — hier hoort {what} "
                f"vanaf {self.minimum:g}, bijvoorbeeld {at.key}: {self._example}"
            )
            return INVALID
        return value


class Choices(Field):
    """A list whose items come from a fixed vocabulary (categories, authors, parts to hide).

    `options` reads the vocabulary from the site settings, so each list lives in one place.
    """

    def __init__(
        self,
        *,
        options: Callable[[SiteSettings], Sequence[str]],
        unknown: str,
        choose: str,
        add_hint: Callable[[SiteSettings], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.options = options
        self.unknown = unknown
        self.choose = choose
        self.add_hint = add_hint

    def example(self, settings: SiteSettings) -> str:
        options = self.options(settings)
        return f"{self.name}: [{options[0] if options else '...'}]"

    def missing_hint(self, settings: SiteSettings) -> str:
        options = self.options(settings)
        if not options:
            return self.add_hint(settings)
        return f"{self.choose}: {', '.join(options)}; bijvoorbeeld {self.example(settings)}"

    def check(self, value: Any, at: At) -> Any:
        items = self._text_list(value, at)
        if items is INVALID:
            return INVALID
        settings = at.file.settings
        if not items:
            at.error(f"is een lege lijst — {self.missing_hint(settings)}")
            return INVALID
        options = self.options(settings)
        valid = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or item.strip() in options:
                continue
            valid = False
            line = at.item_line(index)
            item = shown(item.strip())
            if not options:
                at.error(f"'{item}' {self.unknown} — {self.add_hint(settings)}", line=line)
            elif near := nearest(item, options):
                at.error(
                    f"'{item}' {self.unknown} — bedoelde je '{near}'? "
                    f"{self.choose.capitalize()}: {', '.join(options)}",
                    line=line,
                )
            else:
                at.error(
                    f"'{item}' {self.unknown} — {self.choose}: {', '.join(options)}, "
                    f"of {self.add_hint(settings)}",
                    line=line,
                )
        return items if valid else INVALID


class TextList(Field):
    """A list of short texts, such as tags."""

    def __init__(self, *, max_length: int, example: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length
        self._example = example

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: {self._example}"

    def missing_hint(self, settings: SiteSettings) -> str:
        return (
            f"voeg een paar trefwoorden toe, bijvoorbeeld {self.example(settings)}, "
            "zodat lezers verwante posts vinden"
        )

    def check(self, value: Any, at: At) -> Any:
        items = self._text_list(value, at)
        if items is INVALID:
            return INVALID
        valid = True
        for index, item in enumerate(value):
            if isinstance(item, str) and len(item.strip()) > self.max_length:
                at.error(
                    f"'{shown(item.strip())}' is te lang ({len(item.strip())} tekens; maximaal "
                    f"{self.max_length}) — kies een korter trefwoord",
                    line=at.item_line(index),
                )
                valid = False
        return items if valid else INVALID


class Slug(Field):
    """The last part of the post's URL: lowercase words and digits joined by hyphens."""

    PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: mijn-eerste-post"

    def check(self, value: Any, at: At) -> Any:
        text = self._text(value, at)
        if text is INVALID:
            return INVALID
        if not self.PATTERN.fullmatch(text):
            better = ascii_slug(text) or "mijn-eerste-post"
            at.error(
                f"'{shown(text)}' is geen geldige slug — gebruik alleen kleine letters en cijfers "
                f"met streepjes ertussen, bijvoorbeeld {at.key}: {better}"
            )
            return INVALID
        return text


# Longest name of one file or folder on the file systems we meet (ext4, APFS, NTFS), in bytes.
_NAME_MAX = 255
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# The largest image file a post may use, in bytes: a reader on a phone waits for every one.
MAX_IMAGE_BYTES = 1_000_000


def file_size(size: int) -> str:
    """A number of bytes as the coach reads it: "2,4 MB", "1 MB", "850 KB" (1 MB = 1000 KB)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}".removesuffix(".0").replace(".", ",") + " MB"
    return f"{max(1, round(size / 1000))} KB"


def too_large(size: int) -> str:
    """What to say of an image file of `size` bytes, larger than MAX_IMAGE_BYTES, and the fix."""
    limit = file_size(MAX_IMAGE_BYTES)
    written = file_size(size)
    if written == limit:  # 1.000.400 bytes: not "1 MB, meer dan 1 MB"
        written = f"net iets meer dan {limit}"
    return (
        f"is {written} groot, en een afbeelding mag hooguit {limit} zijn, zodat de site snel "
        "blijft — verklein de afbeelding tot hooguit 2000 pixels breed of sla hem op als JPEG "
        "met kwaliteit 80"
    )


class Image(Field):
    """A picture for the post, as a path relative to the post (or to docs/ with a leading /)."""

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: images/foto.jpg"

    def check(self, value: Any, at: At) -> Any:
        text = self._text(value, at)
        if text is INVALID:
            return INVALID
        if re.match(r"[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
            at.error(
                "is een webadres — de site laadt niets van andere websites; zet de afbeelding "
                "in de map docs/ en verwijs ernaar, bijvoorbeeld image: images/foto.jpg"
            )
            return INVALID
        settings = at.file.settings
        example = f"{at.key}: images/foto.jpg"
        if text[:5].lower() == "data:":
            folder = settings.relative(at.file.path.parent / "images")
            at.error(
                f"is een ingeplakte afbeelding ({shown(text, 30)}, {len(text)} tekens) — sla de "
                f"afbeelding op als bestand, bijvoorbeeld in {folder}/, en verwijs ernaar: "
                f"{example}"
            )
            return INVALID
        if control := _CONTROL.search(text):
            at.error(
                f"'{shown(text)}' bevat een onzichtbaar teken (U+{ord(control.group()):04X}) — "
                f"typ de bestandsnaam opnieuw, bijvoorbeeld {example}"
            )
            return INVALID
        longest = max(re.split(r"[/\\]", text), key=lambda part: len(part.encode()))
        if len(longest.encode()) > _NAME_MAX:
            return self._too_long(text, longest, at)
        base = settings.docs_dir if text.startswith("/") else at.file.path.parent
        try:
            target = (base / text.lstrip("/")).resolve()
            found = target.is_file()
        except OSError as error:
            if error.errno == errno.ENAMETOOLONG:
                return self._too_long(text, longest, at)
            at.error(
                f"'{shown(text)}' is niet te openen — controleer de bestandsnaam, en of je het "
                "bestand mag lezen"
            )
            return INVALID
        if not found:
            at.error(
                f"'{shown(text)}' bestaat niet (gezocht: {shown(settings.relative(target))}) — "
                "controleer de bestandsnaam, of zet de afbeelding op die plek"
            )
            return INVALID
        try:
            size = target.stat().st_size
        except OSError:
            size = 0
        if size > MAX_IMAGE_BYTES:
            message = f"'{shown(text)}' {too_large(size)}"
            if at.file.data.get("draft") is True:  # not published yet: advice, as in the text
                at.warning(message)
                return text
            at.error(message)
            return INVALID
        return text

    @staticmethod
    def _too_long(text: str, name: str, at: At) -> Any:
        at.error(
            f"'{shown(text)}' heeft een te lange bestandsnaam ({len(name)} tekens) — geef de "
            f"afbeelding een kortere naam, bijvoorbeeld {at.key}: images/foto.jpg"
        )
        return INVALID


class ImageAlt(Text):
    """What the image shows, for readers who cannot see it; only meaningful with an image."""

    def missing_hint(self, settings: SiteSettings) -> str:
        return (
            "beschrijf in één zin wat er op de afbeelding te zien is (voor wie hem niet kan "
            "zien), bijvoorbeeld image_alt: Twee mensen in gesprek aan een tafel"
        )

    def validate(self, value: Any, at: At) -> Any:
        result = super().validate(value, at)
        if self.needs is not None and self.needs not in at.file.data:
            at.warning(
                f"heeft geen effect zonder {self.needs} — haal het weg, of voeg {self.needs} toe"
            )
        return result


class Links(Field):
    """Material's related links: a list of pages, `Titel: pad.md` entries or sections."""

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: [blog/index.md]"

    def check(self, value: Any, at: At) -> Any:
        if not isinstance(value, list):
            at.error(
                f"is {kind_of(value)}, maar hier hoort een lijst van pagina's — schrijf "
                f"bijvoorbeeld {self.example(at.file.settings)}"
            )
            return INVALID
        valid = True
        for index, item in enumerate(value):
            if isinstance(item, str) or (isinstance(item, dict) and len(item) == 1):
                continue
            at.error(
                f"onderdeel {index + 1} is geen pagina — schrijf een pad (blog/index.md) of "
                "Titel: pad.md",
                line=at.item_line(index),
            )
            valid = False
        return value if valid else INVALID
