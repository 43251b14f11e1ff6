"""Frontmatter rules for the coach's posts and pages, runnable without MkDocs.

`python -m coachsite.frontmatter` checks the whole site; the MkDocs hook `hooks/frontmatter.py`
runs the same check before every build.
"""

from __future__ import annotations

from .check import MARKDOWN_EXTENSIONS, check_file, check_site, is_markdown_file, markdown_files
from .report import Problem, Report, Severity
from .schema import PageFrontmatter, PostFrontmatter
from .settings import SettingsError, SiteSettings, load_settings

__all__ = [
    "MARKDOWN_EXTENSIONS",
    "PageFrontmatter",
    "PostFrontmatter",
    "Problem",
    "Report",
    "SettingsError",
    "Severity",
    "SiteSettings",
    "check_file",
    "check_site",
    "is_markdown_file",
    "load_settings",
    "markdown_files",
]
