"""Each patch on only with the releases it was proven on; the build's statistics.

A patch replaces private internals of MkDocs, Material for MkDocs, Python-Markdown,
pymdown-extensions, PyYAML or Jinja2, which any release may change without notice. tests/speed
proves each patch leaves the built site byte for byte as it was, for the releases installed when
the tests ran; those are the patch's `PROVEN_ON`. With any other release of one of them
installed, or when the patch cannot even find what it replaces, the patch is not installed: the
build is as MkDocs and Material make it, slower but the same. Each patch that stays off says so
in one line of the build log, as a warning, or as information under `mkdocs build --strict`
(Netlify's), where a warning would abort the build over something that costs only time.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

log = logging.getLogger("mkdocs.hooks.speed")

# Excerpt renders converted and reused, and sidebars rendered and reused, since the last
# `reset_stats()`: for the build log and the tests.
stats: Counter[str] = Counter()


def reset_stats() -> None:
    stats.clear()


def installed_version(distribution: str) -> str | None:
    """The version of `distribution` this interpreter imports; None if it has none."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


@dataclass
class Patch:
    """One patch: the releases it was proven on, how to put it in and take it out.

    `install` and `uninstall` are None for a patch applied per build by the hook (1 and 5);
    the hook asks `active` before applying it.
    """

    number: str
    name: str
    proven_on: Mapping[str, str]
    # Raised looking up what the patch replaces (a release that moved or dropped it), if anything.
    missing: Exception | None = None
    install: Callable[[], None] | None = None
    uninstall: Callable[[], None] | None = None
    active: bool = False

    def unfit(self) -> str | None:
        """Why the patch may not be installed here; None when it may."""
        found = {name: installed_version(name) for name in self.proven_on}
        other = [name for name, proven in self.proven_on.items() if found[name] != proven]
        if other:
            proven = " and ".join(f"{name} {self.proven_on[name]}" for name in other)
            has = " and ".join(
                f"{name} {found[name]}" if found[name] else f"no {name}" for name in other
            )
            return f"proven on {proven}, this build has {has}"
        if self.missing is not None:
            return f"what it replaces cannot be found ({self.missing})"
        return None

    def switch_on(self) -> None:
        if self.install is not None:
            self.install()
        self.active = True

    def switch_off(self) -> None:
        if self.active and self.uninstall is not None:
            self.uninstall()
        self.active = False


# The lines already logged in this process: `mkdocs serve` calls on_config on every rebuild,
# and says each once.
_said: set[tuple[str, str]] = set()


def switch_on_fitting(patches: tuple[Patch, ...], *, strict: bool) -> list[Patch]:
    """Install each patch that fits the installed releases; log one line for each other.

    Returns the patches left off. Under `--strict` the line is logged as information: a
    warning would abort the build, and a patch left off makes it only slower. A process that
    builds again (`mkdocs serve`) logs each line once.
    """
    level = logging.INFO if strict else logging.WARNING
    off = []
    for patch in patches:
        reason = patch.unfit()
        if reason is None:
            patch.switch_on()
            continue
        patch.switch_off()
        off.append(patch)
        if (patch.number, reason) in _said:
            continue
        _said.add((patch.number, reason))
        log.log(
            level,
            "Speed patch %s (%s) is off: %s; the build is slower, the site the same",
            patch.number,
            patch.name,
            reason,
        )
    return off
