"""Patch 4: frontmatter of posts read by libyaml.

Linear: Material parses posts' frontmatter with PyYAML's pure-Python loader;
`FrontmatterLoader` uses libyaml for the same result.
"""

from __future__ import annotations

from typing import Any

from coachsite.speed.guard import Patch

# The releases whose internals this patch was proven on (see guard.py): the `SafeLoader` that
# Material's blog structure module loads frontmatter with; how `yaml.load` uses a loader class.
PROVEN_ON = {"mkdocs-material": "9.8.1", "pyyaml": "6.0.4"}

try:
    import material.plugins.blog.structure as blog_structure
    import yaml

    # What install() replaces, for uninstall() to put back.
    _material_safe_loader = blog_structure.SafeLoader
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


class FrontmatterLoader:
    """Shaped like a PyYAML loader class, for `yaml.load(text, FrontmatterLoader)`.

    Material reads each post's frontmatter with PyYAML's pure-Python `SafeLoader`; libyaml's
    `CSafeLoader` parses the same text with the same constructor and resolver (so the same
    objects come out) in a fraction of the time. Text libyaml refuses goes to `SafeLoader`, so
    that errors, and anything only the Python parser accepts, stay exactly as they were.
    """

    def __init__(self, stream: str) -> None:
        self.stream = stream

    def get_single_data(self) -> Any:
        try:
            return yaml.load(self.stream, yaml.CSafeLoader)
        except yaml.YAMLError:
            return yaml.load(self.stream, yaml.SafeLoader)

    def dispose(self) -> None:
        pass


def install() -> None:
    """Only where PyYAML was built with libyaml; elsewhere Material's loader stays."""
    if getattr(yaml, "__with_libyaml__", False):
        blog_structure.SafeLoader = FrontmatterLoader


def uninstall() -> None:
    blog_structure.SafeLoader = _material_safe_loader


PATCH = Patch(
    "4",
    "frontmatter read by libyaml",
    PROVEN_ON,
    MISSING,
    install=install,
    uninstall=uninstall,
)
