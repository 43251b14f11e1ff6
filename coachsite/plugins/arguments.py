"""Checks of macro arguments that the coach types, with Dutch messages."""

from __future__ import annotations

from coachsite.plugins.usage import MacroUsageError


def count(value: object, macro: str, name: str = "n") -> int:
    """A number of posts: a whole number of 1 or more (True is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise MacroUsageError(
            f"{macro}(): {name} moet een heel getal van 1 of meer zijn, niet {value!r}"
        )
    return value
