"""The practice's colours, from mkdocs.yml `extra.brand`, for the stylesheet and share images.

The colours are set once, in mkdocs.yml. The build writes them into a small stylesheet of CSS
custom properties (hooks/brand.py) and draws the share images in them (coachsite.share_image),
so changing a colour there changes the site and every share image alike.

A colour that would make text unreadable is refused with the pair and its contrast named: the
site keeps to WCAG 2.1 AA (4.5:1 for text), which a new brand colour must not quietly break.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

HEX = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
TEXT_CONTRAST = 4.5


class BrandError(ValueError):
    """A colour in `extra.brand` is missing, malformed or too faint for text; said in Dutch."""


@dataclass(frozen=True)
class Brand:
    """The colours, each a `#rrggbb` string as mkdocs.yml gives it."""

    primary: str  # header, buttons, share images' background; white text on it
    primary_light: str  # hover of the header's links and buttons
    primary_dark: str  # active and pressed states
    accent: str  # hover and focus of links
    link: str  # links in running text, on white
    tint: str  # calm background of the call to action and the home page's blocks

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> Brand:
        """The brand from `extra.brand`, with every problem in one message."""
        settings = settings or {}
        problems: list[str] = []
        values: dict[str, str] = {}
        for field in fields(cls):
            value = settings.get(field.name)
            if not isinstance(value, str) or not HEX.fullmatch(value.strip()):
                problems.append(
                    f'extra.brand.{field.name} moet een kleur zijn als "#1f5f5b" (nu: {value!r})'
                )
                continue
            values[field.name] = value.strip().lower()
        if not problems:
            brand = cls(**values)
            problems = brand.unreadable_pairs()
        if problems:
            raise BrandError("; ".join(problems))
        return brand

    def unreadable_pairs(self) -> list[str]:
        """Text/background pairs the site uses that fall below 4.5:1."""
        pairs = [
            ("wit", WHITE, "primary", self.primary),
            ("wit", WHITE, "primary_light", self.primary_light),
            ("wit", WHITE, "primary_dark", self.primary_dark),
            ("link", self.link, "wit", WHITE),
            ("link", self.link, "tint", self.tint),
            ("accent", self.accent, "wit", WHITE),
            ("primary", self.primary, "tint", self.tint),
        ]
        problems = []
        for text_name, text, back_name, back in pairs:
            ratio = contrast(text, back)
            if ratio < TEXT_CONTRAST:
                problems.append(
                    f"tekst in {text_name} op {back_name} is slecht leesbaar "
                    f"(contrast {ratio:.2f}:1, minstens {TEXT_CONTRAST}:1 nodig) — "
                    "kies in extra.brand een donkerdere tekstkleur of lichtere achtergrond"
                )
        return problems

    def rgb(self, name: str) -> tuple[int, int, int]:
        return rgb(getattr(self, name))


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def stylesheet(brand: Brand) -> str:
    """The colours as Material's custom properties plus our own `--brand-*` ones.

    `:root > *` is where Material's palette sets its properties; site.css and the home page's
    styles use only these names, never a colour of their own.
    """
    properties = {
        "--md-primary-fg-color": brand.primary,
        "--md-primary-fg-color--light": brand.primary_light,
        "--md-primary-fg-color--dark": brand.primary_dark,
        "--md-primary-bg-color": WHITE,
        "--md-primary-bg-color--light": WHITE + "b3",
        "--md-accent-fg-color": brand.accent,
        "--md-accent-fg-color--transparent": brand.accent + "1a",
        "--md-typeset-a-color": brand.link,
        "--brand-primary": brand.primary,
        "--brand-accent": brand.accent,
        "--brand-link": brand.link,
        "--brand-tint": brand.tint,
    }
    lines = [f"  {name}: {value};" for name, value in properties.items()]
    return (
        "/* Written by the build from mkdocs.yml extra.brand (hooks/brand.py): edit the colours "
        "there. */\n:root > * {\n" + "\n".join(lines) + "\n}\n"
    )
